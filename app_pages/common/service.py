"""One `SessionService` per server process and store URL, and the scenario library.

`st.cache_resource` keys the service by its URL (`GAMEDAY_DATABASE_URL`, else the default SQLite
file), so tests that point the variable at their own store never share a service.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from simulator.cohorts import CohortService
from simulator.library import ScenarioLibrary
from simulator.session import (
    ActionLimits,
    SessionService,
    Store,
    configured_pass_key,
    database_url,
)
from simulator.ui.library import Library, load_library

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR_ENV = "GAMEDAY_SCENARIO_DIR"
# A page's write waits this long for a SQLite lock another writer holds, then fails and is retried
# with backoff (`retrying.with_backoff`): a held lock is reported next to the control within
# about 7 s instead of after the store's 30 s default. Readers are not blocked (WAL).
PAGE_BUSY_TIMEOUT_MS = 2_000


@st.cache_resource(show_spinner=False)
def _service_for(url: str) -> SessionService:
    """The web app's service limits each participant's actions (`ActionLimits`) and waits
    `PAGE_BUSY_TIMEOUT_MS` for a SQLite lock; with company sign-in it takes facilitator passes."""
    store = Store(url, busy_timeout_ms=PAGE_BUSY_TIMEOUT_MS)
    return SessionService(store, action_limits=ActionLimits(), pass_key=configured_pass_key())


def service() -> SessionService:
    """The process's service for the configured store (StoreError when it cannot be opened)."""
    return _service_for(database_url())


@st.cache_resource(show_spinner=False)
def _library_for(url: str) -> ScenarioLibrary:
    svc = _service_for(url)
    return ScenarioLibrary(svc.store, svc.clock)


@st.cache_resource(show_spinner=False)
def _cohorts_for(url: str) -> CohortService:
    return CohortService(_service_for(url))


def cohorts() -> CohortService:
    """The process's cohorts, over the same store and session service as the pages."""
    return _cohorts_for(database_url())


def stored_library() -> ScenarioLibrary:
    """The stored scenario library (the studio's), in the same store as the sessions."""
    return _library_for(database_url())


def scenario_dir() -> Path:
    configured = os.environ.get(SCENARIO_DIR_ENV, "").strip()
    return Path(configured) if configured else ROOT / "scenarios"


@st.cache_resource(show_spinner=False, max_entries=8)
def _library(directory: str, stamp: tuple[tuple[str, float], ...]) -> Library:
    return load_library(Path(directory))


def library() -> Library:
    """The scenario library, reloaded when a file in it changes."""
    directory = scenario_dir()
    files = sorted(directory.glob("*.y*ml")) if directory.is_dir() else []
    stamp = tuple((p.name, p.stat().st_mtime) for p in files)
    return _library(str(directory), stamp)
