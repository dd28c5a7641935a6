"""Our alert-expression subset (simulator/scenario/expr.py) written out as PromQL.

Every metric reference becomes its Prometheus series name with a `scenario` selector, so the rules
of two scenarios loaded into one Prometheus never read each other's sessions. Sub-expressions are
parenthesised, so PromQL's precedence never has to agree with ours. Where the two languages differ
(docs/reference/prometheus.md lists it) the difference is either made to agree in our evaluator
or refused here with a clear message.
"""

from __future__ import annotations

from collections.abc import Callable

from simulator.errors import GamedayError
from simulator.prometheus.names import series_name
from simulator.scenario.expr import COMPARISONS, BinOp, Expr, MetricRef, Number, RangeFunc


class PromQLError(GamedayError):
    """An alert expression has no PromQL equivalent (a comparison of two plain numbers)."""


def to_promql(expr: Expr, scenario_id: str) -> str:
    """The PromQL text of a parsed alert expression over the scenario's series."""
    return _render(expr, scenario_id)


def format_duration(seconds: float) -> str:
    """A PromQL duration in the largest whole unit (`2m`, `90s`), else milliseconds."""
    if not float(seconds).is_integer():
        return f"{round(seconds * 1000)}ms"
    whole = int(seconds)
    for unit, size in (("h", 3600), ("m", 60)):
        if whole and whole % size == 0:
            return f"{whole // size}{unit}"
    return f"{whole}s"


def _render(expr: Expr, scenario_id: str) -> str:
    return _RENDERERS[type(expr)](expr, scenario_id)


def _number(expr: Number, _scenario_id: str) -> str:
    return repr(expr.value)


def _selector(metric: str, scenario_id: str) -> str:
    return f'{series_name(metric)}{{scenario="{scenario_id}"}}'


def _metric(expr: MetricRef, scenario_id: str) -> str:
    return _selector(expr.name, scenario_id)


def _range(expr: RangeFunc, scenario_id: str) -> str:
    window = format_duration(expr.window)
    return f"{expr.func}({_selector(expr.metric, scenario_id)}[{window}])"


def _binop(expr: BinOp, scenario_id: str) -> str:
    if expr.op in COMPARISONS and not (_reads_metric(expr.left) or _reads_metric(expr.right)):
        raise PromQLError(
            "PromQL cannot compare two plain numbers in an alert "
            f"({_render(expr.left, scenario_id)} {expr.op} {_render(expr.right, scenario_id)}); "
            "compare a metric instead"
        )
    left = _operand(expr.left, scenario_id)
    right = _operand(expr.right, scenario_id)
    return f"{left} {expr.op} {right}"


def _operand(expr: Expr, scenario_id: str) -> str:
    text = _render(expr, scenario_id)
    return f"({text})" if isinstance(expr, BinOp) else text


def _reads_metric(expr: Expr) -> bool:
    if isinstance(expr, BinOp):
        return _reads_metric(expr.left) or _reads_metric(expr.right)
    return not isinstance(expr, Number)


_RENDERERS: dict[type, Callable[..., str]] = {
    Number: _number,
    MetricRef: _metric,
    RangeFunc: _range,
    BinOp: _binop,
}
