"""Forwarding to the team's real tools (facilitator only): where this session's alerts go (a real
Alertmanager) and where its pages, injects and status updates go (a webhook, Slack-compatible or
generic JSON), and how delivering has gone. `gameday serve` does the delivering, in the
background; nothing here waits for a receiver."""

from __future__ import annotations

import streamlit as st

from app_pages.common import outage
from app_pages.common.identity import Identity
from app_pages.common.looks import md
from app_pages.common.service import service
from simulator.integrations import WEBHOOK_FORMATS, IntegrationError, make_integrations
from simulator.session import SessionError
from simulator.ui.clock import format_clock

RESULT_KEY = "fac_tools_result"
FORMAT_TITLES = {"slack": 'Slack-compatible ({"text": ...})', "json": "Generic JSON"}


@st.fragment(run_every="5s")
@outage.guarded
def delivery_status(who: Identity) -> None:
    """The latest report per target; refreshed on its own, so errors appear without a click."""
    reports = service().deliveries(who.session_id, who.secret or "")
    if not reports:
        st.caption("Nothing delivered yet.")
    for report in reports:
        when = format_clock(float(report["sim_time"]))
        if report.get("ok"):
            st.success(md(f"{report['target']}: delivering to {report['url']} (since {when})"))
        else:
            st.error(
                md(
                    f"{report['target']}: delivery failing since {when}: {report.get('error')}. "
                    "Retrying with backoff; the game is not affected."
                ),
                icon=":material/sync_problem:",
            )


@st.fragment
@outage.guarded
def render(who: Identity) -> None:
    st.subheader("Play on your real tools", anchor=False)
    st.caption(
        'Off unless you fill in a URL. Alerts carry the label drill="true" and a [drill] '
        "prefix; receivers that are down never slow the game."
    )
    current = service().integrations(who.session_id, who.secret or "")
    with st.form("fac_tools_form", border=False):
        alertmanager = st.text_input(
            "Alertmanager URL",
            current.alertmanager_url or "",
            key="fac_tools_alertmanager",
            placeholder="http://alertmanager:9093",
        )
        webhook = st.text_input(
            "Webhook URL (pages, injects, status updates)",
            current.webhook_url or "",
            key="fac_tools_webhook",
            placeholder="https://hooks.slack.com/services/...",
        )
        fmt = st.radio(
            "Webhook format",
            WEBHOOK_FORMATS,
            index=WEBHOOK_FORMATS.index(current.webhook_format),
            format_func=FORMAT_TITLES.__getitem__,
            key="fac_tools_format",
            horizontal=True,
        )
        if st.form_submit_button("Save forwarding", key="fac_tools_save"):
            _save(who, alertmanager, webhook, fmt)
    found = st.session_state.get(RESULT_KEY)
    if found:
        ok, message = found
        (st.success if ok else st.error)(md(message))
    delivery_status(who)


def _save(who: Identity, alertmanager: str, webhook: str, fmt: str) -> None:
    try:
        settings = make_integrations(alertmanager, webhook, fmt)
        service().configure_integrations(who.session_id, who.secret or "", settings)
    except (IntegrationError, SessionError) as exc:  # a bad URL or format, said plainly
        st.session_state[RESULT_KEY] = (False, str(exc))
        return
    message = "Forwarding saved." if settings.enabled else "Forwarding is off."
    st.session_state[RESULT_KEY] = (True, message)
