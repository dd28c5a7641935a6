"""The import rules of DESIGN section 3, checked on the source's syntax trees."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "simulator"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules_importing(top: str) -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if any(name == top or name.startswith(top + ".") for name in imported_modules(path)):
            found.add(path.relative_to(ROOT).as_posix())
    return found


def test_package_has_modules():
    assert len(list(PACKAGE.rglob("*.py"))) > 10


def test_nothing_in_simulator_imports_streamlit():
    assert modules_importing("streamlit") == set()


def test_only_the_engine_imports_simpy():
    assert all(p.startswith("simulator/engine/") for p in modules_importing("simpy"))


def test_only_the_loader_imports_yaml():
    assert modules_importing("yaml") <= {"simulator/scenario/loader.py"}


def test_only_narrative_imports_faker():
    assert modules_importing("faker") <= {"simulator/narrative.py"}


@pytest.mark.parametrize("name", ["scoring", "report"])
def test_scoring_and_report_never_import_the_engine(name):
    paths = [PACKAGE / f"{name}.py", *sorted((PACKAGE / name).rglob("*.py"))]
    for path in (p for p in paths if p.exists()):
        engine_imports = {m for m in imported_modules(path) if m.startswith("simulator.engine")}
        assert engine_imports == set(), f"{path} imports {engine_imports}"
