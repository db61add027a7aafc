"""A chat's replies keep their order when one of them has to be retried (issue 19, item 6).

The fast path (``Sender.send_now``) sent an update's replies at once after its commit without
looking for older open rows of the chat; only the loop's claims did. So a reply answered 5xx
waited its backoff while the next update's reply went straight out: the person read the answer
to their second message before the answer to their first.
"""

from __future__ import annotations

import pytest

from bot.emulator import FaultPlan
from bot.harness import LocalBot
from tests.broadcast.support import wait_until
from tests.helpers import has_buttons, make_org, onboard

pytestmark = pytest.mark.e2e


async def test_a_retried_reply_is_not_overtaken(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KYLABOT_BROADCAST_BACKOFF", "1.5")  # the retry comes well after R2
    async with LocalBot(database_url) as bot:
        user = bot.emulator.user(4600, "Järjestys")
        await onboard(bot, user, await make_org(bot))
        await user.wait_idle(quiet=0.3)
        seen = len(user.messages)
        stats = bot.emulator.stats
        bot.emulator.faults = FaultPlan(rate_5xx=1.0)
        await user.send_text("/help")  # R1: answered 5xx once, retried after its backoff
        await wait_until(lambda: stats.sent_5xx == 1)
        bot.emulator.faults = None
        await user.send_text("/language")  # R2: queued after R1
        await wait_until(lambda: len(user.messages) >= seen + 2, timeout=15)
        await user.wait_idle(quiet=0.3)
        received = user.messages[seen:]
    assert [has_buttons(message) for message in received] == [False, True]
    assert stats.sent_5xx == 1
