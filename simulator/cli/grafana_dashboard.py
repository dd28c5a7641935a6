"""`gameday grafana-dashboard SCENARIO [--out FILE]`: a Grafana dashboard (JSON, importable as it
is) with the scenario's panels over the `/metrics` series and annotations for the game's alerts
and the players' actions (docs/how-to/play-on-your-tools.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from simulator.cli.output import write_text
from simulator.prometheus.grafana import dashboard
from simulator.scenario import load_scenario


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "grafana-dashboard",
        help="write a Grafana dashboard (JSON) for a scenario's /metrics series",
        description="Write a Grafana dashboard (JSON) with the scenario's panels over the series "
        "`gameday serve --metrics-port` exposes, and annotations for alerts and player actions.",
    )
    parser.add_argument("scenario", help="scenario YAML file")
    parser.add_argument("--out", metavar="FILE", help="write here instead of stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from simulator.cli import EXIT_OK, UsageError

    if not Path(args.scenario).exists():
        raise UsageError(f"no such file or directory: {args.scenario}")
    scenario = load_scenario(args.scenario).scenario
    text = json.dumps(dashboard(scenario), indent=2, ensure_ascii=False) + "\n"
    write_text(text, args.out, "the dashboard")
    return EXIT_OK
