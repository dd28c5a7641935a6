"""Alert states, paging escalation and acknowledgement, conditional injects."""

from __future__ import annotations

from simulator.engine import Engine, run_script
from simulator.journal import first_time
from simulator.scenario.schema import ScriptedAction

POOL = "pool-exhaustion.yaml"
PAGED = "CheckoutHighErrorRatio"


def kinds_for(journal, alert):
    return [e["kind"] for e in journal.entries if e.get("alert") == alert]


def test_alert_goes_pending_then_firing_after_for(shipped):
    journal = run_script(shipped[POOL], 1)
    pending = first_time(journal, "alert.pending", alert=PAGED)
    firing = first_time(journal, "alert.firing", alert=PAGED)
    assert pending is not None and firing is not None
    assert firing - pending >= 120  # `for: 2m`
    assert kinds_for(journal, PAGED)[:2] == ["alert.pending", "alert.firing"]


def test_unacknowledged_page_escalates_through_the_policy(shipped):
    journal = run_script(shipped[POOL], 1)
    triggered = first_time(journal, "page.triggered", alert=PAGED)
    escalations = [e for e in journal.of_kind("page.escalated") if e["alert"] == PAGED]
    assert triggered is not None and len(escalations) >= 2
    assert escalations[0]["t"] - triggered == 300  # ack_timeout 5m
    assert escalations[0]["target"] == "checkout secondary on-call"
    assert escalations[1]["target"] == "engineering manager, payments"


def test_acknowledged_page_stops_escalating(shipped):
    loaded = shipped[POOL]
    engine = Engine(loaded, 1)
    engine.advance(loaded.scenario.duration)
    triggered = first_time(engine.journal, "page.triggered", alert=PAGED)
    assert triggered is not None
    engine = Engine(loaded, 1)
    engine.advance(triggered + 60)
    engine.act("ic", "acknowledge")
    journal = engine.finish()
    acked = first_time(journal, "page.acknowledged", alert=PAGED)
    assert acked == triggered + 60
    assert not [e for e in journal.of_kind("page.escalated") if e["alert"] == PAGED]


def test_fixed_alert_resolves_and_resolves_its_page(shipped):
    loaded = shipped[POOL]
    assert loaded.scenario.expect is not None
    journal = run_script(loaded, 1, loaded.scenario.expect.ideal_response.actions)
    assert "alert.resolved" in kinds_for(journal, PAGED)
    assert first_time(journal, "page.resolved") is not None


def test_conditional_inject_fires_only_when_the_action_is_missing(shipped):
    loaded = shipped[POOL]
    silent = run_script(loaded, 1)
    assert first_time(silent, "inject", id="vp-sales-eta") is not None
    update = ScriptedAction.model_validate(
        {
            "at": "12m",
            "role": "comms_lead",
            "action": "status_update",
            "params": {"status": "investigating", "impact": "x", "actions": "y"},
        }
    )
    informed = run_script(loaded, 1, [update])
    assert first_time(informed, "inject", id="vp-sales-eta") is None


def test_inject_text_is_filled_reproducibly(shipped):
    first = [e["text"] for e in run_script(shipped[POOL], 5).of_kind("inject")]
    second = [e["text"] for e in run_script(shipped[POOL], 5).of_kind("inject")]
    other = [e["text"] for e in run_script(shipped[POOL], 6).of_kind("inject")]
    assert first == second
    assert all("{" not in text for text in first)
    assert first != other
