"""A paged button list end to end: the report's municipality list turns with ◀ ▶ (bot/paging.py)."""

from __future__ import annotations

import pytest

from bot.emulator import SentMessage
from bot.harness import LocalBot
from bot.municipalities import MUNICIPALITY_KEYS, municipality_name
from handlers.phenomena import report_texts as ph
from handlers.phenomena.categories import CATEGORIES
from tests.handlers.test_phenomena import begin, choose, reports, says, tr
from tests.helpers import make_org, onboard

pytestmark = pytest.mark.e2e


def _labels(message: SentMessage) -> list[list[str]]:
    return [[label for label, _ in row] for row in message.buttons]


async def test_the_municipality_list_pages_forward_and_back(local_bot: LocalBot) -> None:
    org = await make_org(local_bot, "Kemin kyläyhdistys", municipality="Kemi")
    user = local_bot.emulator.user(2201, "Anna", language_code="en")
    await onboard(local_bot, user, org, "en")
    t = tr(local_bot, "en")
    await begin(local_bot, user, "en")
    await choose(user, t._(CATEGORIES["traffic"]), t._(ph.ASK_TEXT))
    await user.send_text("The road to the village is not ploughed.")
    await user.wait_for_message(says(t._(ph.ADDED)))
    await choose(user, t._(ph.NEXT), t._(ph.ASK_PLACE))
    names = [municipality_name(key, "en") for key in MUNICIPALITY_KEYS]
    back = [t._(ph.BACK)]

    first = await choose(user, t._(ph.OTHER_MUNICIPALITY), t._(ph.ASK_MUNICIPALITY))
    assert _labels(first) == [names[0:2], names[2:4], names[4:6], names[6:8], ["▶"], back]
    await user.tap("▶")
    second = await user.wait_for_message(lambda m: m.message_id == first.message_id)
    assert second.text == t._(ph.ASK_MUNICIPALITY)
    assert _labels(second) == [
        names[8:10],
        names[10:12],
        names[12:14],
        names[14:16],
        ["◀", "▶"],
        back,
    ]
    await user.tap("▶")
    third = await user.wait_for_message(lambda m: m.message_id == first.message_id)
    assert _labels(third) == [names[16:18], names[18:20], names[20:21], ["◀"], back]
    await user.tap("◀")
    again = await user.wait_for_message(lambda m: m.message_id == first.message_id)
    assert _labels(again) == _labels(second)

    await user.tap("▶")
    await user.wait_for_message(lambda m: m.message_id == first.message_id)
    await choose(user, names[20], t._(ph.ASK_FREQUENCY))
    await user.wait_idle(quiet=0.1)
    (report,) = await reports(local_bot)
    assert report.municipality == MUNICIPALITY_KEYS[20]
