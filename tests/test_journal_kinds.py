"""The catalogue of journal entry kinds is the one vocabulary: every kind the code writes or
reads is in it, the docs describe each one, and the player whitelist derives from it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.engine import run_script
from simulator.journal_kinds import ENTRY_KINDS, GROUND_TRUTH_KINDS, PLAYER_KINDS, entry_problem
from tests.conftest import ROOT, SHIPPED

DOC = ROOT / "docs" / "reference" / "journal-format.md"


def _is_kind_read(node: ast.AST) -> bool:
    """`e["kind"]` or `e.get("kind")`."""
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and node.slice.value == "kind"
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value == "kind"
    )


def _strings(nodes: list[ast.expr]) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            yield from _strings(list(node.elts))


def kinds_named_in(path: Path) -> Iterator[tuple[int, str]]:
    """Kinds the code writes (`record("k")`, `journal.append(t, "k")`) or reads
    (`of_kind("k")`, `e["kind"] == "k"`, `e["kind"] in ("k", ...)`)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name, args = node.func.attr, node.args
            if name == "record" and args:
                yield from ((node.lineno, k) for k in _strings(args[:1]))
            elif name == "append" and len(args) >= 2 and isinstance(args[0], ast.Name):
                yield from ((node.lineno, k) for k in _strings(args[1:2]))
            elif name == "of_kind":
                yield from ((node.lineno, k) for k in _strings(list(args)))
        elif isinstance(node, ast.Compare) and _is_kind_read(node.left):
            yield from ((node.lineno, k) for k in _strings(list(node.comparators)))


def test_every_kind_the_code_names_is_in_the_catalogue() -> None:
    unknown = [
        f"{path.relative_to(ROOT)}:{line}: {kind}"
        for path in sorted((ROOT / "simulator").rglob("*.py"))
        for line, kind in kinds_named_in(path)
        if kind not in ENTRY_KINDS
    ]
    assert unknown == []


def test_the_scan_finds_kinds(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        'engine.record("fault.begin")\njournal.append(t, "alert.fired")\n'
        'x = [e for e in j.of_kind("metrics", "hint")]\nif e["kind"] in ("page.new",): pass\n'
        'if e.get("kind") == "end": pass\nitems.append("not a kind")\n'
    )
    assert sorted(k for _, k in kinds_named_in(probe)) == sorted(
        [
            "fault.begin",
            "alert.fired",
            "metrics",
            "hint",
            "page.new",
            "end",
        ]
    )


def test_every_kind_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert [k for k in ENTRY_KINDS if f"`{k}`" not in text and f'"{k}"' not in text] == []


def test_audiences_are_disjoint_and_hide_ground_truth() -> None:
    assert not PLAYER_KINDS & GROUND_TRUTH_KINDS
    assert {"header", "end"}.isdisjoint(PLAYER_KINDS | GROUND_TRUTH_KINDS)
    assert {"fault.start", "fault.end", "impact.start", "action.harmful"} <= GROUND_TRUTH_KINDS


@pytest.mark.slow
@pytest.mark.parametrize("name", SHIPPED)
def test_engine_writes_only_catalogued_kinds_with_their_fields(shipped, name) -> None:
    loaded = shipped[name]
    assert loaded.scenario.expect is not None
    journal = run_script(loaded, 1, loaded.scenario.expect.ideal_response.actions)
    assert {e["kind"] for e in journal.entries} <= set(ENTRY_KINDS)
    assert [entry_problem(e) for e in journal.entries if entry_problem(e)] == []


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"t": "0", "kind": "metrics", "values": {}}, "expected a number in field 't'"),
        ({"t": 1.0, "kind": None}, "expected text in field 'kind'"),
        ({"t": 1.0, "kind": "fault.end", "fault": "f"}, "fault.end entry without 'by'"),
        ({"t": 1.0, "kind": "metrics", "values": 3}, "metrics 'values' must be a mapping"),
        ({"t": 1.0, "kind": "a.kind.from.the.future"}, None),
    ],
)
def test_entry_problems(entry: dict[str, object], problem: str | None) -> None:
    assert entry_problem(entry) == problem
