"""The page list by role: nobody yet (Start, Scenario library), facilitator (Facilitator console,
Debrief, Scenario library, Scenario studio), evaluator (Evaluator console, Debrief), participant
(Incident console, Debrief). Once a
session has ended, Debrief comes first.

Every list starts with a hidden Home page, the default: Streamlit gives the default page the root
URL, so without it `/facilitator` would not be found when the facilitator console is the default.
Home sends you on to the first page of your list; after joining, creating or leaving a session,
pages switch to Home, which always exists, whatever the new list is.
"""

from __future__ import annotations

import streamlit as st

from app_pages.common import cohort_hold
from app_pages.common.identity import Identity, query_params
from app_pages.common.service import service
from simulator.roles import EVALUATOR as EVALUATOR_ROLE
from simulator.session import SessionError

HOME = "app_pages/home.py"
START = "app_pages/start.py"
LIBRARY = "app_pages/library.py"
FACILITATOR = "app_pages/facilitator.py"
CONSOLE = "app_pages/console.py"
DEBRIEF = "app_pages/debrief.py"
EVALUATOR = "app_pages/evaluator.py"
STUDIO = "app_pages/studio.py"
COHORT = "app_pages/cohort.py"
TRENDS = "app_pages/trends.py"

_PAGES = {
    START: ("Start", ":material/play_circle:", "start"),
    LIBRARY: ("Scenario library", ":material/menu_book:", "library"),
    FACILITATOR: ("Facilitator console", ":material/tune:", "facilitator"),
    CONSOLE: ("Incident console", ":material/emergency:", "console"),
    DEBRIEF: ("Debrief", ":material/summarize:", "debrief"),
    EVALUATOR: ("Evaluator console", ":material/rate_review:", "evaluator"),
    STUDIO: ("Scenario studio", ":material/edit_document:", "studio"),
    COHORT: ("Cohorts", ":material/groups:", "cohort"),
    TRENDS: ("Team trends", ":material/trending_up:", "trends"),
}


def page(path: str) -> st.Page:
    title, icon, url_path = _PAGES[path]
    return st.Page(path, title=title, icon=icon, url_path=url_path)


def pages(identity: Identity | None) -> list[st.Page]:
    """Home (hidden, the default), then this tab's pages."""
    home = st.Page(HOME, title="Home", url_path="home", default=True, visibility="hidden")
    paths = page_paths(identity, session_ended(identity), cohort_hold.held() is not None)
    return [home, *(page(p) for p in paths)]


def link(path: str, identity: Identity | None, label: str | None = None) -> None:
    """A link to one of the pages that carries who you are in its URL, like the address bar:
    without them Streamlit clears the query parameters, and a click that loads the page afresh
    (a new tab, or a click the browser handles before Streamlit does) would leave the session."""
    title, icon, _url_path = _PAGES[path]
    st.page_link(path, label=label or title, icon=icon, query_params=query_params(identity))


def go_home(identity: Identity | None) -> None:
    """Switch to Home (which sends you to your first page), keeping who you are in the URL."""
    st.switch_page(HOME, query_params=query_params(identity))


KEPT_PARAMS = ("join", "code", "draft", "cohort")  # a join link's prefill, a console's draft token


def go_first(identity: Identity | None) -> None:
    """From Home: on to the first page of this tab's list."""
    first = page_paths(identity, session_ended(identity), cohort_hold.held() is not None)[0]
    kept = {k: st.query_params[k] for k in KEPT_PARAMS if k in st.query_params}
    st.switch_page(first, query_params={**kept, **query_params(identity)})


def page_paths(identity: Identity | None, ended: bool, cohort: bool = False) -> list[str]:
    """Which pages this tab gets, the default first (the cohort console while one is held)."""
    if identity is None:
        return [COHORT, START, LIBRARY, TRENDS] if cohort else [START, LIBRARY, COHORT, TRENDS]
    if identity.is_player and identity.role == EVALUATOR_ROLE:
        return [DEBRIEF, EVALUATOR] if ended else [EVALUATOR, DEBRIEF]
    if identity.is_player:
        return [DEBRIEF, CONSOLE] if ended else [CONSOLE, DEBRIEF]
    if ended:
        return [DEBRIEF, FACILITATOR, LIBRARY, STUDIO, TRENDS]
    return [FACILITATOR, DEBRIEF, LIBRARY, STUDIO, TRENDS]


def session_ended(identity: Identity | None) -> bool:
    if identity is None:
        return False
    try:
        return service().status(identity.session_id).state == "ended"
    except SessionError:
        return False
