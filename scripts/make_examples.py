"""Regenerate the example after-action reports in docs/examples/.

For each shipped scenario (scenarios/*.yaml) this plays the scenario's ideal scripted response
(`expect.ideal_response.actions`) with seed 1 and writes

    docs/examples/<scenario-id>-report.md      Markdown, charts in <scenario-id>-charts/*.svg
    docs/examples/<scenario-id>-report.html    one self-contained file, charts inline

Run it after changing a scenario, the engine, scoring or the report:

    .venv/bin/python scripts/make_examples.py [--seed N] [--out DIR] [SCENARIO...]

This script runs the engine; the report itself reads only the resulting journal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.engine import run_script  # noqa: E402
from simulator.report import build_report, write_report  # noqa: E402
from simulator.scenario import discover_scenarios, load_scenario  # noqa: E402


def make_example(path: Path, seed: int, out: Path) -> list[Path]:
    loaded = load_scenario(path)
    scenario = loaded.scenario
    if scenario.expect is None:
        print(f"{path}: no expect.ideal_response; skipped", file=sys.stderr)
        return []
    journal = run_script(loaded, seed, list(scenario.expect.ideal_response.actions))
    report = build_report(journal)
    markdown = out / f"{scenario.id}-report.md"
    page = out / f"{scenario.id}-report.html"
    write_report(report, "md", markdown, charts_dir=f"{scenario.id}-charts")
    write_report(report, "html", page)
    return [markdown, page]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", default=[str(ROOT / "scenarios")])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=str(ROOT / "docs" / "examples"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for path in discover_scenarios(args.scenarios):
        for written in make_example(path, args.seed, out):
            print(written.relative_to(ROOT) if written.is_relative_to(ROOT) else written)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
