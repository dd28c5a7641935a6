"""A new page and an escalation each get one toast; the waiting signature changes with them."""

from __future__ import annotations

from simulator.session import PageView
from simulator.ui.attention import news, waiting_signature


def _page(page_id: str, status: str = "triggered", level: int = 0) -> PageView:
    return PageView(page_id, "CheckoutHighErrorRatio", status, 100.0, level)


def test_a_new_page_and_an_escalation_are_news_once():
    alerts = {"P1": "CheckoutHighErrorRatio", "P2": "CheckoutLatency"}
    first = waiting_signature([_page("P1")])
    assert news((), first, alerts) == ["New page P1: CheckoutHighErrorRatio. Acknowledge it."]
    assert news(first, first, alerts) == []  # the next second: nothing new
    escalated = waiting_signature([_page("P1", level=1)])
    assert news(first, escalated, alerts) == [
        "Page P1 escalated (level 2): CheckoutHighErrorRatio. Acknowledge it."
    ]
    second = waiting_signature([_page("P1", "acknowledged"), _page("P2")])
    assert second == (("P2", 0),)
    assert news(escalated, second, alerts) == ["New page P2: CheckoutLatency. Acknowledge it."]


def test_acknowledged_pages_are_not_waiting():
    assert waiting_signature([_page("P1", "acknowledged")]) == ()
