"""Regenerate the parts of the docs that are read from the registries, and the JSON Schema.

Generated sections sit between markers in Markdown files under docs/:

    <!-- generated: NAME [ARGUMENT] -->
    ...written by this script...
    <!-- end generated -->

Everything outside the markers is hand-written and left alone. The sections:

    faults-index              every fault type: summary, resources, how it ends
    fault TYPE                one fault type's parameters, resources, ending and effects
    effects-matrix            fault types x system actions (fixes / buys time / hurts)
    effects-by-fault          the matrix's reasons, one table per fault type
    action-roles              who may take each action
    system-actions            every system action: parameters, delay, risk, resources
    action-effects            per system action, the fault types it fixes, helps or hurts
    metrics                   every metric of simulator/metrics.py

Sources: `simulator.faults.FAULT_TYPES` (each mechanism's `summary` and `effects`, its parameters
model's fields, `resources`, `references`, `self_limiting`), `simulator.actions.ACTIONS`,
`simulator.metrics.METRIC_INFO`. A parameter's meaning is its `Field(description=...)`, else
the comment on its line (or the comment lines right above it) in the fault module.

The sections are written by `doc_faults.py` (fault types, the effects matrix) and
`doc_actions.py` (actions, metrics), from Markdown pieces in `doc_markdown.py`; this script
finds the markers and writes the files.

    .venv/bin/python scripts/gen_docs.py           rewrite the sections and the schema
    .venv/bin/python scripts/gen_docs.py --check   exit 1 and name what is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the doc_*.py modules beside this one
# The scenario package first: it imports the fault registry itself.
from simulator.scenario.jsonschema import SCHEMA_PATH, render_schema  # noqa: E402

DOCS = ROOT / "docs"

from doc_actions import action_effects, action_roles, metrics_table, system_actions  # noqa: E402
from doc_faults import (  # noqa: E402
    effects_by_fault,
    effects_matrix,
    fault_section,
    faults_index,
)

from simulator.faults import FAULT_TYPES  # noqa: E402

REGENERATE = ".venv/bin/python scripts/gen_docs.py"
MARKER = re.compile(
    r"(?P<open><!-- generated: (?P<name>[a-z-]+)(?: (?P<arg>[a-z0-9_]+))? -->\n)"
    r"(?P<body>.*?)"
    r"(?P<close><!-- end generated -->)",
    re.DOTALL,
)

SECTIONS: dict[str, Callable[..., str]] = {
    "faults-index": faults_index,
    "fault": fault_section,
    "effects-matrix": effects_matrix,
    "effects-by-fault": effects_by_fault,
    "action-roles": action_roles,
    "system-actions": system_actions,
    "action-effects": action_effects,
    "metrics": metrics_table,
}


class DocsError(Exception):
    """A marker names an unknown section or argument."""


def render_section(name: str, arg: str | None) -> str:
    if name not in SECTIONS:
        raise DocsError(f"unknown generated section {name!r} (known: {', '.join(SECTIONS)})")
    if name == "fault":
        if arg not in FAULT_TYPES:
            raise DocsError(f"unknown fault type {arg!r} in a `fault` section")
        return fault_section(arg)
    return SECTIONS[name]()


def regenerate(text: str) -> str:
    """The text with every generated section rewritten."""

    def replace(match: re.Match[str]) -> str:
        body = render_section(match["name"], match["arg"])
        return f"{match['open']}{body}\n{match['close']}"

    return MARKER.sub(replace, text)


def generated_files() -> list[Path]:
    """Markdown files under docs/ that hold generated sections."""
    return sorted(p for p in DOCS.rglob("*.md") if MARKER.search(p.read_text(encoding="utf-8")))


def outputs() -> dict[Path, str]:
    """Every generated file and what it should contain."""
    wanted = {path: regenerate(path.read_text(encoding="utf-8")) for path in generated_files()}
    wanted[SCHEMA_PATH] = render_schema()
    return wanted


def stale() -> list[Path]:
    """Generated files whose content differs from what the registries give."""
    return [
        path
        for path, text in outputs().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if anything is out of date")
    args = parser.parse_args(argv)
    try:
        wanted = outputs()
    except DocsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    changed = [
        path
        for path, text in wanted.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    for path in changed:
        shown = path.relative_to(ROOT)
        if args.check:
            print(f"{shown} is out of date; run: {REGENERATE}")
        else:
            path.write_text(wanted[path], encoding="utf-8")
            print(f"wrote {shown}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
