"""The checks' reporting machinery: `Checker` collects one file's problems, each located at the
line and column the author wrote (through the loader's `Locations`), and holds the checks that
many sections share (moments within the scenario, names that must exist, unique ids,
expressions, placeholders, action references)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from simulator.actions import ACTIONS, param_problems
from simulator.durations import format_duration
from simulator.errors import Problem
from simulator.metrics import METRIC_NAMES
from simulator.scenario.expr import ExprError, MetricRef, metric_refs, parse_expr
from simulator.scenario.locations import Locations, Mark, Path, format_path
from simulator.scenario.names import names_of, where_defined
from simulator.scenario.placeholders import placeholder_problems
from simulator.scenario.schema import Scenario
from simulator.suggest import did_you_mean

MAX_LISTED = 8  # a list of defined names longer than this is not spelled out in a message
NOTHING = object()  # no `got` value to show


class Checker:
    """Collects problems for one file; the `add_*` helpers locate them."""

    def __init__(self, scenario: Scenario, locations: Locations, filename: str) -> None:
        self.scenario = scenario
        self.locations = locations
        self.filename = filename
        self.problems: list[Problem] = []

    def add(
        self,
        mark: Mark,
        path: Path,
        message: str,
        got: object = NOTHING,
        suggestion: str | None = None,
    ) -> None:
        self.problems.append(
            Problem(
                self.filename,
                mark.line,
                mark.column,
                format_path(path),
                message,
                None if got is NOTHING else got,
                has_got=got is not NOTHING,
                suggestion=suggestion,
            )
        )

    def at_value(self, path: Path, message: str, got: object = NOTHING, **kw: str | None) -> None:
        self.add(self.locations.value(path), path, message, got, **kw)

    # ------------------------------------------------------------ shared checks

    def time(self, path: Path, seconds: float | None) -> None:
        """A moment in the scenario must come no later than its end."""
        end = self.scenario.duration
        if seconds is not None and seconds > end:
            message = f"after the end of the scenario (duration {format_duration(end)})"
            self.at_value(path, message, format_duration(seconds))

    def known(
        self, path: Path, value: str | None, known: Sequence[str], what: str, where: str
    ) -> None:
        """`value` must be one of the names defined in `where`."""
        if value is None or value in known:
            return
        suggestion = did_you_mean(value, known)
        message = f"unknown {what}"
        if not known:
            message += f" (none defined in {where})"
        elif suggestion is None and len(known) <= MAX_LISTED:
            message += f" (defined in {where}: {', '.join(known)})"
        self.at_value(path, message, value, suggestion=suggestion)

    def unique(self, entries: Iterable[tuple[Path, str]], what: str) -> None:
        first_line: dict[str, int] = {}
        for path, value in entries:
            if value in first_line:
                message = f"duplicate {what} (first used on line {first_line[value]})"
                self.at_value(path, message, value)
            else:
                first_line[value] = self.locations.value(path).line

    def expr(self, path: Path, text: str) -> None:
        """An expression must parse and name only metrics the engine emits."""
        try:
            parsed = parse_expr(text)
        except ExprError as exc:
            mark = self.locations.into(path, exc.offset)
            self.add(mark, path, exc.message, suggestion=exc.suggestion)
            return
        for ref in metric_refs(parsed):
            name = ref.name if isinstance(ref, MetricRef) else ref.metric
            if name in METRIC_NAMES:
                continue
            offset = ref.offset if isinstance(ref, MetricRef) else text.find(name, ref.offset)
            mark = self.locations.into(path, offset)
            self.add(mark, path, "unknown metric", name, did_you_mean(name, METRIC_NAMES))

    def placeholders(self, path: Path, text: str | None, live: bool = False) -> None:
        for found in placeholder_problems(text or "", live):
            mark = self.locations.into(path, found.offset)
            got = NOTHING if found.got is None else found.got
            self.add(mark, path, found.message, got, found.suggestion)

    def action(self, path: Path, name: str, params: dict[str, object], complete: bool) -> None:
        """An action reference: enabled in this scenario, valid params, names that exist.

        `complete` is False for a match pattern (`fixed_by: [{action: rollback}]` matches any
        rollback), where missing parameters are fine.
        """
        spec = ACTIONS[name]
        if spec.kind == "system" and name not in {a.action for a in self.scenario.actions}:
            message = "system action missing from the scenario's 'actions' list"
            self.at_value((*path, "action"), message, name)
        for param, problem, got in param_problems(name, params):
            self.param_problem((*path, "params", param), name, problem, got, complete)
        self.param_references(path, name, params)

    def param_problem(
        self, path: Path, action: str, problem: str, got: object, complete: bool
    ) -> None:
        param = str(path[-1])
        spec = ACTIONS[action]
        if problem.startswith("unknown parameter"):
            suggestion = did_you_mean(param, spec.param_names)
            self.add(self.locations.key(path), path, problem, suggestion=suggestion)
        elif problem.startswith("missing"):
            if complete:
                self.add(self.locations.parent(path), path, problem)
        else:
            choices = next((p.choices for p in spec.params if p.name == param), ())
            self.at_value(path, problem, got, suggestion=did_you_mean(got, choices))

    def param_references(self, path: Path, action: str, params: dict[str, object]) -> None:
        """Parameters that name things (flags, clients, commands, nodes) must name existing ones."""
        for spec in ACTIONS[action].params:
            value = params.get(spec.name)
            if spec.refers and isinstance(value, str):
                known = names_of(self.scenario, spec.refers)
                where = where_defined(spec.refers)
                self.known((*path, "params", spec.name), value, known, spec.refers, where)
        to = params.get("to")
        if action == "reply" and isinstance(to, str):  # a scripted reply answers a scripted inject
            ids = [i.id for i in self.scenario.injects]
            self.known((*path, "params", "to"), to, ids, "inject", "injects")
