"""Runbooks in the console: the loader's checks, the template's sections, and the console opening
an alert's runbook (AppTest) without leaking what the facilitator knows about it."""

from __future__ import annotations

import re

import pytest

from simulator.errors import ScenarioError
from simulator.scenario import load_scenario, load_scenario_text
from simulator.ui.runbooks import as_text, runbook_of, sections
from tests.app_helpers import (
    click,
    facilitator_only,
    keys,
    leaks,
    make_game,
    normalise,
    page_for,
    page_text,
    use_app_store,
)
from tests.conftest import SCENARIO_DIR

MEMORY = "memory-leak.yaml"
POOL = "pool-exhaustion.yaml"


def _text(name: str) -> str:
    return (SCENARIO_DIR / name).read_text(encoding="utf-8")


def _error(name: str, old: str, new: str) -> str:
    text = _text(name)
    assert old in text
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text.replace(old, new, 1), name)
    return str(caught.value)


# ---------------------------------------------------------------- the loader


def test_an_alert_naming_an_unknown_runbook_is_located_with_a_suggestion():
    old = "      runbook: product-api-memory\n"
    line = _text(MEMORY).splitlines().index(old.rstrip("\n")) + 1
    message = _error(MEMORY, old, "      runbook: product-api-memroy\n")
    assert f"{MEMORY}:{line}:" in message
    assert "alerts[2].annotations.runbook" in message
    assert "unknown runbook" in message and "product-api-memory" in message


def test_an_alert_naming_a_runbook_in_a_scenario_without_any_says_so():
    message = _error(
        "cache-stampede.yaml",
        "      runbook_url: https://runbooks.example.com/catalog/latency\n",
        "      runbook: catalog-latency\n",
    )
    assert "unknown runbook" in message and "none defined in runbooks" in message


def test_duplicate_runbook_ids_and_a_missing_section_are_errors():
    dup = _error(POOL, "  - id: checkout-high-error-ratio\n", "  - id: x\n")
    assert "unknown runbook" in dup and "checkout-high-error-ratio" in dup
    text = _text(POOL)
    start = text.index("runbooks:\n") + len("runbooks:\n")
    block = text[start : text.index("\npaging:\n")]
    doubled = text.replace("runbooks:\n", "runbooks:\n" + block, 1)
    with pytest.raises(ScenarioError, match="duplicate runbook id"):
        load_scenario_text(doubled, POOL)
    no_steps = _error(
        POOL, '    resolution:\n      - "If a deploy', '    resolutio:\n      - "If a deploy'
    )
    assert "resolution" in no_steps


def test_shipped_runbooks_are_named_by_their_alerts():
    for name, runbook_id in (
        (POOL, "checkout-high-error-ratio"),
        ("retry-storm.yaml", "storefront-high-error-ratio"),
        (MEMORY, "product-api-memory"),
    ):
        scenario = load_scenario(SCENARIO_DIR / name).scenario
        assert runbook_of(scenario, runbook_id) is not None
        assert runbook_id in [a.annotations.runbook for a in scenario.alerts]


# ---------------------------------------------------------------- the template


def test_sections_follow_the_template_with_numbered_steps():
    runbook = runbook_of(load_scenario(SCENARIO_DIR / MEMORY).scenario, "product-api-memory")
    assert runbook is not None
    found = sections(runbook)
    assert [s.title for s in found] == [
        "Overview",
        "Detection",
        "Symptoms",
        "Diagnosis steps",
        "Resolution steps",
        "Escalation",
    ]
    steps = as_text(found[4]).splitlines()
    assert steps[0].startswith("1. Do a rolling restart") and steps[1].startswith("2. ")
    assert as_text(found[2]).startswith("- Memory per pod")


# ---------------------------------------------------------------- the console


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    yield from use_app_store(tmp_path, monkeypatch)


OUT_OF_DATE_WORDS = ("out of date", "outdated", "stale", "wrong on purpose")


def test_the_console_opens_an_alerts_runbook_and_leaks_nothing(app_store):
    game = make_game(app_store, scenario=MEMORY, skip=16 * 60)
    at = page_for(game, "tech_lead")
    assert "runbook_ProductApiMemoryHigh" in keys(at)
    assert "Diagnosis steps" not in page_text(at)
    click(at, "runbook_ProductApiMemoryHigh")
    text = page_text(at)
    assert "Runbook: product-api: memory high / pods restarting" in text
    for heading in ("Overview", "Detection", "Symptoms", "Diagnosis steps", "Resolution steps"):
        assert heading in text
    assert "1. Do a rolling restart of product-api" in text
    secrets = {k: normalise(v) for k, v in facilitator_only(game_scenario(MEMORY)).items()}
    assert leaks(normalise(text), secrets) == []
    assert not [w for w in OUT_OF_DATE_WORDS if re.search(rf"\b{w}\b", text, re.IGNORECASE)]
    click(at, "runbook_close")
    assert "Diagnosis steps" not in page_text(at)


def test_an_alert_without_a_runbook_keeps_its_link(app_store):
    game = make_game(app_store, scenario=POOL, skip=16 * 60)
    at = page_for(game, "ic")
    markdown = " ".join(m.value for m in at.markdown)
    assert "https://runbooks.example.com/checkout/db-pool" in markdown
    assert "https://runbooks.example.com/checkout/high-error-ratio" not in markdown
    assert "runbook_CheckoutHighErrorRatio" in keys(at)
    assert "runbook_CheckoutDbPoolSaturated" not in keys(at)


def game_scenario(name: str):
    return load_scenario(SCENARIO_DIR / name).scenario
