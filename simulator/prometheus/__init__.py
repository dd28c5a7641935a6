"""The game on the team's real tools: Prometheus names, rule files, `promtool` unit tests,
`/metrics` and Grafana dashboards (DESIGN section 12).

- `names`: how a simulated metric is called in Prometheus (`gameday_` prefix, `_total` counters).
- `promql`: our alert-expression subset written out as PromQL.
- `rules`: a scenario's alert rules as a Prometheus rule file.
- `promtool`: a `promtool test rules` file from a simulated run.
- `exposition`: a `prometheus_client` collector over live sessions (`/metrics`).
- `grafana`: a scenario's dashboard as Grafana JSON.
"""
