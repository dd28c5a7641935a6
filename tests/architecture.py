"""The import graph of the project, read from syntax trees, for the architecture tests.

Imports are resolved as Python resolves them: relative imports against the importing module's
package, `from package import name` to the submodule when `name` is one, and every import also runs
the `__init__` of each enclosing package. Imports under `if TYPE_CHECKING:` are left out: they never
run. The graph covers a source tree given by its root, so the tests can build small probe trees.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Import:
    """One import statement's target: a dotted module name and the line it is on."""

    module: str
    line: int


def module_name(root: Path, path: Path) -> str:
    """`simulator/scoring/items.py` -> `simulator.scoring.items`; a package's `__init__.py` is the
    package itself."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: all but those under `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking_only(node):
            yield from (n for child in node.orelse for n in _import_nodes_in(child))
            continue
        yield from _import_nodes_in(node)


def _import_nodes_in(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
    else:
        yield from _import_nodes(node)


def _base_of(node: ast.ImportFrom, importer: str, importer_is_package: bool) -> str:
    """The absolute module a `from X import ...` names, resolving leading dots."""
    if node.level == 0:
        return node.module or ""
    package = importer.split(".") if importer_is_package else importer.split(".")[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, node.module] if node.module else package)


def exported_names(path: Path) -> set[str]:
    """The names in a module's literal `__all__` (empty when it has none)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            value = node.value  # type: ignore[union-attr]
            if isinstance(value, (ast.List, ast.Tuple)):
                return {e.value for e in value.elts if isinstance(e, ast.Constant)}
    return set()


def imports_of(
    path: Path, importer: str, known: set[str], exports: dict[str, set[str]] | None = None
) -> list[Import]:
    """The modules a file imports, absolute, with submodules named by `from package import x`
    (unless the package exports a name `x` of its own in `__all__`: then `x` is that name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[Import] = []
    for node in _import_nodes(tree):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno) for alias in node.names]
            continue
        base = _base_of(node, importer, is_package(path))
        found.append(Import(base, node.lineno))
        exported = (exports or {}).get(base, set())
        found += [
            Import(f"{base}.{alias.name}", node.lineno)
            for alias in node.names
            if f"{base}.{alias.name}" in known and alias.name not in exported
        ]
    return found


def _python_files(path: Path) -> list[Path]:
    """A package directory's `.py` files, or the one file named."""
    return sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []


def with_parents(module: str) -> list[str]:
    """Importing `a.b.c` runs `a`, `a.b` and `a.b.c`."""
    parts = module.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


class ImportGraph:
    """Modules under a root and what each one imports, directly and transitively."""

    def __init__(self, root: Path, packages: Iterable[str]) -> None:
        self.root = root
        self.files = {
            module_name(root, path): path
            for package in packages
            for path in _python_files(root / package)
        }
        known = set(self.files)
        exports = {name: exported_names(path) for name, path in self.files.items()}
        self.direct = {
            name: imports_of(path, name, known, exports) for name, path in self.files.items()
        }

    def modules_under(self, package: str) -> list[str]:
        return [m for m in self.files if m == package or m.startswith(package + ".")]

    def reached_from(self, module: str) -> dict[str, list[str]]:
        """Every module `module` runs when imported, each with one import chain that reaches it."""
        chains: dict[str, list[str]] = {step: [step] for step in with_parents(module)}
        todo = list(chains)
        while todo:
            current = todo.pop()
            for target in self.direct.get(current, []):
                for step in with_parents(target.module):
                    if step not in chains:
                        chains[step] = [*chains[current], step]
                        todo.append(step)
        return chains
