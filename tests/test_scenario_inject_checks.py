"""Semantic checks of injects (when they are sent, what they name) and of the placeholders in
scenario text (`{name}`, doubled braces).

Each case edits the valid minimal fixture (`tests/fixtures/minimal.yaml`) and asserts every
message in full; the other semantic checks are in test_scenario_checks.py.
"""

from __future__ import annotations

from scenario_text import check, edit

from simulator.scenario import load_scenario_text
from simulator.scenario.placeholders import TEXT_PLACEHOLDERS

# ---------------------------------------------------------------- injects


def test_inject_needs_at_or_when() -> None:
    assert check(("    at: 10m", "    noise: false")) == [
        "minimal.yaml:54:5: error: injects[0]: missing 'at' or 'when' (when to send the inject)"
    ]


def test_inject_cannot_have_both_at_and_when() -> None:
    assert check(("    at: 10m", "    at: 10m\n    when: {after: 1m}")) == [
        "minimal.yaml:56:5: error: injects[0]: give either 'at' or 'when', not both"
    ]


def test_inject_alert_must_exist() -> None:
    assert check(("alert_firing: HighErrorRatio", "alert_firing: HighErrorRate")) == [
        "minimal.yaml:61:21: error: injects[1].when.alert_firing: unknown alert "
        "(got 'HighErrorRate'); did you mean 'HighErrorRatio'?"
    ]


def test_inject_condition_expression_is_checked() -> None:
    assert check(
        ("      after: 8m", "      after: 8m\n      expr: orders_per_minute < "),
    ) == ["minimal.yaml:63:32: error: injects[1].when.expr: unexpected end of expression"]


def test_inject_condition_metric_is_checked() -> None:
    assert check(("      after: 8m", "      after: 8m\n      expr: orders_per_min < 10")) == [
        "minimal.yaml:63:13: error: injects[1].when.expr: unknown metric (got 'orders_per_min'); "
        "did you mean 'orders_per_minute'?"
    ]


# ---------------------------------------------------------------- placeholders


def test_placeholders_in_sender_subject_and_text() -> None:
    assert check(
        ('sender: "{name}"', 'sender: "{nme}"'),
        ("subject: Ticket {ticket_id}", "subject: Ticket {ticket}"),
        ("text: Any news on checkout, {first_name}?", "text: Any news, {first}? {zzz}"),
    ) == [
        "minimal.yaml:57:14: error: injects[0].sender: unknown placeholder (got '{nme}'); "
        "did you mean 'name'?",
        "minimal.yaml:58:21: error: injects[0].text: unknown placeholder (got '{first}'); "
        "did you mean 'first_name'?",
        "minimal.yaml:58:30: error: injects[0].text: unknown placeholder (placeholders: "
        + ", ".join(TEXT_PLACEHOLDERS)
        + ") (got '{zzz}')",
        "minimal.yaml:65:21: error: injects[1].subject: unknown placeholder (got '{ticket}'); "
        "did you mean 'ticket_id'?",
    ]


def test_placeholders_in_command_extra_lines() -> None:
    assert check(('"host {host} ok"', '"host {hots} ok"')) == [
        "minimal.yaml:73:15: error: commands[0].extra_lines[0]: unknown placeholder "
        "(got '{hots}'); did you mean 'host'?"
    ]


def test_doubled_braces_are_literal() -> None:
    text = edit(("text: Checkout fails for us.", 'text: "JSON {{\\"ok\\": false}} for {email}"'))
    load_scenario_text(text, "m.yaml")


def test_single_braces_must_be_doubled() -> None:
    assert check(("text: Checkout fails for us.", 'text: "a } b { c"')) == [
        "minimal.yaml:66:14: error: injects[1].text: single '}' (write '}}' for a literal brace)",
        "minimal.yaml:66:18: error: injects[1].text: unclosed '{' (write '{{' for a literal brace)",
    ]


def test_every_documented_placeholder_is_accepted() -> None:
    text = " ".join("{" + name + "}" for name in TEXT_PLACEHOLDERS)
    load_scenario_text(edit(("text: Checkout fails for us.", f'text: "{text}"')), "m.yaml")
