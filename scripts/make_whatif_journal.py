"""Write the journal of a 45-minute exercise with 40 player actions, for timing `gameday whatif`.

The team of `pool-exhaustion` (seed 1) acknowledges and declares late, investigates with every
command, posts updates and notes, takes two stop-gaps more than once, makes one harmful change,
then rolls back: 40 accepted actions, so the what-if has every kind of key action to move.

    .venv/bin/python scripts/make_whatif_journal.py OUT.jsonl
    time .venv/bin/gameday whatif OUT.jsonl --jobs 1 --no-cache
    time .venv/bin/gameday whatif OUT.jsonl --jobs 2 --no-cache

docs/reference/what-if.md has the numbers measured this way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.engine import run_script  # noqa: E402
from simulator.scenario import load_scenario  # noqa: E402
from simulator.scenario.schema import ScriptedAction  # noqa: E402

SCENARIO = ROOT / "scenarios" / "pool-exhaustion.yaml"
COMMANDS = ("pods", "logs", "db-activity", "deploys", "config-changes", "dashboard")
COMMANDS2 = ("dependencies", "top-clients", "flags")


def team() -> list[tuple[float, str, str, dict[str, Any]]]:
    """(minute, role, action, params): 40 actions of a team that gets there slowly."""
    update = {
        "status": "investigating",
        "impact": "Checkout payments fail for most customers",
        "actions": "Investigating the database",
        "next_update": "10m",
    }
    plan: list[tuple[float, str, str, dict[str, Any]]] = [
        (16.0, "ic", "acknowledge", {}),
        (17.0, "ic", "declare", {"severity": "SEV1", "title": "Checkout failing"}),
        (17.2, "ic", "assign_role", {"role": "comms_lead", "name": "Priya"}),
        (17.3, "ic", "assign_role", {"role": "scribe", "name": "Tom"}),
        (17.4, "ic", "assign_role", {"role": "tech_lead", "name": "Sam"}),
    ]
    plan += [
        (17.5 + 0.5 * i, "tech_lead", "investigate", {"command": c}) for i, c in enumerate(COMMANDS)
    ]
    plan += [
        (18.0 + 1.5 * i, "scribe", "timeline_note", {"text": f"note {i}", "tag": "note"})
        for i in range(10)
    ]
    plan += [
        (19.0, "comms_lead", "status_update", update),
        (19.5, "comms_lead", "status_page", {"state": "investigating", "message": "Investigating"}),
        (20.5, "tech_lead", "scale", {"replicas": 16}),  # harmful: more pods, more leaked slots
        (21.0, "tech_lead", "restart_pods", {}),
        (22.0, "tech_lead", "terminate_idle_connections", {}),
        (24.0, "ic", "escalate", {"team": "database"}),
        (25.0, "tech_lead", "terminate_idle_connections", {}),
        (26.0, "tech_lead", "restart_pods", {}),
        (27.0, "ic", "rollback", {"target": "deploy"}),
        (28.0, "comms_lead", "status_update", {**update, "status": "identified"}),
        (29.0, "comms_lead", "status_update", {**update, "status": "monitoring"}),
        (30.0, "ic", "mark_mitigated", {}),
        (31.0, "comms_lead", "status_page", {"state": "monitoring", "message": "Recovering"}),
    ]
    plan += [
        (32.0 + 0.5 * i, "tech_lead", "investigate", {"command": c})
        for i, c in enumerate(COMMANDS2)
    ]
    plan += [
        (37.0, "comms_lead", "status_page", {"state": "resolved", "message": "Working again"}),
        (39.0, "ic", "resolve", {}),
        (40.0, "scribe", "timeline_note", {"text": "resolved", "tag": "action_item"}),
    ]
    return plan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    loaded = load_scenario(SCENARIO)
    actions = [
        ScriptedAction(at=f"{round(minute * 60)}s", role=role, action=action, params=params)
        for minute, role, action, params in team()
    ]
    journal = run_script(loaded, args.seed, actions)
    accepted = sum(
        1 for e in journal.entries if e["kind"] == "action" and e["outcome"] == "accepted"
    )
    journal.write(args.out)
    print(f"{args.out}: {len(actions)} actions, {accepted} accepted", file=sys.stderr)
    return 0 if accepted == len(actions) else 1


if __name__ == "__main__":
    raise SystemExit(main())
