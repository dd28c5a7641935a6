"""Located errors for the self-test's own fields: metric expectations and `expect.claims`.

Cases append to the minimal fixture with EXPECT (which ends on line 97), so new lines start at 98.
"""

from __future__ import annotations

from scenario_text import WITH_EXPECT, problems

from simulator.scenario import load_scenario_text


def with_lines(no_response: str = "", ideal: str = "", claims: str = "") -> str:
    """WITH_EXPECT with metrics under no_response / ideal_response and claims at the end."""
    text = WITH_EXPECT
    if no_response:
        text = text.replace(
            "    impact_starts_by: 10m", "    impact_starts_by: 10m\n" + no_response
        )
    if ideal:
        text = text.replace("    impact_ends_by: 20m", "    impact_ends_by: 20m\n" + ideal)
    return text + claims


def test_valid_metric_expectations_and_claims_load() -> None:
    text = with_lines(
        no_response="    metrics: [{metric: latency_p99_ms, between: [5m, 9m], mean_above: 5}]\n",
        ideal="    metrics: [{metric: orders_per_minute, between: [25m, 30m], min_above: 10}]\n",
        claims="  claims:\n    - {ref: rollback, at: [6m, 12m], within: 8m}\n"
        "    - {ref: {action: set_pool_size, params: {size: 50}}, fault: leak, at: [7m]}\n",
    )
    expect = load_scenario_text(text, "minimal.yaml").scenario.expect
    assert expect is not None
    assert expect.no_response.metrics[0].bounds() == [("mean_above", 5.0)]
    assert [claim.at for claim in expect.claims] == [[360.0, 720.0], [420.0]]


def test_metric_names_are_checked_with_did_you_mean() -> None:
    text = with_lines(
        no_response="    metrics:\n"
        "      - {metric: latency_p99, between: [5m, 10m], mean_above: 500}\n",
        ideal="    metrics:\n      - {metric: orders, between: [25m, 40m]}\n",
    )
    assert problems(text) == [
        "minimal.yaml:92:18: error: expect.no_response.metrics[0].metric: unknown metric "
        "(got 'latency_p99'); did you mean 'latency_p99_ms'?",
        "minimal.yaml:100:9: error: expect.ideal_response.metrics[0]: expected at least one of "
        "mean_above, mean_below, min_above or max_below",
        "minimal.yaml:100:18: error: expect.ideal_response.metrics[0].metric: unknown metric "
        "(got 'orders')",
        "minimal.yaml:100:41: error: expect.ideal_response.metrics[0].between[1]: after the end "
        "of the scenario (duration 30m) (got '40m')",
    ]


def test_metric_window_order() -> None:
    text = with_lines(
        no_response="    metrics: [{metric: error_ratio, between: [10m, 5m], mean_below: 1}]\n"
    )
    assert problems(text) == [
        "minimal.yaml:91:46: error: expect.no_response.metrics[0].between: expected the first "
        "time to be before the second (got a list)",
    ]


def test_claims_must_name_a_listed_ref_and_a_known_fault() -> None:
    text = with_lines(
        claims="  claims:\n"
        "    - {ref: scale, at: [6m]}\n"
        "    - {ref: {action: rollback, params: {target: config}}, at: [6m, 1h]}\n"
        "    - {ref: restart_pods, fault: leek, at: [6m]}\n"
    )
    listed = "(listed: rollback(target=deploy), restart_pods, set_pool_size(size=50))"
    assert problems(text) == [
        f"minimal.yaml:99:13: error: expect.claims[0].ref: matches no fixed_by, mitigated_by or "
        f"harmful ref of any fault {listed} (got 'scale')",
        f"minimal.yaml:100:13: error: expect.claims[1].ref: matches no fixed_by, mitigated_by or "
        f"harmful ref of any fault {listed} (got 'rollback(target=config)')",
        "minimal.yaml:100:68: error: expect.claims[1].at[1]: after the end of the scenario "
        "(duration 30m) (got '1h')",
        "minimal.yaml:101:34: error: expect.claims[2].fault: unknown fault (got 'leek'); did you "
        "mean 'leak'?",
    ]


def test_claim_refs_are_actions_and_times_are_required() -> None:
    text = with_lines(claims="  claims:\n    - {ref: restrat_pods}\n")
    assert problems(text) == [
        "minimal.yaml:99:7: error: expect.claims[0].at: missing required key",
        "minimal.yaml:99:13: error: expect.claims[0].ref.action: unknown action (got "
        "'restrat_pods'); did you mean 'restart_pods'?",
    ]
