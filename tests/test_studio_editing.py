"""The studio's editing helpers: problems marked on the right lines for many kinds of mistakes
(the validator's own test cases on the `#N`-numbered minimal fixture), one-click suggestions,
copies and diffs, and hostile text that never raises."""

from __future__ import annotations

import pytest
from scenario_text import MINIMAL, edit
from studio_hostile import HOSTILE

from simulator.studio import (
    TEMPLATE,
    apply_suggestion,
    check_text,
    copy_text,
    diff_text,
    marked_listing,
    rename,
)

# (what is wrong, the edit, the line it is marked on, the suggestion offered or None)
MISTAKES = [
    ("unknown key", ("    for: 2m", "    fro: 2m"), 49, "for"),
    (
        "unknown fault type",
        ("type: connection_leak", "type: conection_leak"),
        34,
        "connection_leak",
    ),
    ("bad choice", ("difficulty: beginner", "difficulty: hard"), 6, None),
    ("wrong case", ("severity: SEV2", "severity: sev2"), 7, "SEV2"),
    ("unsupported version", ("version: 1", "version: 2"), 2, None),
    ("unknown action", ("      - restart_pods", "      - restart_pod"), 42, "restart_pods"),
    ("bad duration", ("    for: 2m", "    for: soon"), 49, None),
    ("not a number", ("    baseline_rps: 100", "    baseline_rps: lots"), 15, None),
    ("not a whole number", ("  replicas: 3", "  replicas: 2.5"), 11, None),
    ("below the minimum", ("  replicas: 3", "  replicas: 0"), 11, None),
    ("bad identifier", ("id: minimal-leak", "id: Minimal Leak"), 3, None),
    ("YAML syntax", ("    for: 2m", "    for: [2m"), 50, None),
    ("unknown metric", ("(error_ratio[5m])", "(eror_ratio[5m])"), 48, "error_ratio"),
]


@pytest.mark.parametrize(
    ("kind", "change", "line", "suggestion"), MISTAKES, ids=[m[0] for m in MISTAKES]
)
def test_each_mistake_is_marked_on_its_line(kind, change, line, suggestion):
    text = edit(change)
    checked = check_text(text, "minimal.yaml")
    assert not checked.valid
    assert [p.line for p in checked.problems] == [line], kind
    listing = marked_listing(text, checked.problems).splitlines()
    marked = [row for row in listing if row.startswith(">>")]
    assert marked == [f">> {line:>2} | {text.splitlines()[line - 1]}"]  # 83 lines: width 2
    caret = listing[listing.index(marked[0]) + 1]
    problem = checked.problems[0]
    assert caret.index("^") - caret.index("|") - 2 == problem.column - 1
    assert caret.endswith(problem.format().split(": ", 1)[1])
    assert [p.suggestion for p in checked.problems] == [suggestion]


@pytest.mark.parametrize(
    "change", [m[1] for m in MISTAKES if m[3] is not None], ids=[m[0] for m in MISTAKES if m[3]]
)
def test_applying_the_suggestion_fixes_the_mistake(change):
    text = edit(change)
    (problem,) = check_text(text).problems
    fixed = apply_suggestion(text, problem)
    assert fixed is not None
    assert check_text(fixed).valid
    assert fixed == MINIMAL


def test_the_listing_can_show_only_the_lines_around_problems():
    text = edit(("  replicas: 3", "  replicas: 0"), ("    for: 2m", "    for: soon"))
    listing = marked_listing(text, check_text(text).problems, context=1).splitlines()
    numbers = [int(row[3:5]) for row in listing if row[3:5].strip().isdigit()]
    assert numbers == [10, 11, 12, 48, 49, 50]
    assert listing[0].startswith("   10 |") and "   ..." in listing


def test_problems_without_a_suggestion_have_no_fix():
    text = edit(("  replicas: 3", "  replicas: 0"))
    (problem,) = check_text(text).problems
    assert apply_suggestion(text, problem) is None


def test_the_template_is_valid():
    checked = check_text(TEMPLATE)
    assert checked.valid, [p.format() for p in checked.problems]


def test_a_copy_changes_only_the_id_line(shipped):
    text = shipped["pool-exhaustion.yaml"].text
    copy = copy_text(text, "pool-exhaustion")
    assert check_text(copy).loaded.scenario.id == "pool-exhaustion-copy"
    changed = [line for line in diff_text(text, copy, "a", "b").splitlines() if line[:1] in "+-"]
    assert changed == ["--- a", "+++ b", "-id: pool-exhaustion", "+id: pool-exhaustion-copy"]
    assert diff_text(text, text, "a", "b") == ""


def test_rename_adds_an_id_when_there_is_none():
    assert rename("title: x\n", "new") == "id: new\ntitle: x\n"
    assert rename("id: old  # a comment\ntitle: x\n", "new") == "id: new\ntitle: x\n"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_problems_never_an_exception(text):
    checked = check_text(text)
    assert not checked.valid and checked.problems
    listing = marked_listing(text, checked.problems)
    assert ">>" in listing
    for problem in checked.problems:
        apply_suggestion(text, problem)  # never raises
