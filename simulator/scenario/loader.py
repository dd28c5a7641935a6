"""Load scenario and actions files: YAML text -> plain data with locations -> typed models.

This is the only module that imports yaml (it also writes YAML for the exporters: `dump_yaml`).
Loading goes in stages, and hostile input is refused
before the expensive ones:

1. bytes and text (`text_input.py`): size cap (before reading everything), NUL bytes, UTF-8,
   control characters;
2. an event scan (`yaml.parse`, iterative): syntax errors, one document only, nesting depth,
   node count. It runs before composing because the composer is recursive;
3. compose to a node graph; measure its expanded size (each node once) to refuse alias bombs and
   recursive aliases; then build plain data ourselves, recording a `NodeLocation` per path and
   reporting duplicate keys and unsupported tags;
4. pydantic validation (`validation.py` turns its errors into located problems);
5. semantic checks (`checks.py`), which need a validated model.

Problems from stages 1-3 that make the data unusable stop there; all others are collected, and the
error carries every one of them in file order.

libyaml (`CSafeLoader`) is used when available because it is about 20x faster. Its syntax-error
wording differs from the pure-Python parser's, so for files small enough to re-parse quickly the
pure-Python parser words the error, keeping messages the same on every machine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Protocol, TypeVar

import yaml
from pydantic import ValidationError
from yaml.constructor import SafeConstructor
from yaml.error import MarkedYAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from simulator.errors import ActionsFileError, Problem, ScenarioError
from simulator.scenario.checks import check_scenario, check_scripted_actions
from simulator.scenario.locations import Locations, Mark, NodeLocation, Path, format_path
from simulator.scenario.schema import Scenario, ScriptedAction
from simulator.scenario.text_input import Refused, check_text, located_problem, read_text
from simulator.scenario.validation import validation_problems

MAX_DEPTH = 64
MAX_NODES = 20_000  # expanded nodes; a large scenario has about 2,000
EXACT_MESSAGES_BELOW = 64 * 1024

_PURE_LOADER = yaml.SafeLoader
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_TAG = "tag:yaml.org,2002:"
_MAP_TAG = _YAML_TAG + "map"
_SEQ_TAG = _YAML_TAG + "seq"
_MERGE_TAG = _YAML_TAG + "merge"
_SCALAR_TAGS = frozenset(_YAML_TAG + name for name in ("null", "bool", "int", "float", "str"))
_TIMESTAMP_TAG = _YAML_TAG + "timestamp"
_STR_TAG = _YAML_TAG + "str"
_RECURSIVE = "recursive alias (a value contains itself)"

ErrorClass = type[ScenarioError] | type[ActionsFileError]
Pairs = list[tuple[Node, Node]]
T = TypeVar("T")


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with the exact text it came from (journals embed both)."""

    scenario: Scenario
    text: str
    sha256: str
    filename: str


@dataclass(frozen=True)
class _Document:
    data: object
    locations: Locations
    problems: list[Problem]


# ---------------------------------------------------------------- public API


def load_scenario(path: str | FilePath) -> LoadedScenario:
    """Read, parse, validate and check a scenario file; raise ScenarioError with every problem."""
    filename = str(path)
    return load_scenario_text(_read(FilePath(path), filename, ScenarioError), filename)


def load_scenario_text(text: str, filename: str) -> LoadedScenario:
    """Like `load_scenario`, for text already in memory; `filename` is used in messages."""
    document = _load_document(text, filename, ScenarioError, "a mapping of scenario keys")
    if not isinstance(document.data, dict):
        message = "the top level must be a mapping of scenario keys"
        raise ScenarioError([_top_levellocated_problem(document, filename, message)])
    problems = list(document.problems)
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(document.data)
    except ValidationError as exc:
        problems += validation_problems(exc, Scenario, document.locations, filename)
    if scenario is not None:
        problems += check_scenario(scenario, document.locations, filename)
    if problems or scenario is None:
        raise ScenarioError(_in_file_order(problems))
    return LoadedScenario(scenario, text, scenario_digest(text), filename)


def scenario_digest(text: str) -> str:
    """The SHA-256 of a scenario text, hex: what journals and sessions record."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def load_actions_file(path: str | FilePath, scenario: Scenario) -> list[ScriptedAction]:
    """Read a YAML list of stamped actions (`{at: 12m, role: ic, action: rollback, params: {...}}`)
    and check it against `scenario`; raise ActionsFileError with every problem."""
    filename = str(path)
    text = _read(FilePath(path), filename, ActionsFileError)
    return load_actions_text(text, filename, scenario)


def load_actions_text(text: str, filename: str, scenario: Scenario) -> list[ScriptedAction]:
    """Like `load_actions_file`, for text already in memory."""
    document = _load_document(text, filename, ActionsFileError, "a list of actions")
    if not isinstance(document.data, list):
        message = (
            "the top level must be a list of actions such as "
            "'- {at: 12m, role: ic, action: rollback, params: {target: deploy}}'"
        )
        raise ActionsFileError([_top_levellocated_problem(document, filename, message)])
    problems = list(document.problems)
    valid: list[tuple[int, ScriptedAction]] = []
    for index, item in enumerate(document.data):
        try:
            valid.append((index, ScriptedAction.model_validate(item)))
        except ValidationError as exc:
            problems += validation_problems(
                exc, ScriptedAction, document.locations, filename, prefix=(index,)
            )
    problems += check_scripted_actions(valid, (), scenario, document.locations, filename)
    if problems:
        raise ActionsFileError(_in_file_order(problems))
    return [action for _, action in valid]


# ---------------------------------------------------------------- stages 1 to 3: text, YAML


def dump_yaml(data: object) -> str:
    """Plain data as block-style YAML in insertion order (rule files, promtool tests)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: about 10x faster
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000)


def _read(path: FilePath, filename: str, error: ErrorClass) -> str:
    try:
        return read_text(path, filename)
    except Refused as refused:
        raise error([refused.problem]) from None


def _load_document(text: str, filename: str, error: ErrorClass, expected: str) -> _Document:
    try:
        check_text(text, filename)
        _with_exact_errors(text, lambda loader: _scan_events(text, filename, loader), filename)
        root = _with_exact_errors(text, lambda loader: yaml.compose(text, Loader=loader), filename)
        if root is None or (
            isinstance(root, ScalarNode) and root.tag == _YAML_TAG + "null" and not root.value
        ):
            raise Refused(
                located_problem(filename, Mark(1, 1), f"empty document; expected {expected}")
            )
        _Measure(filename).measure(root, 0)
        builder = _Builder(filename)
        data = builder.build(root, (), None, 0)
    except Refused as refused:
        raise error([refused.problem]) from None
    return _Document(data, Locations(builder.entries, text), builder.problems)


def _top_levellocated_problem(document: _Document, filename: str, message: str) -> Problem:
    mark = document.locations.value(())
    return Problem(filename, mark.line, mark.column, "", message, document.data, has_got=True)


def _with_exact_errors(text: str, step: Callable[[type], T], filename: str) -> T:
    """Run `step(loader)` with the fast loader; word any YAML error like the pure-Python parser
    does when the text is small enough to re-parse quickly."""
    try:
        return step(_FAST_LOADER)
    except MarkedYAMLError as fast_error:
        if _FAST_LOADER is not _PURE_LOADER and len(text) <= EXACT_MESSAGES_BELOW:
            try:
                step(_PURE_LOADER)
            except MarkedYAMLError as exact_error:
                raise Refused(_syntaxlocated_problem(exact_error, filename)) from None
        raise Refused(_syntaxlocated_problem(fast_error, filename)) from None


def _syntaxlocated_problem(exc: MarkedYAMLError, filename: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    return located_problem(filename, _mark(mark), f"YAML syntax: {problem}")


def _scan_events(text: str, filename: str, loader: type) -> None:
    """Walk the event stream (no recursion) to refuse what would be dangerous to compose."""
    depth = documents = 0
    for events, event in enumerate(yaml.parse(text, Loader=loader), start=1):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                message = f"nesting deeper than {MAX_DEPTH} levels"
                raise Refused(located_problem(filename, _mark(event.start_mark), message))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                message = "more than one YAML document ('---'); expected exactly one"
                raise Refused(located_problem(filename, _mark(event.start_mark), message))
        if events > MAX_NODES:
            raise Refused(_too_many_nodes(filename, _mark(event.start_mark)))


def _too_many_nodes(filename: str, mark: Mark) -> Problem:
    return located_problem(
        filename, mark, f"too many aliases/expanded nodes (more than {MAX_NODES})"
    )


class _Measure:
    """Measures the expanded size and height of a node graph without expanding it (each node
    once), to refuse alias bombs, recursive aliases and deep alias chains before building."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.known: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded size, height)
        self.active: set[int] = set()

    def measure(self, node: Node, depth: int) -> tuple[int, int]:
        """(expanded size, height) of `node` placed at `depth`; a scalar has height 0. A node
        too deep once expanded is reported at the collection holding it."""
        known = self.known.get(id(node))
        if known is not None:
            return known
        mark = _mark(node.start_mark)
        if id(node) in self.active:
            raise Refused(located_problem(self.filename, mark, _RECURSIVE))
        size, height = 1, 0
        if isinstance(node, SequenceNode | MappingNode):
            self.active.add(id(node))
            children = node.value if isinstance(node, SequenceNode) else _flatten(node.value)
            for child in children:
                child_size, child_height = self.measure(child, depth + 1)
                if depth + 1 + child_height > MAX_DEPTH:
                    message = f"nesting deeper than {MAX_DEPTH} levels once aliases are expanded"
                    raise Refused(located_problem(self.filename, mark, message))
                size += child_size
                height = max(height, child_height + 1)
                if size > MAX_NODES:
                    raise Refused(_too_many_nodes(self.filename, mark))
            self.active.discard(id(node))
        self.known[id(node)] = (size, height)
        return size, height


def _flatten(pairs: Pairs) -> list[Node]:
    return [node for pair in pairs for node in pair]


class _Builder:
    """Builds plain Python data from a composed node graph and records where each path is."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.constructor = SafeConstructor()
        self.entries: dict[Path, NodeLocation] = {}
        self.problems: list[Problem] = []
        self.visited = 0
        self.active: set[int] = set()

    def build(self, node: Node, path: Path, key: Mark | None, depth: int) -> object:
        self.visited += 1
        mark = _mark(node.start_mark)
        if self.visited > MAX_NODES:
            raise Refused(_too_many_nodes(self.filename, mark))
        if depth > MAX_DEPTH:
            raise Refused(
                located_problem(self.filename, mark, f"nesting deeper than {MAX_DEPTH} levels")
            )
        style = (node.style or None) if isinstance(node, ScalarNode) else None
        self.entries[path] = NodeLocation(key, mark, style)
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.active:
            raise Refused(
                located_problem(self.filename, mark, "recursive alias (a value contains itself)")
            )
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                self.check_tag(node, _SEQ_TAG, path)
                return [
                    self.build(item, (*path, index), None, depth + 1)
                    for index, item in enumerate(node.value)
                ]
            self.check_tag(node, _MAP_TAG, path)
            assert isinstance(node, MappingNode)  # scalars and sequences returned above
            return self.mapping(node, path, depth)
        finally:
            self.active.discard(id(node))

    def scalar(self, node: ScalarNode, path: Path) -> object:
        if node.tag == _STR_TAG:
            return node.value
        if node.tag == _TIMESTAMP_TAG:
            return node.value  # dates stay text: no field takes a date
        if node.tag not in _SCALAR_TAGS:
            self.check_tag(node, _YAML_TAG + "str", path)
            return node.value
        try:
            return SafeConstructor.yaml_constructors[node.tag](self.constructor, node)
        except ValueError:
            return node.value

    def check_tag(self, node: Node, expected: str, path: Path) -> None:
        if node.tag != expected:
            tag = (
                "!!" + node.tag.removeprefix(_YAML_TAG)
                if node.tag.startswith(_YAML_TAG)
                else node.tag
            )
            self.problems.append(
                located_problem(
                    self.filename,
                    _mark(node.start_mark),
                    f"unsupported YAML tag {tag!r}",
                    format_path(path),
                )
            )

    def mapping(self, node: MappingNode, path: Path, depth: int) -> dict[str, object]:
        explicit, merged = self.pairs(node, depth)
        result: dict[str, object] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in explicit:
            key = self.key_text(key_node, path)
            if key is None:
                continue
            key_mark = _mark(key_node.start_mark)
            if key in first_lines:
                message = f"duplicate key (first defined on line {first_lines[key]})"
                self.problems.append(
                    located_problem(self.filename, key_mark, message, format_path((*path, key)))
                )
                continue
            first_lines[key] = key_mark.line
            result[key] = self.build(value_node, (*path, key), key_mark, depth + 1)
        for key_node, value_node in merged:
            key = self.key_text(key_node, path)
            if key is not None and key not in result:
                key_mark = _mark(key_node.start_mark)
                result[key] = self.build(value_node, (*path, key), key_mark, depth + 1)
        return result

    def pairs(self, node: MappingNode, depth: int) -> tuple[Pairs, Pairs]:
        """Split a mapping into its own pairs and the pairs merged in with `<<: *anchor`."""
        explicit: Pairs = []
        merged: Pairs = []
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE_TAG:
                explicit.append((key_node, value_node))
                continue
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                merged += self.merge_source(source, depth)
        return explicit, merged

    def merge_source(self, source: Node, depth: int) -> Pairs:
        self.visited += 1
        mark = _mark(source.start_mark)
        if self.visited > MAX_NODES:
            raise Refused(_too_many_nodes(self.filename, mark))
        if not isinstance(source, MappingNode):
            self.problems.append(
                located_problem(self.filename, mark, "'<<' merges a mapping or a list of mappings")
            )
            return []
        if id(source) in self.active or depth > MAX_DEPTH:
            raise Refused(
                located_problem(self.filename, mark, "recursive alias (a value contains itself)")
            )
        self.active.add(id(source))
        try:
            explicit, merged = self.pairs(source, depth + 1)
        finally:
            self.active.discard(id(source))
        return explicit + merged

    def key_text(self, key_node: Node, path: Path) -> str | None:
        """Mapping keys are names: kept as written (`on`, `1` and `null` stay text)."""
        if isinstance(key_node, ScalarNode):
            return key_node.value
        self.problems.append(
            located_problem(
                self.filename,
                _mark(key_node.start_mark),
                "a mapping key must be a plain name, not a list or mapping",
                format_path(path),
            )
        )
        return None


# ---------------------------------------------------------------- helpers


class _Positioned(Protocol):
    """A YAML mark: PyYAML's pure-Python and C loaders each have their own class."""

    line: int
    column: int


def _mark(mark: _Positioned | None) -> Mark:
    if mark is None:
        return Mark(1, 1)
    return Mark(mark.line + 1, mark.column + 1)


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.column))
