"""The alert-expression parser: the AST it builds, offsets of problems, helpers."""

from __future__ import annotations

import pytest

from simulator.scenario.expr import (
    BinOp,
    ExprError,
    MetricRef,
    Number,
    RangeFunc,
    max_window,
    metric_refs,
    parse_expr,
)


def test_simple_comparison() -> None:
    assert parse_expr("error_ratio > 0.05") == BinOp(">", MetricRef("error_ratio", 0), Number(0.05))


def test_range_functions_and_windows() -> None:
    expr = parse_expr("avg_over_time(error_ratio[5m]) > 0.05 and rate(pod_restarts[1h30m]) >= 3")
    assert expr == BinOp(
        "and",
        BinOp(">", RangeFunc("avg_over_time", "error_ratio", 300.0, 0), Number(0.05)),
        BinOp(">=", RangeFunc("rate", "pod_restarts", 5400.0, 42), Number(3.0)),
    )


@pytest.mark.parametrize(
    "func", ["avg_over_time", "max_over_time", "min_over_time", "rate", "increase", "delta"]
)
def test_every_range_function(func: str) -> None:
    assert parse_expr(f"{func}(request_rate[90s]) < 1") == BinOp(
        "<", RangeFunc(func, "request_rate", 90.0, 0), Number(1.0)
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.05", 0.05), ("1e3", 1000.0), ("500", 500.0), (".5", 0.5), ("2E-2", 0.02)],
)
def test_number_forms(text: str, value: float) -> None:
    assert parse_expr(f"x > {text}") == BinOp(">", MetricRef("x", 0), Number(value))


def test_arithmetic_precedence_and_parentheses() -> None:
    assert parse_expr("a + b * c > (d - e) / 2") == BinOp(
        ">",
        BinOp("+", MetricRef("a", 0), BinOp("*", MetricRef("b", 4), MetricRef("c", 8))),
        BinOp("/", BinOp("-", MetricRef("d", 13), MetricRef("e", 17)), Number(2.0)),
    )


def test_left_associative_arithmetic() -> None:
    assert parse_expr("a - b - c > 0") == BinOp(
        ">",
        BinOp("-", BinOp("-", MetricRef("a", 0), MetricRef("b", 4)), MetricRef("c", 8)),
        Number(0.0),
    )


def test_and_binds_tighter_than_or() -> None:
    assert parse_expr("a > 1 or b > 2 and c > 3") == BinOp(
        "or",
        BinOp(">", MetricRef("a", 0), Number(1.0)),
        BinOp(
            "and",
            BinOp(">", MetricRef("b", 9), Number(2.0)),
            BinOp(">", MetricRef("c", 19), Number(3.0)),
        ),
    )


def test_parenthesised_conditions() -> None:
    expr = parse_expr("(a > 1 or b > 2) and c != 3")
    assert isinstance(expr, BinOp)
    assert expr.op == "and"
    assert isinstance(expr.left, BinOp)
    assert expr.left.op == "or"


def test_unary_minus() -> None:
    assert parse_expr("-x < -2") == BinOp(
        "<", BinOp("-", Number(0.0), MetricRef("x", 1)), Number(-2.0)
    )
    assert parse_expr("--1 == 1") == BinOp("==", Number(1.0), Number(1.0))


@pytest.mark.parametrize("op", [">", "<", ">=", "<=", "==", "!="])
def test_every_comparison(op: str) -> None:
    assert parse_expr(f"x {op} 1") == BinOp(op, MetricRef("x", 0), Number(1.0))


def test_metric_refs_in_order_with_offsets() -> None:
    expr = parse_expr("max_over_time(latency_p99_ms[10m]) > 500 or pool_waiting > 5")
    assert metric_refs(expr) == [
        RangeFunc("max_over_time", "latency_p99_ms", 600.0, 0),
        MetricRef("pool_waiting", 44),
    ]


def test_max_window() -> None:
    assert max_window(parse_expr("rate(a[5m]) > 1 and avg_over_time(b[15m]) > 2")) == 900.0
    assert max_window(parse_expr("a > 1")) == 0.0


def test_unknown_metric_names_are_not_parse_errors() -> None:
    assert parse_expr("no_such_metric > 1") == BinOp(
        ">", MetricRef("no_such_metric", 0), Number(1.0)
    )


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("", "empty expression; expected a comparison such as 'error_ratio > 0.05'", 0),
        ("   ", "empty expression; expected a comparison such as 'error_ratio > 0.05'", 0),
        ("error_ratio", "expected a comparison such as 'error_ratio > 0.05'", 0),
        ("a * 2", "expected a comparison such as 'error_ratio > 0.05'", 0),
        ("a > 1 and b", "expected a comparison such as 'error_ratio > 0.05'", 10),
        ("(a) or b > 1", "expected a comparison such as 'error_ratio > 0.05'", 0),
        ("a > 1 > 2", "comparisons cannot be chained; join them with 'and'", 6),
        ("a + (b > 1) > 2", "'+' needs a number here, not a comparison", 4),
        ("(a > 1) > 2", "'>' needs a number here, not a comparison", 0),
        ("a > ", "unexpected end of expression", 4),
        ("(a > 1", "expected ')' (got the end)", 6),
        ("a > 1 )", "unexpected ')'", 6),
        ("a > 1 or or", "expected a number or a metric name (got 'or')", 9),
        ("a = 1", "use '==' to compare", 2),
        ("a > 5m", "durations belong only in a range window such as 'error_ratio[5m]'", 4),
        ("a $ 1", "unexpected character '$'", 2),
        ('x{job="a"} > 1', "label selectors like '{job=\"x\"}' are not supported", 1),
        ("x[5m] > 1", "a range needs a function such as 'avg_over_time(x[5m])'", 1),
        ("rate > 1", "expected '(' after rate", 5),
        ("rate(x) > 1", "expected a range window such as 'x[5m]' (got ')')", 6),
        ("rate(5) > 1", "expected a metric name such as 'rate(error_ratio[5m])' (got '5')", 5),
        ("rate(x[5m] > 1", "expected ')' to close rate( (got '>')", 11),
        ("rate(x[5m > 1", "expected ']' to close the range window", 13),
        ("rate(x[0s]) > 1", "range window must be longer than 0", 7),
        (
            "rate(x[5q]) > 1",
            "range window: expected a duration like '250ms', '90s', '5m' or '1h30m' (got '5q')",
            7,
        ),
        (
            "sum(x[5m]) > 1",
            "unknown function 'sum' (functions: avg_over_time, max_over_time, min_over_time, "
            "rate, increase, delta)",
            0,
        ),
    ],
)
def test_errors_carry_message_and_offset(text: str, message: str, offset: int) -> None:
    with pytest.raises(ExprError) as info:
        parse_expr(text)
    assert (info.value.message, info.value.offset) == (message, offset)
    assert str(info.value) == message


def test_unknown_function_suggests_the_closest() -> None:
    with pytest.raises(ExprError) as info:
        parse_expr("x > 1 and avg_overtime(x[5m]) > 1")
    error = info.value
    assert (error.message, error.offset, error.suggestion) == (
        "unknown function 'avg_overtime'",
        10,
        "avg_over_time",
    )


def test_ast_nodes_are_frozen() -> None:
    node = Number(1.0)
    with pytest.raises(AttributeError):
        node.value = 2.0  # type: ignore[misc]
