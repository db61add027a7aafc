"""The chaos bench's verdicts on made-up observations, and (on request) a tiny run for real.

The verdicts are what the run is for, so they are tested on their own: a second copy right
after a kill is allowed, one after a timeout that delivered is Telegram's ambiguity, anything
else fails; a leader gap is measured from the first sample without one to the first with one.
The real run needs a minute or two even at 10 organisations (start-up, a restart, the
minute's housekeeping for the reminders), so it runs only with ``KYLABOT_CHAOS_TEST=1``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from bench.__main__ import main
from bench._chaos_checks import Kill, messages, verdicts
from bench._chaos_people import Person
from bench._chaos_watch import Arrival, LeaderWatch, Sample
from bench._chaos_world import BROADCAST_TEXT, Fleet
from bot.emulator import BotApiEmulator


def _arrival(at: float, chat: int, message_id: int, text: str) -> Arrival:
    return Arrival(at, chat, message_id, text)


async def test_a_second_copy_is_explained_by_a_kill_or_a_timeout_or_fails() -> None:
    async with BotApiEmulator() as emulator:
        people = [Person(n, emulator.user(100 + n), late=False, status="done") for n in range(4)]
        invitation = "Check-in Q4/2026: 1 measure for Kylä 00000 ry."
        arrivals = [
            # 100: once. 101: again 30 s after a kill 2 s after the first copy (in flight).
            _arrival(10.0, 100, 1, invitation),
            _arrival(11.0, 101, 1, invitation),
            _arrival(43.0, 101, 5, invitation),
            # 102: its first copy's answer was withheld (a timeout that delivered).
            _arrival(12.0, 102, 1, invitation),
            _arrival(30.0, 102, 2, invitation),
            # 103: twice, with no kill anywhere near the first copy.
            _arrival(60.0, 103, 1, invitation),
            _arrival(95.0, 103, 2, invitation),
        ] + [_arrival(50.0, 100 + n, 9, BROADCAST_TEXT) for n in range(4)]
        kills = [Kill(13.0, 0, 1234, True, 3.0), Kill(80.0, 1, 1235, False, 3.0)]
        found = messages(people, arrivals, kills, {(102, 1)}, started=0.0)
    assert found["invitation"] == {
        "expected": 4,
        "got_0": 0,
        "got_1": 1,
        "got_2": 3,
        "got_3_or_more": 0,
        "first_s": 10.0,
        "last_s": 95.0,
    }
    assert found["broadcast"]["got_1"] == 4
    assert found["reminder"]["expected"] == 0  # nobody is late here
    duplicates = found["duplicates"]
    assert (duplicates["after_a_kill"], duplicates["after_a_timeout"]) == (1, 1)
    assert duplicates["unexplained"] == 1
    assert duplicates["per_kill"] == [1, 0]
    assert [e["cause"] for e in duplicates["examples"]] == ["unexplained", "kill 0", "timeout"]
    assert duplicates["three_or_more_copies"] == []


async def test_a_third_copy_is_listed_and_passes_when_each_copy_is_explained() -> None:
    async with BotApiEmulator() as emulator:
        person = Person(0, emulator.user(200), late=False, status="done")
        text = "Check-in Q4/2026: 1 measure for Kylä 00000 ry."
        # Delivered but its answer timed out; the retry was in flight at the kill at 22 s.
        arrivals = [_arrival(5.0, 200, 1, text), _arrival(20.0, 200, 2, text)]
        arrivals.append(_arrival(55.0, 200, 3, text))
        kills = [Kill(22.0, 0, 1234, True, 3.0)]
        found = messages([person], arrivals, kills, {(200, 1)}, started=0.0)
    assert found["invitation"]["got_3_or_more"] == 1
    assert found["duplicates"]["three_or_more_copies"] == [
        {"chat": 200, "kind": "invitation", "copies_s": [5.0, 20.0, 55.0],
         "causes": ["timeout", "kill 0"]}
    ]  # fmt: skip
    result = _result()
    result["messages"] = found
    assert verdicts(result) == ["broadcast: 1 of 1 people got none"]  # and nothing on the 3


def _result(**changes: Any) -> dict[str, Any]:
    got = {"expected": 4, "got_0": 0, "got_1": 4, "got_2": 0, "got_3_or_more": 0}
    result: dict[str, Any] = {
        "messages": {
            "invitation": got,
            "reminder": got,
            "broadcast": got,
            "duplicates": {"unexplained": 0, "after_a_kill": 2, "after_a_timeout": 1},
        },
        "answers": {"taps": 8, "stored": 8, "lost": 0, "stored_twice": 0},
        "updates": {
            "delivered": 12,
            "not_handled": 0,
            "journal_outcomes": {"handled": 12},
            "apologies_seen": 0,
        },
        "leader": {"longest_gap_s": 2.5, "allowed_gap_s": 3.0, "overlap_samples": 0},
        "answering": {"stuck": 0, "stuck_at": {}},
        "drained": True,
        "timeout_s": 900,
    }
    for key, value in changes.items():
        section, _, name = key.partition("__")
        result[section][name] = value
    return result


def test_verdicts_say_one_line_per_failed_check() -> None:
    assert verdicts(_result()) == []
    failed = verdicts(
        _result(
            answers__lost=1,
            answers__stored=7,
            leader__longest_gap_s=7.5,
            updates__not_handled=2,
        )
    )
    assert failed == [
        "answers: 1 of 8 taps not stored, 0 people's answer stored twice",
        "updates: 2 of 12 delivered updates not handled, 0 failed in the journal, 0 apologies",
        "leader: 7.5 s without a leader (allowed 3.0 s), 0 samples with two",
    ]


async def test_leader_gaps_run_from_the_first_sample_without_to_the_first_with() -> None:
    async with BotApiEmulator() as emulator:
        fleet = Fleet(emulator, "postgresql+asyncpg://x/y", [1, 2], {}, Path("."))
        watch = LeaderWatch(fleet, "postgresql+asyncpg://x/y")
    holders = [7, 7, None, None, None, 8, 8, None, 8]
    watch.samples = [Sample(n * 0.5, h, [h] if h else []) for n, h in enumerate(holders)]
    watch.samples[6].believers = [8, 7]  # both think they lead
    summary = watch.summary(interval=2.0, slack=1.0)
    assert summary["gaps_s"] == [1.5, 0.5]
    assert summary["longest_gap_s"] == 1.5
    assert summary["allowed_gap_s"] == 3.0
    assert summary["overlap_samples"] == 1
    assert summary["disagreeing_samples"] == 1
    assert watch.back_after(0.7) == 1.8


@pytest.mark.e2e
@pytest.mark.skipif(
    os.environ.get("KYLABOT_CHAOS_TEST") != "1",
    reason="a minute or two per database; set KYLABOT_CHAOS_TEST=1",
)
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_tiny_chaos_run_holds(backend: str, tmp_path: Path) -> None:
    argv = ["--out", str(tmp_path), "chaos", "--backend", backend, "--orgs", "10"]
    argv += ["--people", "20", "--duration", "20", "--kill-every", "10", "--broadcast-at", "5"]
    assert main([*argv, "--timeout", "240"]) == 0
    [written] = list(tmp_path.glob("chaos-*.json"))
    results = json.loads(written.read_text())["results"]
    assert results["failed_checks"] == []
    assert len(results["kills"]) == 2
    assert results["answers"]["taps"] == 40  # 20 status taps and 20 comments
