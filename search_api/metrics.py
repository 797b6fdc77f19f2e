"""Prometheus metrics: requests and latency per route, searches and zero-result searches."""
from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

CONTENT_TYPE = CONTENT_TYPE_LATEST
REGISTRY = CollectorRegistry()
REQUESTS = Counter("vindplaats_http_requests_total", "HTTP requests", ["route", "status"], registry=REGISTRY)
LATENCY = Histogram("vindplaats_http_request_seconds", "HTTP request latency", ["route"], registry=REGISTRY,
                    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5))
SEARCH_PARTIAL = Counter("vindplaats_partial_searches_total",
                         "searches that ran out of their deadline and left parts out", registry=REGISTRY)
ZERO_RESULTS = Counter("vindplaats_zero_result_searches_total", "searches that found nothing", registry=REGISTRY)


def render() -> bytes:
    return generate_latest(REGISTRY)
