"""The scenario studio's logic, apart from the page: checking text as it is typed (`editing`),
starting from a template or a shipped scenario and diffing against it (`origins`), and the
preview runs with every claim checked (`preview`). Nothing here imports streamlit."""

from __future__ import annotations

from simulator.studio.editing import (
    Checked,
    apply_suggestion,
    check_text,
    marked_listing,
    problem_lines,
)
from simulator.studio.origins import TEMPLATE, copy_text, diff_text, rename
from simulator.studio.preview import STUDIO_RUNS, Preview, claim_rows, measure, preview

__all__ = [
    "STUDIO_RUNS",
    "TEMPLATE",
    "Checked",
    "Preview",
    "apply_suggestion",
    "check_text",
    "claim_rows",
    "copy_text",
    "diff_text",
    "marked_listing",
    "measure",
    "preview",
    "problem_lines",
    "rename",
]
