"""A shipped scenario's title is what players see before the exercise (Start page, library,
console heading): it names the symptom they will see, never the cause. The cause's words are the
words of each fault's `id` and `type` (`ranking-cache-leak`, `memory_leak`); words the public
briefing uses anyway (service names such as `pricing`) are not secret and not flagged. Words are
compared by their first five letters, so "retries" matches "retry" and "expired" "expiry"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.scenario import Scenario, load_scenario
from tests.conftest import SCENARIO_DIR

SHIPPED = sorted(SCENARIO_DIR.glob("*.yaml"))
# Too common to give anything away.
STOP = frozenset({"the", "and", "for", "with", "without", "after", "not", "off", "out", "all"})


def stems(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {w[:5] for w in words if len(w) >= 3 and w not in STOP}


def cause_words(scenario: Scenario) -> set[str]:
    """Stems of the faults' ids and types that the public briefing does not use."""
    named = set()
    for fault in scenario.faults:
        named |= stems(f"{fault.id} {fault.type}".replace("-", " ").replace("_", " "))
    briefing = scenario.briefing.text if scenario.briefing is not None else ""
    return named - stems(briefing)


def giveaways(scenario: Scenario) -> set[str]:
    """The title's words that name the cause."""
    return stems(scenario.title) & cause_words(scenario)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_title_names_the_symptom_not_the_cause(path: Path) -> None:
    scenario = load_scenario(path).scenario
    found = giveaways(scenario)
    assert not found, (
        f"{path.name}: the title {scenario.title!r} names the cause ({', '.join(sorted(found))}): "
        "players see it before the exercise; name the symptom they will see instead"
    )


@pytest.mark.parametrize(
    ("stem", "title", "flagged"),
    [
        ("memory-leak", "Product pages slow, then crashing: memory leak", {"memor", "leak"}),
        ("retry-storm", "Storefront stuck after a pricing blip: retry storm", {"retry"}),
        ("pool-exhaustion", "Checkout down: database connection pool exhausted", {"conne"}),
        (
            "certificate-expiry",
            "Orders failing at 23:00: an expired mTLS client certificate",
            {"expir", "certi"},
        ),
        ("rate-limit-misconfig", "Biggest partner throttled: rate limit cut tenfold", {"limit"}),
    ],
)
def test_titles_that_named_the_cause_are_flagged(stem: str, title: str, flagged: set[str]) -> None:
    """The titles these scenarios used to ship are caught (the check cannot pass blindly)."""
    scenario = load_scenario(SCENARIO_DIR / f"{stem}.yaml").scenario
    assert flagged <= giveaways(scenario.model_copy(update={"title": title}))
