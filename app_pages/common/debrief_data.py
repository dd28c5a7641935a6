"""An ended session's journal, score and after-action report, built once per process.

An ended session's journal no longer changes, so it is cached by store URL, session id and who is
asking (the facilitator's report adds the discussion questions). The HTML report draws its charts
with matplotlib and takes seconds, the PDF (WeasyPrint) a few more: each is rendered on its first
download and kept. The downloads carry the What if section once the debrief's what-if job has
stored its result (the what-if cache), so the report never runs the engine a second time.

The facilitator's saved action items (the improvement plan) replace the derived ones; the cache
is keyed by the saved plan too, so saving it redraws the debrief and its downloads.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace

import streamlit as st

from app_pages.common.service import service
from simulator.journal import Journal
from simulator.report import PlanItem, Report, build_report, render, render_pdf, with_plan
from simulator.scoring import Score, score
from simulator.session import database_url
from simulator.tabletop import Exercise
from simulator.whatif import report_data, stored_what_if


@dataclass
class Debrief:
    journal: Journal
    score: Score
    report: Report
    _with_what_if: Report | None = None
    _html: dict[bool, str] = field(default_factory=dict)
    _pdf: dict[bool, bytes] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def full_report(self) -> Report:
        """The report with its What if section once the debrief's what-if job has stored its
        result (simulator.whatif's cache); until then without it (the section says so)."""
        with self._lock:
            if self._with_what_if is None:
                found = stored_what_if(self.journal)
                if found is None:
                    return self.report
                self._with_what_if = replace(self.report, what_if=report_data(found))
            return self._with_what_if

    def markdown(self) -> str:
        return render(self.full_report(), "md")

    def json(self) -> str:
        return render(self.full_report(), "json")

    def html(self) -> str:
        report = self.full_report()
        done = report.what_if is not None
        with self._lock:
            if done not in self._html:
                self._html[done] = render(report, "html")
            return self._html[done]

    def pdf(self) -> bytes:
        report = self.full_report()
        done = report.what_if is not None
        with self._lock:
            if done not in self._pdf:
                self._pdf[done] = render_pdf(report)
            return self._pdf[done]


@st.cache_resource(show_spinner="Scoring the exercise...", max_entries=32)
def _debrief(
    url: str,
    session_id: str,
    for_facilitator: bool,
    hidden: frozenset[str],
    plan: tuple[tuple[str, ...], ...] | None,
    exercise: Exercise,
) -> Debrief:
    """Keyed by what is hidden too (hiding an entry after the end redraws the reports), by the
    saved plan's rows (`plan_key`), and by the tabletop's ratings and feedback, which keep coming
    after the end. The report reads those from the journal's header (`with_exercise`); the journal
    kept (the what-if's key) is without them, so a new rating does not start the what-if again."""
    journal = service().debrief_journal(session_id)
    result = score(journal)
    reported = service().with_exercise(session_id, journal)
    report = build_report(reported, result, for_facilitator=for_facilitator)
    saved = None if plan is None else tuple(PlanItem(*row) for row in plan)
    return Debrief(journal, result, with_plan(report, saved))


def plan_key(plan: tuple[PlanItem, ...] | None) -> tuple[tuple[str, ...], ...] | None:
    """A saved plan as plain tuples (what the cache hashes)."""
    return None if plan is None else tuple(tuple(i.to_dict().values()) for i in plan)


def debrief(session_id: str, for_facilitator: bool) -> Debrief:
    """The debrief of an ended session (call only once it has ended)."""
    svc = service()
    plan = plan_key(svc.action_items(session_id))
    return _debrief(
        database_url(),
        session_id,
        for_facilitator,
        svc.hidden(session_id),
        plan,
        svc.exercise(session_id),
    )
