"""The alert-expression language: a small, PromQL-shaped subset over the simulated metrics.

Grammar (lowest precedence first)::

    condition  := and_expr ("or" and_expr)*
    and_expr   := comparison ("and" comparison)*
    comparison := sum ((">" | "<" | ">=" | "<=" | "==" | "!=") sum)?
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | primary
    primary    := number | metric | func "(" metric "[" duration "]" ")" | "(" condition ")"

`func` is one of RANGE_FUNCTIONS. Unary minus has no node of its own: `-x` parses as `0 - x` (and
a negative literal as a negative Number). The parser checks kinds as it goes: arithmetic and
comparisons take numbers, `and`/`or` take comparisons, and the whole expression must be a comparison
(or an and/or of comparisons), because an alert fires when its condition holds.

Metric names are not checked here (an unknown name is a semantic problem, reported by `checks.py`
with a "did you mean"); `metric_refs` lists them with their offsets for that purpose.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from simulator.durations import parse_duration
from simulator.suggest import did_you_mean

RANGE_FUNCTIONS: tuple[str, ...] = (
    "avg_over_time",
    "max_over_time",
    "min_over_time",
    "rate",
    "increase",
    "delta",
)
COMPARISONS: tuple[str, ...] = (">", "<", ">=", "<=", "==", "!=")
ARITHMETIC: tuple[str, ...] = ("+", "-", "*", "/")
LOGICAL: tuple[str, ...] = ("and", "or")
CONDITION_HINT = "expected a comparison such as 'error_ratio > 0.05'"


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class MetricRef:
    """The current value of a metric; `offset` is where its name starts in the expression text."""

    name: str
    offset: int


@dataclass(frozen=True)
class RangeFunc:
    """`func(metric[window])`: window in seconds; `offset` is where `func` starts in the text."""

    func: str
    metric: str
    window: float
    offset: int


@dataclass(frozen=True)
class BinOp:
    op: str
    left: Expr
    right: Expr


Expr = Number | MetricRef | RangeFunc | BinOp


class ExprError(ValueError):
    """An expression cannot be parsed; `offset` is the 0-based index of the problem in the text."""

    def __init__(self, message: str, offset: int, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.suggestion = suggestion


# ---------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "name", "op", "window", "end"
    text: str
    offset: int


_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = (">=", "<=", "==", "!=", ">", "<", "+", "-", "*", "/", "(", ")")


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char.isspace():
            pos += 1
        elif number := _NUMBER.match(text, pos):
            if _NAME.match(text, number.end()):
                raise ExprError(
                    "durations belong only in a range window such as 'error_ratio[5m]'", pos
                )
            tokens.append(_Token("num", number.group(), pos))
            pos = number.end()
        elif name := _NAME.match(text, pos):
            tokens.append(_Token("name", name.group(), pos))
            pos = name.end()
        elif char == "[":
            pos = _window_token(text, pos, tokens)
        else:
            pos = _operator_token(text, pos, tokens)
    tokens.append(_Token("end", "", len(text)))
    return tokens


def _window_token(text: str, pos: int, tokens: list[_Token]) -> int:
    """`[5m]` becomes one token holding `5m`, positioned at the duration."""
    close = text.find("]", pos)
    if close < 0:
        raise ExprError("expected ']' to close the range window", len(text))
    tokens.append(_Token("window", text[pos + 1 : close], pos + 1))
    return close + 1


def _operator_token(text: str, pos: int, tokens: list[_Token]) -> int:
    for op in _OPERATORS:
        if text.startswith(op, pos):
            tokens.append(_Token("op", op, pos))
            return pos + len(op)
    char = text[pos]
    if char == "=":
        raise ExprError("use '==' to compare", pos)
    if char == "{":
        raise ExprError("label selectors like '{job=\"x\"}' are not supported", pos)
    raise ExprError(f"unexpected character {char!r}", pos)


# ---------------------------------------------------------------- parser


@dataclass(frozen=True)
class _Parsed:
    """A parsed sub-expression with where it starts and whether it is a condition (true/false)."""

    node: Expr
    start: int
    condition: bool


_Operand = Callable[[], "_Parsed"]


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.index = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def accept(self, *texts: str) -> _Token | None:
        token = self.token
        if token.kind in ("op", "name") and token.text in texts:
            self.index += 1
            return token
        return None

    def expect_op(self, text: str, what: str) -> _Token:
        token = self.accept(text)
        if token is None:
            raise ExprError(f"expected {what}{_found(self.token)}", self.token.offset)
        return token

    # condition := and_expr ("or" and_expr)*
    def parse_or(self) -> _Parsed:
        return self._logical("or", self.parse_and)

    def parse_and(self) -> _Parsed:
        return self._logical("and", self.parse_comparison)

    def _logical(self, op: str, operand: _Operand) -> _Parsed:
        left = operand()
        while self.accept(op):
            right = operand()
            _require_condition(left)
            _require_condition(right)
            left = _Parsed(BinOp(op, left.node, right.node), left.start, True)
        return left

    def parse_comparison(self) -> _Parsed:
        left = self.parse_sum()
        token = self.accept(*COMPARISONS)
        if token is None:
            return left
        right = self.parse_sum()
        _require_number(left, token.text)
        _require_number(right, token.text)
        if self.token.kind == "op" and self.token.text in COMPARISONS:
            raise ExprError(
                "comparisons cannot be chained; join them with 'and'", self.token.offset
            )
        return _Parsed(BinOp(token.text, left.node, right.node), left.start, True)

    def parse_sum(self) -> _Parsed:
        return self._arithmetic(("+", "-"), self.parse_product)

    def parse_product(self) -> _Parsed:
        return self._arithmetic(("*", "/"), self.parse_unary)

    def _arithmetic(self, ops: tuple[str, ...], operand: _Operand) -> _Parsed:
        left = operand()
        while token := self.accept(*ops):
            right = operand()
            _require_number(left, token.text)
            _require_number(right, token.text)
            left = _Parsed(BinOp(token.text, left.node, right.node), left.start, False)
        return left

    def parse_unary(self) -> _Parsed:
        minus = self.accept("-")
        if minus is None:
            return self.parse_primary()
        operand = self.parse_unary()
        _require_number(operand, "-")
        if isinstance(operand.node, Number):
            return _Parsed(Number(-operand.node.value), minus.offset, False)
        return _Parsed(BinOp("-", Number(0.0), operand.node), minus.offset, False)

    def parse_primary(self) -> _Parsed:
        token = self.token
        if token.kind == "num":
            self.advance()
            return _Parsed(Number(float(token.text)), token.offset, False)
        if token.kind == "name" and token.text not in LOGICAL:
            self.advance()
            return self._name(token)
        if self.accept("("):
            inner = self.parse_or()
            self.expect_op(")", "')'")
            return _Parsed(inner.node, token.offset, inner.condition)
        if token.kind == "end":
            raise ExprError("unexpected end of expression", token.offset)
        raise ExprError(f"expected a number or a metric name{_found(token)}", token.offset)

    def _name(self, token: _Token) -> _Parsed:
        if self.token.kind == "op" and self.token.text == "(":
            return self._range_func(token)
        if token.text in RANGE_FUNCTIONS:
            raise ExprError(f"expected '(' after {token.text}", self.token.offset)
        if self.token.kind == "window":
            raise ExprError(
                f"a range needs a function such as 'avg_over_time({token.text}[5m])'",
                self.token.offset - 1,
            )
        return _Parsed(MetricRef(token.text, token.offset), token.offset, False)

    def _range_func(self, func: _Token) -> _Parsed:
        if func.text not in RANGE_FUNCTIONS:
            suggestion = did_you_mean(func.text, RANGE_FUNCTIONS)
            message = f"unknown function {func.text!r}"
            if suggestion is None:
                message += f" (functions: {', '.join(RANGE_FUNCTIONS)})"
            raise ExprError(message, func.offset, suggestion)
        self.advance()  # "("
        metric = self.token
        if metric.kind != "name" or metric.text in LOGICAL:
            raise ExprError(
                f"expected a metric name such as '{func.text}(error_ratio[5m])'{_found(metric)}",
                metric.offset,
            )
        self.advance()
        window = self.token
        if window.kind != "window":
            raise ExprError(
                f"expected a range window such as '{metric.text}[5m]'{_found(window)}",
                window.offset,
            )
        self.advance()
        seconds = _window_seconds(window)
        self.expect_op(")", f"')' to close {func.text}(")
        return _Parsed(RangeFunc(func.text, metric.text, seconds, func.offset), func.offset, False)


def _window_seconds(token: _Token) -> float:
    try:
        seconds = parse_duration(token.text)
    except ValueError as exc:
        raise ExprError(f"range window: {exc} (got {token.text!r})", token.offset) from None
    if seconds <= 0:
        raise ExprError("range window must be longer than 0", token.offset)
    return seconds


def _found(token: _Token) -> str:
    return " (got the end)" if token.kind == "end" else f" (got {token.text!r})"


def _require_number(operand: _Parsed, op: str) -> None:
    if operand.condition:
        raise ExprError(f"'{op}' needs a number here, not a comparison", operand.start)


def _require_condition(operand: _Parsed) -> None:
    if not operand.condition:
        raise ExprError(CONDITION_HINT, operand.start)


# ---------------------------------------------------------------- public API


@functools.lru_cache(maxsize=4096)
def parse_expr(text: str) -> Expr:
    """Parse an alert expression; raise ExprError with the offset of the first problem.

    Kept per text (the nodes are frozen): every engine run parses its rules and conditions,
    and a batch of a thousand runs of one scenario would parse the same few texts each time."""
    if not text.strip():
        raise ExprError("empty expression; " + CONDITION_HINT, 0)
    parser = _Parser(text)
    parsed = parser.parse_or()
    if parser.token.kind != "end":
        token = parser.token
        raise ExprError(f"unexpected {token.text!r}", token.offset)
    _require_condition(parsed)
    return parsed.node


def metric_refs(expr: Expr) -> list[MetricRef | RangeFunc]:
    """Every metric reference in the expression, left to right."""
    if isinstance(expr, MetricRef | RangeFunc):
        return [expr]
    if isinstance(expr, BinOp):
        return metric_refs(expr.left) + metric_refs(expr.right)
    return []


def max_window(expr: Expr) -> float:
    """The longest range window in seconds (0 when there is none): how much history to keep."""
    windows = [ref.window for ref in metric_refs(expr) if isinstance(ref, RangeFunc)]
    return max(windows, default=0.0)
