#!/usr/bin/env python3
"""Writes chorus-dashboard.json (Grafana 10+, Prometheus data source chosen on import) for the metrics the app
exports on /metrics. Run: python3 deploy/grafana/make_dashboard.py"""
import json
import os

PANELS = [
    ("Requests/s by status", "timeseries", "reqps", ["sum by (code) (rate(vertx_http_server_requests_total[1m]))"], "{{code}}"),
    ("5xx share", "timeseries", "percentunit", ["sum(rate(vertx_http_server_requests_total{code=~\"5..\"}[5m])) / clamp_min(sum(rate(vertx_http_server_requests_total[5m])), 1)"], "5xx"),
    ("Answer time p50 / p99", "timeseries", "s", [
        "histogram_quantile(0.5, sum by (le) (rate(vertx_http_server_response_time_seconds_bucket[5m])))",
        "histogram_quantile(0.99, sum by (le) (rate(vertx_http_server_response_time_seconds_bucket[5m])))"], None),
    ("Shared dependencies up (per container)", "state-timeline", "short", ["min by (dependency) (chorus_dependency_up)"], "{{dependency}}"),
    ("503 because a dependency did not answer", "timeseries", "reqps", ["sum(rate(chorus_dependency_unavailable_total[1m]))"], "503/s"),
    ("Page errors reported by fans' browsers (sampled half)", "timeseries", "short", ["sum by (kind) (increase(chorus_client_errors_total[5m]))"], "{{kind}} / 5 min"),
    ("Unhandled 500s", "timeseries", "short", ["sum(increase(chorus_unhandled_errors_total[5m]))"], "500s / 5 min"),
    ("Rate limiter on Redis (0 = in-process fallback)", "state-timeline", "short", ["chorus_ratelimit_redis_up"], "{{instance}}"),
    ("Rate-limit decisions/s", "timeseries", "reqps", ["sum by (policy, outcome, source) (rate(chorus_ratelimit_requests_total[1m]))"], "{{policy}} {{outcome}} {{source}}"),
    ("Renders in flight / refused", "timeseries", "short", ["sum(chorus_render_in_flight)", "sum(rate(chorus_render_refused_total[1m]))"], ["in flight", "refused/s"]),
    ("Job queue depth by kind", "timeseries", "short", ["sum by (kind) (chorus_jobs_depth{state=\"queued\"})"], "{{kind}}"),
    ("Oldest queued job", "timeseries", "s", ["max by (kind) (chorus_jobs_oldest_seconds)"], "{{kind}}"),
    ("Job failures / dead", "timeseries", "short", ["sum by (kind) (increase(chorus_jobs_failures_total[5m]))", "sum by (kind) (increase(chorus_jobs_dead_total[5m]))"], ["{{kind}} failures", "{{kind}} dead"]),
    ("Heap used per container", "timeseries", "bytes", ["sum by (instance) (jvm_memory_used_bytes{area=\"heap\"})"], "{{instance}}"),
    ("CPU per container", "timeseries", "percentunit", ["process_cpu_usage"], "{{instance}}"),
    ("Event-loop pending tasks", "timeseries", "short", ["sum by (instance) (vertx_pool_queue_pending{pool_type=\"worker\"})"], "{{instance}}"),
    ("Containers", "stat", "short", ["count(up{job=~\".*chorus.*\"} == 1)"], "up"),
]


def panel(i, title, kind, unit, exprs, legend):
    return {
        "id": i + 1, "title": title, "type": kind,
        "datasource": {"type": "prometheus", "uid": "${datasource}"},
        "gridPos": {"h": 8, "w": 12, "x": (i % 2) * 12, "y": (i // 2) * 8},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "targets": [{"refId": chr(65 + j), "expr": e, "legendFormat": legend[j] if isinstance(legend, list) else legend,
                     "datasource": {"type": "prometheus", "uid": "${datasource}"}} for j, e in enumerate(exprs)],
    }


dashboard = {
    "title": "Chorus",
    "uid": "chorus-overview",
    "schemaVersion": 39,
    "version": 1,
    "time": {"from": "now-3h", "to": "now"},
    "refresh": "30s",
    "tags": ["chorus"],
    "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "prometheus", "label": "Prometheus"}]},
    "panels": [panel(i, *p) for i, p in enumerate(PANELS)],
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "chorus-dashboard.json"), "w") as f:
    json.dump(dashboard, f, indent=2)
    f.write("\n")
