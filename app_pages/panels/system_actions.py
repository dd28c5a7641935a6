"""System actions on the simulated service, with their parameters. Risky ones (the vocabulary's
`risky`, or `confirm: true` in the scenario) need the confirmation box ticked."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.common import acting
from app_pages.common.identity import Identity
from app_pages.common.looks import md
from simulator.actions import ACTIONS
from simulator.scenario import Scenario
from simulator.ui import params as ui_params
from simulator.ui.delays import delay_help
from simulator.ui.permissions import needs_confirmation, offered_system_actions

SLOT = "sysaction"


@st.fragment
def render(who: Identity, scenario: Scenario) -> None:
    offered = offered_system_actions(scenario, who.held)
    if not offered:
        st.caption("This scenario offers no system actions to your role.")
        return
    settings = {s.action: s for s in scenario.actions}
    action = st.selectbox(
        "Action",
        offered,
        key="sysaction_pick",
        format_func=lambda a: f"{a}: {ACTIONS[a].help}",
    )
    if action is None:
        return
    setting = settings.get(action)
    note = f" {setting.note}." if setting and setting.note else ""
    st.caption(md(delay_help(scenario, action) + note))
    risky = needs_confirmation(scenario, action)
    # Everything in the form is the picked action's own (its container, form, box and button are
    # keyed by it): a tick or a click in the form still drawn for the previous pick, while the
    # page redraws (or if that redraw never arrives), can never confirm or run the new action.
    with (
        st.container(key=f"sysaction_for_{action}"),
        st.form(f"sysaction_form_{action}", border=True, clear_on_submit=True),
    ):
        values = {
            f.name: field_widget(f, f"sysaction_{action}_{f.name}")
            for f in ui_params.fields(action, scenario)
        }
        confirmed = True
        if risky:
            confirmed = st.checkbox(
                "I understand this action is risky: run it", key=f"sysaction_confirm_{action}"
            )
        submitted = st.form_submit_button(
            "Run action",
            key=f"sysaction_submit_{action}",
            type="primary",
            icon=":material/bolt:",
        )
    if submitted:
        _submit(who, action, values, risky and not confirmed)
    acting.show(SLOT)


def _submit(who: Identity, action: str, values: dict[str, Any], unconfirmed: bool) -> None:
    if unconfirmed:
        acting.say(SLOT, False, f"{action} is risky: tick the confirmation box to run it")
        return
    missing = ui_params.missing(action, values)
    if missing:
        acting.say(SLOT, False, "fill in: " + ", ".join(missing))
        return
    acting.act(who, SLOT, action, ui_params.build_params(action, values))


def field_widget(field: ui_params.Field, key: str) -> Any:
    """The widget for one action parameter; returns its value."""
    if field.kind == "select":
        return st.selectbox(field.label, field.options, key=key, help=field.help or None)
    if field.kind == "bool":
        return st.toggle(field.label, value=bool(field.default), key=key)
    if field.kind == "int":
        return st.number_input(
            field.label,
            min_value=None if field.minimum is None else int(field.minimum),
            max_value=None if field.maximum is None else int(field.maximum),
            value=int(field.default or 0),
            step=1,
            key=key,
        )
    if field.kind == "float":
        return st.number_input(
            field.label,
            min_value=field.minimum,
            max_value=field.maximum,
            value=float(field.default or 0.0),
            key=key,
        )
    return st.text_input(field.label, key=key, max_chars=200)
