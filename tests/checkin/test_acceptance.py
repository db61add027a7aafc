"""Acceptance: the example plan answered through the chat reproduces the follow-up table.

Nine organisations' contacts, in all six languages, answer their measures as the seed file
says, over the emulator; one stops halfway, the bot restarts, and she resumes. The report is
then computed from the stored answers only.
"""

from __future__ import annotations

import pytest

from bot.emulator import EmulatedUser
from bot.harness import LocalBot
from handlers.checkin import report as rp
from handlers.checkin.conversation import SKIP_COMMENT
from handlers.checkin.rounds import START
from handlers.checkin.seed import load_seed
from storage.models import Round
from storage.repos import checkin as repo
from tests.checkin.support import import_example, label, organisation, start_and_invite
from tests.helpers import has_buttons, onboard

pytestmark = pytest.mark.e2e

CONTACTS = [  # (organisation, language, telegram id, name)
    ("Lapin liitto", "en", 101, "Liisa"),
    ("Lapin hyvinvointialue", "sv", 102, "Stina"),
    ("Lapin poliisilaitos", "fi", 103, "Pekka"),
    ("Lapin pelastuslaitos", "se", 104, "Máret"),
    ("Rovaniemen kaupunki", "fi", 105, "Raija"),
    ("Inarin kunta", "smn", 106, "Ánná"),
    ("SPR Lapin piiri", "sms", 107, "Sååʹrr"),
    ("Lapin Kylät ry", "en", 108, "Kalle"),
    ("Sevettijärven kyläyhdistys", "fi", 109, "Aino"),
]
EXPECTED = [  # the table of shared/domain.md
    (1, 1, 0, 0),
    (5, 4, 0, 1),
    (11, 6, 5, 0),
    (9, 8, 1, 0),
    (3, 2, 1, 0),
    (2, 2, 0, 0),
    (5, 3, 1, 1),
]


async def answer(
    bot: LocalBot, user: EmulatedUser, language: str, keys: list[str], first: int, last: int
) -> None:
    seed = load_seed()
    for key in keys[first:last]:
        wanted = seed[key]
        await user.tap(label(bot, language, rp.STATUS_LABELS[wanted.status.value]))
        await user.wait_for_message(has_buttons)
        if wanted.comment:
            await user.send_text(wanted.comment)
        else:
            await user.tap(label(bot, language, SKIP_COMMENT))
        await user.wait_for_message(has_buttons)


async def test_example_plan_answered_in_chat_gives_the_follow_up_table(
    local_bot: LocalBot,
) -> None:
    bot = local_bot
    await import_example(bot)
    users: list[tuple[EmulatedUser, str, list[str]]] = []
    for name, language, user_id, first_name in CONTACTS:
        org = await organisation(bot, name)
        user = bot.emulator.user(user_id, first_name, language_code="fi")
        await onboard(bot, user, org, language)
        async with bot.services.sessionmaker() as session:
            plan = await repo.get_plan(session)
            keys = [m.key for m in await repo.org_measures(session, plan.id, org.id)]
        users.append((user, language, keys))
    round_id = await start_and_invite(bot)

    halfway: tuple[EmulatedUser, str, list[str]] | None = None
    for user, language, keys in users:
        invitation = await user.wait_for_message(lambda m: "ci_start" in str(m.reply_markup))
        assert str(len(keys)) in (invitation.text or "")
        await user.tap(label(bot, language, START))
        await user.wait_for_message(has_buttons)
        if user.first_name == "Raija":
            await answer(bot, user, language, keys, 0, 3)  # stops after 3 of 6
            halfway = (user, language, keys)
        else:
            await answer(bot, user, language, keys, 0, len(keys))
            assert "ph_new" in str(user.last.reply_markup)  # the phenomenon offer at the end

    await bot.restart()
    assert halfway is not None
    user, language, keys = halfway
    await user.send_text("/checkin")  # resumes where she stopped, from the stored answers
    resumed = await user.wait_for_message(has_buttons)
    assert (resumed.text or "").startswith(f"4/{len(keys)}")
    await answer(bot, user, language, keys, 3, len(keys))
    await user.wait_idle(quiet=0.15)  # the last update is committed

    async with bot.services.sessionmaker() as session:
        found = await session.get(Round, round_id)
        assert found is not None
        report = await rp.build_report(session, found, "fi")
        history = await repo.answer_history(session, round_id)
    got = [
        (r.counts.measures, r.counts.done, r.counts.in_progress, r.counts.not_done)
        for r in report.themes
    ]
    assert got == EXPECTED
    total = report.total
    assert (total.measures, total.done, total.in_progress, total.not_done) == (36, 26, 8, 2)
    assert total.unanswered == 0
    assert [r.name for r in report.themes][1] == "Liikkumisen turvallisuus"
    text = rp.format_text(report, bot.services.catalogs.get("fi"))
    assert "26 (72\u00a0%)" in text and "8 (22\u00a0%)" in text and "2 (6\u00a0%)" in text
    assert {a.language for a in history} == {"fi", "sv", "se", "smn", "sms", "en"}
    assert all(a.contact_id is not None for a in history)  # every answer came from a person
    assert {p.person for p in report.people} >= {"Raija", "Máret", "Ánná"}
