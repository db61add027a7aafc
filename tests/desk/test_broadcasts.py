"""The desk's broadcasts page shows what the chat shows: /broadcasts' head line and figures, the
scheduled time, "cancelled", and the summary's failures by reason, and what
``kylabot broadcast list`` counts. The broadcasts are composed, scheduled and cancelled in the
chat (emulator); one recipient blocked the bot and one has no chat any more."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator

import pytest

from bot.harness import LocalBot
from handlers.broadcast import progress
from handlers.broadcast import texts as words
from handlers.broadcast.cli import cmd_list
from handlers.desk import texts
from tests.broadcast.support import (
    Clock,
    helsinki,
    tr,
)
from tests.desk.broadcasts_scenario import BOSS, cards, scenario
from tests.desk.support import DESK_URL, desk_client, init_data, signed

pytestmark = pytest.mark.e2e


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[LocalBot]:
    clock = Clock(helsinki(2026, 11, 24, 12, 0))
    async with LocalBot(
        database_url,
        clock=clock,
        quiet_hours="00:00-00:00",
        global_rate=200.0,
        desk_url=DESK_URL,
    ) as started:
        yield started


async def test_the_broadcasts_page_shows_the_chats_figures_and_reasons(
    bot: LocalBot, capsys: pytest.CaptureFixture[str]
) -> None:
    boss, summary = await scenario(bot)
    await boss.send_text("/broadcasts")
    listing = (await boss.wait_for_message(lambda m: m.text != "/broadcasts")).text or ""
    chat = [block.split("\n   ") for block in listing.split("\n\n")[1:]]
    headers = signed(init_data(bot, BOSS, "fi"))
    async with desk_client(bot) as client:
        page = (await client.get("/desk/page/broadcasts", headers=headers)).text
        only = (await client.get("/desk/page/broadcasts?status=scheduled", headers=headers)).text
        unknown = (await client.get("/desk/page/broadcasts?status=draft", headers=headers)).text
    fi = bot.services.catalogs.get("fi", "desk")
    _ = tr(bot)
    zone = bot.services.settings.zone

    cancelled, scheduled, sent = cards(page)  # newest first, as /broadcasts lists them
    assert [card["head"] for card in (cancelled, scheduled, sent)] == [head for head, _ in chat]
    assert [str(card["head"]).split(" ")[0] for card in (cancelled, scheduled, sent)] == [
        "#3",
        "#2",
        "#1",
    ]

    tiles = sent["figures"]
    assert tiles == {
        fi._(texts.RECIPIENTS): "5",
        fi._(texts.SENT): "3",
        fi._(texts.QUEUED): "0",
        fi._(texts.FAILED): "1",
        fi._(texts.BLOCKED): "1",
    }
    figures = {
        "sent": tiles[fi._(texts.SENT)],
        "total": tiles[fi._(texts.RECIPIENTS)],
        "failed": tiles[fi._(texts.FAILED)],
        "blocked": tiles[fi._(texts.BLOCKED)],
    }
    assert chat[2][1] == _(words.LIST_FIGURES) % figures  # /broadcasts, #1
    bullets = [line.removeprefix("• ") for line in summary.splitlines() if line.startswith("• ")]
    assert sent["reasons"] == bullets  # the chat's summary, reason by reason
    assert sorted(bullets) == sorted(
        [f"1: {_(progress.REASONS['blocked'])}", f"1: {_(progress.REASONS['chat_not_found'])}"]
    )
    assert str(sent["state"]).startswith(fi._(texts.FINISHED_AT).split("%")[0])

    at = fi.datetime(helsinki(2026, 11, 24, 15, 30), zone)
    assert scheduled["state"] == fi._(texts.SCHEDULED_FOR) % {"time": at}
    assert chat[1][1] == _(words.LIST_SCHEDULED) % {"time": at}
    assert scheduled["figures"] == {}
    later = fi.datetime(helsinki(2026, 11, 25, 10, 0), zone)
    assert cancelled["state"] == " · ".join(
        [fi._(texts.CANCELLED), fi._(texts.SCHEDULED_FOR) % {"time": later}]
    )
    assert chat[0][1] == _(words.LIST_CANCELLED)

    assert [card["head"] for card in cards(only)] == [scheduled["head"]]
    assert cards(unknown) == cards(page)  # an unknown state lists every broadcast

    capsys.readouterr()
    assert await cmd_list(argparse.Namespace(limit=20), bot.settings) == 0
    rows = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()[1:]}
    assert rows["1"][-5:] == [figures["total"], figures["sent"], "1", "1", "0"]
