"""A counterfactual's result in words: what moving or dropping one action would have changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.durations import format_clock, format_duration
from simulator.whatif.costs import Cost
from simulator.whatif.keys import CHAINED, KeyAction
from simulator.whatif.variants import Variant

VERBS = {
    "acknowledge": "Acknowledging",
    "declare": "Declaring",
}


@dataclass(frozen=True)
class Finding:
    key: str
    change: str
    action: str
    """The action as the players took it (`rollback(target=deploy)`)."""
    taken_at: float
    new_at: float | None
    evidence: str
    cost: Cost
    """The variant's cost."""
    saved: Cost
    """The played run's cost minus the variant's (positive: the variant was better; orders are
    the variant's minus the played run's, so positive is better there too)."""
    measurable: bool
    sentence: str

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "change": self.change,
            "action": self.action,
            "taken_at": self.taken_at,
            "new_at": self.new_at,
            "evidence": self.evidence,
            "cost": self.cost.to_dict(),
            "saved": self.saved.to_dict(),
            "measurable": self.measurable,
            "sentence": self.sentence,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        new_at = data["new_at"]
        return cls(
            key=str(data["key"]),
            change=str(data["change"]),
            action=str(data["action"]),
            taken_at=float(data["taken_at"]),
            new_at=None if new_at is None else float(new_at),
            evidence=str(data["evidence"]),
            cost=Cost.from_dict(data["cost"]),
            saved=Cost.from_dict(data["saved"]),
            measurable=bool(data["measurable"]),
            sentence=str(data["sentence"]),
        )


def saved(actual: Cost, variant: Cost) -> Cost:
    return Cost(
        failed_requests=actual.failed_requests - variant.failed_requests,
        orders=variant.orders - actual.orders,
        breach_seconds=actual.breach_seconds - variant.breach_seconds,
        impact_seconds=actual.impact_seconds - variant.impact_seconds,
        budget_share=actual.budget_share - variant.budget_share,
    )


def finding(variant: Variant, actual: Cost, cost: Cost, label: str, measurable: bool) -> Finding:
    key = variant.key
    delta = saved(actual, cost)
    return Finding(
        key=key.key,
        change=variant.change,
        action=label,
        taken_at=key.action.at,
        new_at=variant.at,
        evidence=key.evidence,
        cost=cost,
        saved=delta,
        measurable=measurable,
        sentence=_sentence(variant, key, label, delta, measurable),
    )


def _sentence(variant: Variant, key: KeyAction, label: str, delta: Cost, measurable: bool) -> str:
    what = _what(variant, key, label)
    if not measurable:
        return f"{what} would have made no measurable difference to customers."
    if delta.failed_requests > 0:
        figures = [f"about {_about(delta.failed_requests)} failed requests"]
        if delta.orders >= 1:
            figures.append(f"{_about(delta.orders)} orders")
        if delta.impact_seconds >= 60:
            figures.append(f"{format_duration(delta.impact_seconds)} of impact")
        return f"{what} would have saved {_join(figures)}."
    figures = [f"about {_about(-delta.failed_requests)} more failed requests"]
    if delta.orders <= -1:
        figures.append(f"{_about(-delta.orders)} fewer orders")
    if delta.impact_seconds <= -60:
        figures.append(f"{format_duration(-delta.impact_seconds)} more impact")
    return f"{what} would have cost {_join(figures)}."


def _what(variant: Variant, key: KeyAction, label: str) -> str:
    taken = format_clock(key.action.at)
    if variant.change == "removed":
        kind = "the stop-gap " if key.key == "stop_gap" else ""
        return f"Not taking {kind}{label} at {taken}"
    assert variant.at is not None
    doing = VERBS.get(key.key, f"Taking {label}")
    new = format_clock(variant.at)
    if variant.change == "later":
        return f"{doing} {format_duration(variant.at - key.action.at)} later ({new})"
    when = f" at {new}, when {key.evidence}," if key.evidence else f" at {new}"
    if key.key in CHAINED:
        sooner = format_duration(key.action.at - variant.at)
        return f"{doing}{when} instead of {taken}, with everything after it {sooner} sooner,"
    return f"{doing}{when} instead of {taken}"


def _about(value: float) -> str:
    """Two significant figures with thousands separators: 412,345 -> 410,000."""
    if value < 1:
        return "0"
    digits = len(str(int(value)))
    rounded = round(value, -max(0, digits - 2))
    return f"{int(rounded):,}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
