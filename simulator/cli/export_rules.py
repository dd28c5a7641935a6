"""`gameday export-rules SCENARIO [--out FILE]`: the scenario's alert rules as a Prometheus rule
file over the `/metrics` series (docs/reference/prometheus.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.cli.output import write_text
from simulator.prometheus.rules import rule_file
from simulator.scenario import load_scenario
from simulator.scenario.loader import dump_yaml


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export-rules",
        help="write a scenario's alert rules as a Prometheus rule file",
        description="Write the scenario's alert rules as a Prometheus rule file (YAML) over the "
        'series `gameday serve --metrics-port` exposes. Every rule is labelled drill="true".',
    )
    parser.add_argument("scenario", help="scenario YAML file")
    parser.add_argument("--out", metavar="FILE", help="write here instead of stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from simulator.cli import EXIT_OK, UsageError

    if not Path(args.scenario).exists():
        raise UsageError(f"no such file or directory: {args.scenario}")
    scenario = load_scenario(args.scenario).scenario
    write_text(dump_yaml(rule_file(scenario)), args.out, "the rule file")
    return EXIT_OK
