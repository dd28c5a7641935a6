"""The import rules of DESIGN section 3, checked on the source's syntax trees.

`tests/architecture.py` resolves relative imports and follows imports transitively; each rule is a
function of an `ImportGraph`, so the probe tests can show that a rule catches what it must on a
small tree written for the purpose.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from simulator import PUBLIC_API
from simulator.engine import Engine
from tests.architecture import ImportGraph
from tests.conftest import ROOT

PAGES = ("app_pages",)


@pytest.fixture(scope="module")
def graph() -> ImportGraph:
    return ImportGraph(ROOT, ["simulator", *PAGES, "app.py"])


def importers_of(graph: ImportGraph, top: str, within: str = "simulator") -> set[str]:
    """Modules under `within` that import `top` or one of its submodules directly."""
    return {
        module
        for module in graph.modules_under(within)
        if any(i.module == top or i.module.startswith(top + ".") for i in graph.direct[module])
    }


def engine_reached_by(graph: ImportGraph, package: str) -> list[str]:
    """`module -> ... -> simulator.engine.x` for each module of `package` that reaches the engine,
    directly or through other modules."""
    problems = []
    for module in graph.modules_under(package):
        chains = graph.reached_from(module)
        engine = sorted(
            m for m in chains if m == "simulator.engine" or m.startswith("simulator.engine.")
        )
        if engine:
            problems.append(" -> ".join(chains[engine[0]]))
    return problems


def is_public(module: str) -> bool:
    return module == "simulator" or any(
        module == entry
        or (entry.endswith(".*") and module.startswith(entry[:-1]))
        or (entry.endswith(".*") and module == entry[:-2])
        for entry in PUBLIC_API
    )


def private_imports_of_pages(graph: ImportGraph) -> list[str]:
    """`page:line imports module` for every import of a non-public `simulator` module by a page."""
    return [
        f"{graph.files[page].relative_to(graph.root)}:{i.line} imports {i.module}"
        for page in [m for top in (*PAGES, "app") for m in graph.modules_under(top)]
        for i in graph.direct[page]
        if (i.module == "simulator" or i.module.startswith("simulator."))
        and not is_public(i.module)
    ]


# ---------------------------------------------------------------- the rules on the real tree


def test_package_has_modules(graph: ImportGraph) -> None:
    assert len(graph.modules_under("simulator")) > 10


def test_nothing_in_simulator_imports_streamlit(graph: ImportGraph) -> None:
    assert importers_of(graph, "streamlit") == set()


def test_only_the_engine_imports_simpy(graph: ImportGraph) -> None:
    assert all(m.startswith("simulator.engine") for m in importers_of(graph, "simpy"))


def test_only_the_loader_imports_yaml(graph: ImportGraph) -> None:
    assert importers_of(graph, "yaml") <= {"simulator.scenario.loader"}


def test_only_narrative_imports_faker(graph: ImportGraph) -> None:
    assert importers_of(graph, "faker") <= {"simulator.narrative"}


@pytest.mark.parametrize("package", ["simulator.scoring", "simulator.report"])
def test_scoring_and_report_never_reach_the_engine(graph: ImportGraph, package: str) -> None:
    assert engine_reached_by(graph, package) == []


def test_pages_use_only_the_public_api(graph: ImportGraph) -> None:
    assert private_imports_of_pages(graph) == []


def test_public_api_names_existing_modules(graph: ImportGraph) -> None:
    for entry in PUBLIC_API:
        assert entry.removesuffix(".*") in graph.files, entry


# ------------------------------------------------------------ probes: each rule catches a breach


def write(root: Path, files: dict[str, str]) -> ImportGraph:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return ImportGraph(root, ["simulator", "app_pages"])


PROBE_BASE = {
    "simulator/__init__.py": "",
    "simulator/engine/__init__.py": "",
    "simulator/engine/core.py": "import simpy\n",
    "simulator/scoring/__init__.py": "",
    "simulator/helpers.py": "",
    "app_pages/__init__.py": "",
}


def test_probe_relative_import_of_the_engine_from_scoring_fails(tmp_path: Path) -> None:
    graph = write(
        tmp_path, {**PROBE_BASE, "simulator/scoring/probe.py": "from ..engine import core\n"}
    )
    assert engine_reached_by(graph, "simulator.scoring") == [
        "simulator.scoring.probe -> simulator.engine"
    ]


def test_probe_indirect_import_of_the_engine_from_scoring_fails(tmp_path: Path) -> None:
    files = {
        **PROBE_BASE,
        "simulator/helpers.py": "from simulator.engine.core import run\n",
        "simulator/scoring/probe.py": "from .. import helpers\n",
    }
    assert engine_reached_by(write(tmp_path, files), "simulator.scoring") == [
        "simulator.scoring.probe -> simulator.helpers -> simulator.engine"
    ]


def test_probe_type_checking_imports_do_not_count(tmp_path: Path) -> None:
    text = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..engine import core\n"
    graph = write(tmp_path, {**PROBE_BASE, "simulator/scoring/probe.py": text})
    assert engine_reached_by(graph, "simulator.scoring") == []


def test_probe_function_level_import_counts(tmp_path: Path) -> None:
    text = "def late():\n    from simulator.engine import core\n"
    graph = write(tmp_path, {**PROBE_BASE, "simulator/scoring/probe.py": text})
    assert engine_reached_by(graph, "simulator.scoring") == [
        "simulator.scoring.probe -> simulator.engine"
    ]


def test_probe_page_importing_an_internal_module_fails(tmp_path: Path) -> None:
    files = {
        **PROBE_BASE,
        "simulator/report/__init__.py": "",
        "simulator/report/document.py": "",
        "app_pages/scores.py": "from simulator.report.document import format_value\n"
        "from simulator.report import build_report\nfrom simulator.ui.clock import format_clock\n",
    }
    graph = write(tmp_path, files)
    assert private_imports_of_pages(graph) == [
        "app_pages/scores.py:1 imports simulator.report.document"
    ]


# ---------------------------------------------------------------- the session layer and the engine


def engine_uses(path: Path) -> list[tuple[int, str]]:
    """`(line, name)` for every `engine.name` / `x.engine.name` in a file."""
    uses = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        if (isinstance(owner, ast.Name) and owner.id == "engine") or (
            isinstance(owner, ast.Attribute) and owner.attr == "engine"
        ):
            uses.append((node.lineno, node.attr))
    return uses


def test_the_session_layer_asks_the_engine_through_its_session_api() -> None:
    # store.py's `engine` is SQLAlchemy's; everything else named engine is the simulation's.
    paths = [
        p for p in sorted((ROOT / "simulator" / "session").rglob("*.py")) if p.name != "store.py"
    ]
    outside = [
        f"{path.relative_to(ROOT)}:{line}: engine.{name}"
        for path in paths
        for line, name in engine_uses(path)
        if name not in Engine.SESSION_API
    ]
    assert outside == []


def test_probe_reaching_into_the_engine_fails(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("pages = run.engine.pager.open_pages()\nnow = run.engine.now\n")
    assert [name for _, name in engine_uses(probe) if name not in Engine.SESSION_API] == ["pager"]
