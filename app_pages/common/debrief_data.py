"""An ended session's journal, score and after-action report, built once per process.

An ended session's journal no longer changes, so it is cached by store URL, session id and who is
asking (the facilitator's report adds the discussion questions). The HTML report draws its charts
with matplotlib and takes seconds, the PDF (WeasyPrint) a few more: each is rendered on its first
download and kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import streamlit as st

from app_pages.common.service import service
from simulator.journal import Journal
from simulator.report import Report, build_report, render, render_pdf
from simulator.scoring import Score, score
from simulator.session import database_url


@dataclass
class Debrief:
    journal: Journal
    score: Score
    report: Report
    _html: str | None = None
    _pdf: bytes | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def markdown(self) -> str:
        return render(self.report, "md")

    def json(self) -> str:
        return render(self.report, "json")

    def html(self) -> str:
        with self._lock:
            if self._html is None:
                self._html = render(self.report, "html")
            return self._html

    def pdf(self) -> bytes:
        with self._lock:
            if self._pdf is None:
                self._pdf = render_pdf(self.report)
            return self._pdf


@st.cache_resource(show_spinner="Scoring the exercise...", max_entries=32)
def _debrief(url: str, session_id: str, for_facilitator: bool, hidden: frozenset[str]) -> Debrief:
    """Keyed by what is hidden too: hiding an entry after the end redraws the reports."""
    journal = service().debrief_journal(session_id)
    result = score(journal)
    return Debrief(journal, result, build_report(journal, result, for_facilitator=for_facilitator))


def debrief(session_id: str, for_facilitator: bool) -> Debrief:
    """The debrief of an ended session (call only once it has ended)."""
    return _debrief(database_url(), session_id, for_facilitator, service().hidden(session_id))
