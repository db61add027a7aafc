"""``python -m bench events`` run for real with tiny numbers: the rush ends exactly right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import main

pytestmark = pytest.mark.e2e


def test_events_suite_pairs_and_serves_the_rush_in_tap_order(tmp_path: Path) -> None:
    argv = ["--out", str(tmp_path), "events", "--participants", "200", "--invitees", "12"]
    assert main([*argv, "--tappers", "8", "--seats", "3", "--backend", "sqlite"]) == 0
    [written] = list(tmp_path.glob("events-*.json"))
    results = json.loads(written.read_text())["results"]
    pairing, rush = results["pairing"], results["sqlite"]
    assert (pairing["participants"], pairing["errors"], pairing["repeats"]) == (200, 0, 0)
    assert (rush["seats_taken"], rush["waitlisted"], rush["answered"]) == (3, 5, 8)
    assert rush["waitlist_in_tap_order"] is True
    assert results["errors"] == 0
