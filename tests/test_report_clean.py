"""Reports carry participants' raw text safely, in every format: control characters (NUL, BEL,
ESC sequences, C1's CSI) never reach the file, and Markdown in a note (links, images, emphasis,
raw HTML) is rendered literally, with links shown as text."""

from __future__ import annotations

import json
import re

import pytest

from simulator.report import build_report, render, render_pdf
from simulator.report.clean import markdown_text, printable
from tests.pdf_pages import pdf_text
from tests.scoring_helpers import POOL, act, ideal_actions, run

CONTROLS = "bell\x07 nul\x00 esc\x1b[2J\x1b]0;owned\x07 csi\x9b31m del\x7f"
LINK = "[Open the runbook](https://phish.example/login)"
IMAGE = "![status](https://tracker.example/pixel.png)"
BARE = "see https://phish.example/reset and www.phish.example or ops@phish.example"
NOTE = f"{CONTROLS} {LINK} {IMAGE} **urgent** <b>x</b> {BARE}"
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def report():
    actions = [
        *ideal_actions(POOL),
        act(20 * 60, "scribe", "timeline_note", {"text": NOTE, "tag": "action_item"}),
    ]
    return build_report(run(POOL, actions))


def test_markdown_has_no_control_characters_and_no_live_links(report):
    text = render(report, "md")
    assert not CONTROL_CHARS.search(text)
    assert "␇" in text and "␀" in text and "␛" in text and "\ufffd" in text
    unescaped = re.sub(r"\\.", "", text)  # what is left once Markdown's escapes are applied
    for live in ("](", "![", "**urgent**", "<b>", "https://phish", "https://tracker"):
        assert live not in unescaped, live
    assert "\\[Open the runbook\\](https:\u200b//phish.example/login)" in text  # shown as text
    assert "www\u200b.phish" in text and "ops@\u200bphish" in text


def test_html_has_no_control_characters_and_no_links(report):
    text = render(report, "html")
    assert not CONTROL_CHARS.search(text)
    assert "phish.example" in text and "<a " not in text and "<img" not in text
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "␛[2J" in text


def test_json_keeps_the_text_without_control_characters(report):
    text = render(report, "json")
    assert not CONTROL_CHARS.search(text) and "\\u001b" not in text and "\\u0000" not in text
    items = [i["text"] for i in json.loads(text)["action_items"]]
    assert printable(NOTE) in items  # the words are all there, controls made visible


def test_pdf_text_has_no_control_characters(report, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(report))
    text = pdf_text(path)
    assert "Open the runbook" in text and "phish.example/login" in text
    assert not re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", text)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("# not a heading", "\\# not a heading"),
        ("- not a list", "\\- not a list"),
        ("12. not a list", "12\\. not a list"),
        ("> not a quote", "&gt; not a quote"),
        ("restart_pods then `set_pool_size`", "restart_pods then `set_pool_size`"),
        ("_emphasis_ and a | pipe", "\\_emphasis\\_ and a \\| pipe"),
    ],
)
def test_markdown_text_escapes_only_what_markdown_acts_on(typed, shown):
    assert markdown_text(typed) == shown
