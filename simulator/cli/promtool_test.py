"""`gameday promtool-test SCENARIO [--seed N] [--actions FILE] [--rules PATH] [--out FILE]`: a
`promtool test rules` file from a simulated run: its metric series as input, our evaluator's alert
states at every evaluation as expectations (docs/reference/prometheus.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.cli.output import write_text
from simulator.engine import run_script
from simulator.prometheus.promtool import unit_test_file
from simulator.scenario import load_actions_file, load_scenario
from simulator.scenario.loader import dump_yaml


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "promtool-test",
        help="write a `promtool test rules` file from a simulated run",
        description="Run the scenario headless and write a `promtool test rules` unit-test file: "
        "the run's metric series as input_series, our evaluator's alerts at every evaluation as "
        "alert_rule_test expectations. Pair it with the file `gameday export-rules` writes.",
    )
    parser.add_argument("scenario", help="scenario YAML file")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--actions", help="YAML list of stamped actions to apply")
    parser.add_argument(
        "--rules",
        metavar="PATH",
        help="the rule file, as the test names it (relative to the test file; "
        "default SCENARIO_ID.rules.yml)",
    )
    parser.add_argument("--out", metavar="FILE", help="write here instead of stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from simulator.cli import EXIT_OK, UsageError

    for path in (args.scenario, args.actions):
        if path is not None and not Path(path).exists():
            raise UsageError(f"no such file or directory: {path}")
    loaded = load_scenario(args.scenario)
    scenario = loaded.scenario
    actions = load_actions_file(args.actions, scenario) if args.actions else []
    journal = run_script(loaded, args.seed, actions)
    rules = args.rules or f"{scenario.id}.rules.yml"
    write_text(dump_yaml(unit_test_file(scenario, journal, rules)), args.out, "the test file")
    return EXIT_OK
