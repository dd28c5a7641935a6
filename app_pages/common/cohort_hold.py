"""The cohort this browser tab drives, if any: its id and the facilitator secret.

Kept in `st.session_state` only, like a facilitator's secret after the link is read
(`identity.py`): the address bar carries at most the cohort id (`?cohort=...`), so a reload asks
for the secret again on the Cohorts page, prefilled with the id.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

KEY = "held_cohort"
PARAM = "cohort"


@dataclass(frozen=True)
class HeldCohort:
    cohort_id: str
    secret: str


def held() -> HeldCohort | None:
    found = st.session_state.get(KEY)
    return found if isinstance(found, HeldCohort) else None


def hold(cohort_id: str, secret: str) -> None:
    st.session_state[KEY] = HeldCohort(cohort_id, secret)
    st.query_params[PARAM] = cohort_id


def release() -> None:
    st.session_state.pop(KEY, None)
    st.query_params.pop(PARAM, None)


def id_in_link() -> str:
    return str(st.query_params.get(PARAM, ""))
