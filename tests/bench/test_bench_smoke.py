"""The benchmark dispatcher and the foundation suite, run for real with tiny numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import SUITES
from bench.__main__ import load_suite, main
from bench._common import percentile

pytestmark = pytest.mark.e2e


def test_foundation_suite_writes_plausible_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--out", str(tmp_path), "foundation", "--users", "3", "--steps", "4"]
    assert main([*argv, "--latency-steps", "30", "--warmup", "2", "--timeout", "10"]) == 0

    [written] = list(tmp_path.glob("foundation-*.json"))
    document = json.loads(written.read_text())
    assert document["suite"] == "foundation"
    assert document["machine"]["logical_cpus"] >= 1
    assert document["options"]["users"] == 3
    results = document["results"]
    assert results["errors"] == 0
    for side in ("kylabot", "echo"):
        figures = results[side]
        assert figures["errors"] == 0
        sequential, concurrent = figures["sequential"], figures["concurrent"]
        assert sequential["steps"] == 30
        assert concurrent["steps"] == 3 * 4
        assert concurrent["users"] == 3
        assert concurrent["updates_per_s"] > 0
        for latency in (sequential["latency_ms"], concurrent["latency_ms"]):
            assert 0 < latency["p50"] <= latency["p95"] <= latency["max"] < 10_000
        rss = figures["rss_mib"]
        assert 10 < rss["idle"] <= rss["peak_lifetime"] < 4096
        assert 0 < rss["peak_under_load"] <= rss["peak_lifetime"]
        assert concurrent["bot_cpu_ms_per_update"] > 0
    # Both halves of the guided step were timed, 15 each, and each made its Bot API calls.
    by_step = results["kylabot"]["sequential"]["by_step"]
    assert by_step["command_to_keyboard"]["count"] == by_step["tap_to_edit"]["count"] == 15
    calls = results["kylabot"]["sequential"]["api_calls_per_step"]
    assert calls["sendMessage"] > 0 and calls["editMessageText"] > 0

    printed = capsys.readouterr().out
    assert "updates/s, 3 users concurrently" in printed
    assert "echo (PTB)" in printed
    assert written.name in printed


def test_dispatcher_lists_suites_and_tolerates_absent_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "foundation" in SUITES
    assert load_suite("foundation", required=True) is not None
    assert load_suite("no_such_suite", required=False) is None
    with pytest.raises(ModuleNotFoundError):
        load_suite("no_such_suite", required=True)
    assert main(["--list"]) == 0
    assert "foundation" in capsys.readouterr().out


def test_percentile_interpolates_between_ranks() -> None:
    values = [4.0, 1.0, 3.0, 2.0]
    assert percentile(values, 0) == min(values)
    assert percentile(values, 100) == max(values)
    assert percentile(values, 50) == pytest.approx((2.0 + 3.0) / 2)
    assert percentile([7.0], 95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)


def test_report_suite_times_each_format(tmp_path: Path) -> None:
    argv = ["--out", str(tmp_path), "report", "--sizes", "200", "--backends", "sqlite"]
    assert main([*argv, "--formats", "text,csv"]) == 0
    [written] = list(tmp_path.glob("report-*.json"))
    [run] = json.loads(written.read_text())["results"]["runs"]
    assert (run["backend"], run["answers"], run["history_rows"]) == ("sqlite", 200, 220)
    assert list(run["formats"]) == ["text", "csv"]
    for figures in run["formats"].values():
        assert figures["ok"] is True
        assert 0 < figures["s"] < 60 and 10 < figures["peak_rss_mib"] < 4096
