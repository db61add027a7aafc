"""The contact's check-in conversation: bad input, Back, old rounds, roles, /status."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.emulator import EmulatedUser, SentMessage
from bot.harness import LocalBot
from bot.router import NOT_ALLOWED
from handlers.checkin import rounds_flow as cr
from handlers.checkin.scheduling import CheckinScheduler
from storage.models import Answer, MeasureStatus, Role, Round
from tests.checkin.support import import_example, organisation, start_and_invite
from tests.helpers import has_buttons, onboard, texts

pytestmark = pytest.mark.e2e


def invitation(message: object) -> bool:
    return "ci_start" in str(getattr(message, "reply_markup", ""))


async def answers(bot: LocalBot, user: EmulatedUser) -> list[Answer]:
    """The stored answers, once the bot has finished (and committed) the last update."""
    await user.wait_idle(quiet=0.15)
    async with bot.services.sessionmaker() as session:
        return list(await session.scalars(select(Answer).order_by(Answer.id)))


async def test_bad_input_back_and_old_rounds(local_bot: LocalBot) -> None:
    bot = local_bot
    await import_example(bot)
    org = await organisation(bot, "Sevettijärven kyläyhdistys")
    user = bot.emulator.user(11, "Aino", language_code="fi")
    await onboard(bot, user, org, "en")
    round_id = await start_and_invite(bot)
    invite = await user.wait_for_message(invitation)
    async with bot.services.sessionmaker() as session:
        label = (await session.get_one(Round, round_id)).label  # the quarter of today's date
    assert invite.text == f"Check-in {label}: 4 measures for Sevettijärven kyläyhdistys."
    await user.tap("Start")
    first = await user.wait_for_message(has_buttons)
    assert (first.text or "").startswith("1/4 · Village safety")

    await user.send_sticker()  # a sticker where a button is expected
    await user.wait_for_message(lambda m: m.text == "Please answer with the buttons below.")
    await user.wait_for_message(has_buttons)
    assert await answers(bot, user) == []

    await user.tap("Done")
    await user.wait_for_message(has_buttons)
    await user.send_text("x" * 2500)  # over the comment limit: refused, answer kept
    hint = await user.wait_for_message()
    assert "2,500" in (hint.text or "") and "2,000" in (hint.text or "")
    stored = await answers(bot, user)
    assert [(a.status, a.comment) for a in stored] == [(MeasureStatus.DONE, None)]
    await user.send_text("Valmis ✓ — Čeʹvetjäuʹrr")
    second = await user.wait_for_message(has_buttons)
    assert (second.text or "").startswith("2/4")
    assert (await answers(bot, user))[0].comment == "Valmis ✓ — Čeʹvetjäuʹrr"

    await user.tap("Back")  # back to measure 1, change the answer
    again = await user.wait_for_message(has_buttons)
    assert (again.text or "").startswith("1/4") and "Current answer: Done" in (again.text or "")
    await user.tap("Not done")
    await user.wait_for_message(has_buttons)
    await user.tap("No comment")
    await user.wait_for_message(has_buttons)
    history = await answers(bot, user)
    assert [a.status for a in history] == [MeasureStatus.DONE, MeasureStatus.NOT_DONE]

    await user.send_text("/status")  # a command interrupts; the answers stay
    status = await user.wait_for_message(lambda m: "Sevettijärven kyläyhdistys" in (m.text or ""))
    assert "Village safety plan — Not done" in (status.text or "")
    assert "Lapin liitto" not in "\n".join(texts(user))

    await start_and_invite(bot)  # a new round closes the old one
    await user.wait_for_message(invitation)
    await user.tap_data(invite.buttons[0][0][1], message_id=invite.message_id)  # old Start
    await user.wait_idle(quiet=0.2)
    assert "This check-in has closed" in str(user.callback_answers[-1])


async def test_reports_are_for_coordinators(local_bot: LocalBot) -> None:
    bot = local_bot
    await import_example(bot)
    org = await organisation(bot, "Lapin liitto")
    contact = bot.emulator.user(21, "Liisa", language_code="fi")
    coordinator = bot.emulator.user(22, "Kaisa", language_code="fi")
    await onboard(bot, contact, org, "fi")
    await onboard(bot, coordinator, org, "fi", role=Role.COORDINATOR)
    await contact.send_text("/report")
    refused = await contact.wait_for_message()
    assert refused.text == bot.services.catalogs.get("fi")._(NOT_ALLOWED)

    await coordinator.send_text("/rounds")
    await coordinator.wait_for_message(has_buttons)
    await coordinator.tap("Aloita kierros nyt")
    await coordinator.wait_for_message(has_buttons)
    await coordinator.tap("Kyllä, aloita")
    started = await coordinator.wait_for_message(lambda m: "aloitettu" in (m.text or ""))
    async with bot.services.sessionmaker() as session:
        (label,) = await session.scalars(select(Round.label))
    fi = bot.services.catalogs.get("fi")
    assert started.text == fi._(cr.STARTED) % {"round": label, "sent": "2"}  # both of Lapin liitto
    await contact.wait_for_message(invitation)
    await coordinator.wait_for_message(invitation)  # the coordinator's own org is invited too

    await coordinator.send_text("/rounds")
    await coordinator.wait_for_message(has_buttons)
    await coordinator.tap("Lisää aikataulu")
    await coordinator.wait_for_message(has_buttons)
    await coordinator.send_text("every monday")
    bad = await coordinator.wait_for_message()
    error = "'every monday': a cron expression has 5 fields (minute hour day month weekday)"
    assert bad.text == fi._(cr.BAD_CRON) % {"error": error}
    await coordinator.tap("4 kertaa vuodessa")
    added = await coordinator.wait_for_message(lambda m: "0 9 1 */3 *" in (m.text or ""))
    assert "Europe/Helsinki" in (added.text or "")
    assert any(j.startswith("schedule:") for j in bot.services.require(CheckinScheduler).job_ids())

    await coordinator.send_text("/report")
    table = await coordinator.wait_for_message(has_buttons)
    assert "Yhteensä" in (table.text or "") and "ei vastattu 36 (100\u00a0%)" in (table.text or "")
    await coordinator.tap("Kaavio")
    photo = await coordinator.wait_for_message(lambda m: m.kind == "photo")
    assert photo.caption and "Kysely" in photo.caption
    await coordinator.tap("Excel-työkirja")
    document = await coordinator.wait_for_message(lambda m: m.kind == "document")
    assert (document.file_name or "").endswith(".xlsx")
    await coordinator.tap("CSV-tiedosto")
    csv_doc = await coordinator.wait_for_message(lambda m: (m.file_name or "").endswith(".csv"))
    assert csv_doc.file_bytes is not None
    assert csv_doc.file_bytes.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    async with bot.services.sessionmaker() as session:
        assert len(list(await session.scalars(select(Round)))) == 1


async def _first_measure(bot: LocalBot, user_id: int) -> tuple[EmulatedUser, SentMessage]:
    """A village contact (English) who pressed Start on a new round: its first measure."""
    await import_example(bot)
    org = await organisation(bot, "Sevettijärven kyläyhdistys")
    user = bot.emulator.user(user_id, "Inga", language_code="fi")
    await onboard(bot, user, org, "en")
    await start_and_invite(bot)
    await user.wait_for_message(invitation)
    await user.tap("Start")
    return user, await user.wait_for_message(lambda m: (m.text or "").startswith("1/4"))


async def test_typed_comment_is_confirmed_in_place_of_the_question(local_bot: LocalBot) -> None:
    """Issue 12 item 7: the "Add a comment?" message becomes the stored comment, no buttons."""
    user, first = await _first_measure(local_bot, 17)
    await user.tap("Done")
    await user.wait_for_message(lambda m: "Add a comment?" in (m.text or ""))
    await user.send_text("Plan updated in May")
    await user.wait_for_message(lambda m: (m.text or "").startswith("2/4"))
    await user.wait_idle(quiet=0.15)
    prompt = next(m for m in user.messages if m.message_id == first.message_id)
    assert prompt.text == "Village safety plan: Done.\nYour comment is saved: Plan updated in May"
    assert prompt.buttons == []


async def test_a_skip_reads_the_same_everywhere(local_bot: LocalBot) -> None:
    """Issue 12 item 6: skipped in the thank-you and /status, offered again by /checkin."""
    user, _ = await _first_measure(local_bot, 18)
    await user.tap("Skip")
    for position in (2, 3, 4):
        await user.wait_for_message(lambda m, p=position: (m.text or "").startswith(f"{p}/4"))
        await user.tap("Done")
        await user.wait_for_message(lambda m: "Add a comment?" in (m.text or ""))
        await user.tap("No comment")
    thanks = await user.wait_for_message(lambda m: (m.text or "").startswith("Thank you!"))
    assert (thanks.text or "").endswith(
        "for Sevettijärven kyläyhdistys: done 3, in progress 0, not done 0, skipped 1."
    )
    await user.wait_idle(quiet=0.15)

    await user.send_text("/status")
    status = await user.wait_for_message(lambda m: "Sevettijärven kyläyhdistys" in (m.text or ""))
    assert (status.text or "").splitlines()[2] == "1. Village safety plan — Skipped"

    await user.send_text("/checkin")
    again = await user.wait_for_message(has_buttons)
    lines = (again.text or "").splitlines()
    assert lines[0] == "1/4 · Village safety"
    assert lines[-1].startswith("Current answer: Skipped (")
