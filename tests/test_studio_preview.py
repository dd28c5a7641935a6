"""The studio's preview data: both runs, the alert metrics, and the markers the charts draw."""

from __future__ import annotations

from simulator.studio import preview
from simulator.studio.preview import alert_metrics


def test_preview_of_pool_exhaustion(shipped):
    loaded = shipped["pool-exhaustion.yaml"]
    result = preview(loaded, 1)
    assert alert_metrics(loaded) == [
        "error_ratio",
        "orders_per_minute",
        "pool_utilization",
        "latency_p99_ms",
        "pod_restarts",
    ]
    no_response, ideal = result.runs
    assert (no_response.name, ideal.name) == ("no response", "ideal response")
    assert [s.metric for s in no_response.series] == alert_metrics(loaded)
    assert no_response.until == loaded.scenario.duration
    onsets = [m for m in no_response.markers if m.kind == "fault"]
    assert [(m.t, m.label) for m in onsets] == [(180.0, "fault audit-transaction-leak starts")]
    fired = {m.label for m in no_response.markers if m.kind == "alert"}
    assert "CheckoutHighErrorRatio firing" in fired
    assert any(
        m.kind == "inject" and m.label == "inject cert-expiry-warning" for m in ideal.markers
    )
    # The ideal response ends the impact: its error ratio ends low, the no-response one high.
    assert no_response.series[0].values[-1] > 0.5 > 0.01 > ideal.series[0].values[-1]
    assert result.failed == 0 and len(result.checks) == 9
