"""A scenario's dashboard as Grafana JSON (`gameday grafana-dashboard`), importable as it is.

The panels are the ones the game's live dashboard opens with (`simulator.ui.series.
default_metrics`: the base four, then what the alert rules watch), each a time series over the
`/metrics` series of one session, picked with the `session` variable. Two annotation queries
over the same Prometheus mark the game's alerts (`gameday_alert_firing`, a region while firing)
and the players' accepted actions (`gameday_actions_total` changing, or appearing: a role's first
action of a kind creates its series). The data source is a
variable, so the file imports into any Grafana with a Prometheus data source.
"""

from __future__ import annotations

from typing import Any

from simulator.metrics import METRIC_INFO
from simulator.prometheus.names import PREFIX, series_name
from simulator.scenario.schema import Scenario
from simulator.ui.series import default_metrics, metric_title

DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
UNITS = {"ratio": "percentunit", "ms": "ms", "req/s": "reqps"}
PANEL_WIDTH, PANEL_HEIGHT, COLUMNS = 12, 8, 2
_INFO = {m.name: m for m in METRIC_INFO}


def dashboard(scenario: Scenario) -> dict[str, Any]:
    """The dashboard JSON as plain data (write it with json.dumps)."""
    return {
        "title": f"Game day: {scenario.title}",
        "uid": f"gameday-{scenario.id}"[:40],
        "tags": ["gameday", "drill", scenario.id],
        "timezone": "browser",
        "schemaVersion": 39,
        "editable": True,
        "refresh": "5s",
        "time": {"from": "now-1h", "to": "now"},
        "templating": {"list": [_datasource_variable(), _session_variable(scenario)]},
        "annotations": {"list": dashboard_annotations(scenario)},
        "panels": [
            panel(metric, scenario, index) for index, metric in enumerate(default_metrics(scenario))
        ],
    }


def selector(scenario: Scenario) -> str:
    return f'scenario="{scenario.id}",session=~"$session"'


def panel_expr(metric: str, scenario: Scenario) -> str:
    return f"{series_name(metric)}{{{selector(scenario)}}}"


def panel(metric: str, scenario: Scenario, index: int) -> dict[str, Any]:
    info = _INFO[metric]
    return {
        "id": index + 1,
        "type": "timeseries",
        "title": metric_title(metric),
        "description": f"{info.help} (simulated)",
        "datasource": DATASOURCE,
        "gridPos": {
            "x": (index % COLUMNS) * PANEL_WIDTH,
            "y": (index // COLUMNS) * PANEL_HEIGHT,
            "w": PANEL_WIDTH,
            "h": PANEL_HEIGHT,
        },
        "fieldConfig": {"defaults": {"unit": UNITS.get(info.unit, "short")}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom"}},
        "targets": [
            {
                "refId": "A",
                "datasource": DATASOURCE,
                "expr": panel_expr(metric, scenario),
                "legendFormat": "{{session}}",
            }
        ],
    }


def annotation_exprs(scenario: Scenario) -> dict[str, str]:
    """The two annotation queries: alerts firing, actions taken."""
    where = selector(scenario)
    actions = f"{PREFIX}actions_total{{{where}}}"
    return {
        "alerts": f"{PREFIX}alert_firing{{{where}}} == 1",
        # a count that changed, or the series of a role's first such action (new this minute)
        "actions": f"changes({actions}[1m]) > 0 or ({actions} unless {actions} offset 1m)",
    }


def dashboard_annotations(scenario: Scenario) -> list[dict[str, Any]]:
    exprs = annotation_exprs(scenario)
    return [
        {
            "name": "Game alerts",
            "datasource": DATASOURCE,
            "enable": True,
            "iconColor": "orange",
            "expr": exprs["alerts"],
            "step": "15s",
            "titleFormat": "{{alertname}} firing",
            "tagKeys": "session,alertname",
        },
        {
            "name": "Player actions",
            "datasource": DATASOURCE,
            "enable": True,
            "iconColor": "blue",
            "expr": exprs["actions"],
            "step": "15s",
            "titleFormat": "{{role}}: {{action}}",
            "tagKeys": "session,role,action",
        },
    ]


def _datasource_variable() -> dict[str, Any]:
    return {
        "name": "datasource",
        "label": "Prometheus",
        "type": "datasource",
        "query": "prometheus",
    }


def _session_variable(scenario: Scenario) -> dict[str, Any]:
    return {
        "name": "session",
        "label": "Session",
        "type": "query",
        "datasource": DATASOURCE,
        "query": f'label_values({PREFIX}session_sim_time_seconds{{scenario="{scenario.id}"}}, '
        "session)",
        "refresh": 2,
        "includeAll": True,
        "multi": True,
    }
