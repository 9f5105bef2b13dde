"""Access classification of the production-shape endpoints (and the silent actor video)."""

from tests.support.access import ADMIN

# /metrics: admins, or a scraper with the METRICS_TOKEN bearer token (tested in test_metrics)
ENTRIES = {
    "ops.metrics": ({}, ADMIN),
    "assessment.scenario_video_accept_silent": ({"public_id": "scenario"}, ADMIN),
}
