"""``python -m bench desk`` run for real at a tiny scale: every desk page measured on each
database, the page weight counted with its files, the step ratio computed, nothing failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import main
from handlers.desk.web import PAGES
from tests.conftest import postgres_reachable

pytestmark = pytest.mark.e2e


def test_desk_suite_measures_every_page_on_each_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    databases = ["sqlite", "postgresql"] if postgres_reachable() else ["sqlite"]
    argv = ["--out", str(tmp_path), "desk", "--scale", "0.01", "--requests", "3"]
    options = ["--steps", "6", "--rate", "10", "--timeout", "10"]
    choice = "both" if len(databases) == 2 else "sqlite"
    assert main([*argv, *options, "--database", choice]) == 0

    [written] = list(tmp_path.glob("desk-*.json"))
    results = json.loads(written.read_text())["results"]
    assert results["errors"] == 0
    assert [run["backend"] for run in results["runs"]] == databases
    for run in results["runs"]:
        assert run["errors"] == 0
        assert run["seeded"]["organisations"] == 40
        assert run["seeded"]["answers"] == 1000  # a hundredth of 100,000
        measured = {figures["path"].split("?")[0] for figures in run["pages"].values()}
        assert measured == {f"/desk/page/{page.name}" for page in PAGES}
        for figures in run["pages"].values():
            server = figures["server_ms"]
            assert 0 < server["p50"] <= server["p95"] < 10_000
            assert server["count"] == 3
            weight = figures["weight"]
            assert 0 < weight["html"] < weight["total"] < 300_000
            assert weight["assets"] > 10_000  # the frame's own script and style at least
        # the map's page loads Leaflet from the app: far heavier than a page without it
        heaviest = max(run["pages"].values(), key=lambda f: f["weight"]["total"])
        assert heaviest["path"].startswith("/desk/page/phenomena")
        assert heaviest["weight"]["assets"] > 100_000
        steps = run["steps"]
        assert steps["without_desk"]["steps"] == steps["with_desk"]["steps"] == 6
        assert steps["desk_loads"] > 0
        assert steps["ratio"]["p50"] is not None and steps["ratio"]["p50"] > 0
        assert steps["ratio"]["p95"] is not None and steps["ratio"]["p95"] > 0
        # the pages were drawn by the one worker process kylabot run starts by default
        memory = run["rss_mib"]
        assert memory["bot"] > 0
        assert len(memory["workers"]) == 1 and memory["workers"][0] > 0
    assert results["targets"]["weight_bytes"]["heaviest"] < 300_000
    assert written.name in capsys.readouterr().out
