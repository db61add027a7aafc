"""Reporters adding to their own sent reports, end to end: /myreports and "Add to my report"."""

from __future__ import annotations

import argparse
import csv
import json
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.emulator import EmulatedUser
from bot.flow import ButtonData
from bot.harness import LocalBot
from bot.router import NOT_REGISTERED, STALE_BUTTON
from handlers.phenomena import compose, reading
from handlers.phenomena import coordinator as pc
from handlers.phenomena import follow_up as fu
from handlers.phenomena import follow_up_flow as pf
from handlers.phenomena import report_texts as ph
from handlers.phenomena.categories import CATEGORIES
from handlers.phenomena.cli import cmd_export
from handlers.phenomena.export import FOLLOW_UP_COLUMNS
from handlers.phenomena.service import report_date
from handlers.settings.conversation import STOPPED
from storage.models import (
    Contact,
    OrgKind,
    PhenomenonFollowUp,
    PhenomenonReport,
    ReportStatus,
    Role,
)
from storage.repos.people import add_organisation, contact_by_telegram_id
from storage.repos.phenomena import add_reply, delete_old_follow_up_drafts
from storage.types import utcnow
from tests.handlers.test_phenomena import quick_report, reports, says, tr
from tests.helpers import has_buttons, make_org, onboard, texts


async def follow_ups(bot: LocalBot) -> list[PhenomenonFollowUp]:
    async with bot.services.sessionmaker() as session:
        return list(
            await session.scalars(select(PhenomenonFollowUp).order_by(PhenomenonFollowUp.id))
        )


def date_of(bot: LocalBot, language: str, report: PhenomenonReport) -> str:
    return report_date(tr(bot, language), report, bot.services.settings.zone)


def labels(message: object) -> list[str]:
    return [label for row in getattr(message, "buttons", []) for label, _ in row]


def forge_tap(user: EmulatedUser, data: str) -> None:
    """Presses a button the bot never gave this user: a modified client can send any data."""
    record, state = user._record, user._state
    query = {
        "id": state.new_query(record.id),
        "from": record.user,
        "message": user.last.raw,
        "chat_instance": "1",
        "data": data,
    }
    user._cursor = record.append_log(("tap", None, data, None))
    state.queue_update(record, {"callback_query": query})


async def reply_as_coordinator(
    bot: LocalBot, coordinator: EmulatedUser, language: str, report_id: int, text: str
) -> None:
    """Opens the report in /phenomena and answers it, as a coordinator does."""
    t = tr(bot, language)
    await coordinator.send_text("/phenomena")
    panel = await coordinator.wait_for_message(
        lambda m: any(label.startswith(t._(pc.SHOW)) for label in labels(m))
    )
    await coordinator.tap(next(la for la in labels(panel) if la.startswith(t._(pc.SHOW))))
    await coordinator.wait_for_message(says(f"#{report_id}"))
    await coordinator.tap(t._(reading.OPEN) % {"id": report_id})
    await coordinator.wait_for_message(lambda m: t._(pc.REPLY) in labels(m))
    await coordinator.tap(t._(pc.REPLY))
    prompt = t._(pc.ASK_REPLY).split("%(language)s")[0] % {"id": report_id}
    await coordinator.wait_for_message(says(prompt))
    await coordinator.send_text(text)
    await coordinator.wait_for_message(says(t._(pc.REPLY_SENT) % {"id": report_id}))


async def export(bot: LocalBot, fmt: str, path: Path, language: str = "en") -> None:
    args = argparse.Namespace(
        format=fmt,
        output=str(path),
        since=None,
        until=None,
        category=None,
        municipality=None,
        language=language,
    )
    assert await cmd_export(args, bot.settings) == 0


@pytest.mark.e2e
async def test_reply_button_text_and_photo_in_swedish_reach_the_coordinator(
    local_bot: LocalBot, tmp_path: Path
) -> None:
    village = await make_org(local_bot, "Byaföreningen i Pello", municipality="Pello")
    council = await make_org(local_bot, "Lapin liitto", OrgKind.AUTHORITY, "Rovaniemi")
    reporter = local_bot.emulator.user(4001, "Greta", language_code="sv")
    coordinator = local_bot.emulator.user(4002, "Outi", language_code="en")
    await onboard(local_bot, reporter, village, "sv")
    await onboard(local_bot, coordinator, council, "en", Role.COORDINATOR)
    await quick_report(
        local_bot,
        reporter,
        "sv",
        category="scams",
        text="Falska samtal till äldre",
        show_name=False,
    )
    [report] = await reports(local_bot)
    await reply_as_coordinator(
        local_bot, coordinator, "en", report.id, "Thanks, we told the police."
    )

    sv, en = tr(local_bot, "sv"), tr(local_bot, "en")
    framed = await reporter.wait_for_message(says("Thanks, we told the police."))
    assert labels(framed) == [sv._(fu.ADD_TO_REPORT)]
    mark = reporter.mark()
    await reporter.tap(sv._(fu.ADD_TO_REPORT))
    notice = await reporter.wait_for_message(after=mark)
    assert sv._(compose.SAFETY) in (notice.text or "")  # the safety notice comes first, always
    ask = await reporter.wait_for_message(says(sv._(pf.ASK).split("(")[0].split("%")[0]))
    assert ask.text == sv._(pf.ASK) % {
        "date": date_of(local_bot, "sv", report),
        "category": sv._(CATEGORIES["scams"]),
    }
    await reporter.send_text("Samtalen fortsätter, nu även till unga.")
    await reporter.wait_for_message(says(sv._(pf.ADDED)))
    await reporter.send_photo(file_id="photo-caller-id", caption="Skärmbild av numret")
    added = await reporter.wait_for_message(says(sv._(pf.ADDED)))
    assert labels(added) == [sv._(ph.SEND), sv._(ph.DISCARD)]
    await reporter.tap(sv._(ph.SEND))
    sent = await reporter.wait_for_message(says(sv._(pf.SENT).split("%")[0]))
    assert sent.text == sv._(pf.SENT) % {"date": date_of(local_bot, "sv", report)}

    en_notice = await coordinator.wait_for_message(says("Samtalen fortsätter"))
    await local_bot.settle()
    [added_row] = await follow_ups(local_bot)
    assert added_row.report_id == report.id and added_row.sent_at is not None
    assert added_row.text == "Samtalen fortsätter, nu även till unga.\n\nSkärmbild av numret"
    assert added_row.media == [{"kind": "photo", "file_id": "photo-caller-id"}]
    assert added_row.contact_id == report.contact_id and not added_row.emergency_words
    [unchanged] = await reports(local_bot)
    assert unchanged.text == report.text and unchanged.updated_at == report.updated_at

    # The coordinator who replied is told in their language, with the organisation only.
    assert en_notice.text == en._(pf.NOTICE) % {
        "id": report.id,
        "date": date_of(local_bot, "en", report),
        "reporter": "Byaföreningen i Pello",
        "text": "Samtalen fortsätter, nu även till unga.\n\nSkärmbild av numret\nPhotos: 1",
    }
    assert "Greta" not in (en_notice.text or "")
    mark = coordinator.mark()
    await coordinator.tap(en._(reading.OPEN) % {"id": report.id})
    detail = await coordinator.wait_for_message(lambda m: en._(pc.REPLY) in labels(m))
    photo = next(m for m in coordinator.messages[-4:] if m.kind == "photo")
    assert photo.file_id == "photo-caller-id" and photo.seq > mark
    assert (photo.caption or "").startswith(f"#{report.id} ➕")
    body = detail.text or ""
    reply_at = body.index("💬 " + en._(reading.REPLY_BY).split(" ")[0])
    addition_at = body.index("➕ " + en._(fu.ADDED_BY_REPORTER).split(" on ")[0])
    assert reply_at < addition_at  # the history is in time order
    assert "Samtalen fortsätter" in body[addition_at:] and "Greta" not in body

    csv_path, xlsx_path = tmp_path / "out.csv", tmp_path / "out.xlsx"
    await export(local_bot, "csv", csv_path)
    await export(local_bot, "xlsx", xlsx_path)
    [row] = list(csv.DictReader(csv_path.read_text(encoding="utf-8").splitlines()))
    assert row["follow_ups"] == "1" and "Samtalen fortsätter" in row["follow_ups_text"]
    assert row["text"] == "Falska samtal till äldre"  # the report itself as it was sent
    workbook = load_workbook(xlsx_path)
    sheet = [[c.value for c in r] for r in workbook["follow_ups"].iter_rows()]
    workbook.close()
    assert sheet[0] == list(FOLLOW_UP_COLUMNS)
    assert sheet[1][0] == report.id and sheet[1][2] == added_row.text and sheet[1][3] == 1

    await reporter.send_text("/mydata")
    document = await reporter.wait_for_message(lambda m: m.kind == "document")
    data = json.loads(document.file_bytes or b"{}")
    [mine] = data["phenomenon_follow_ups"]
    assert mine["report_id"] == report.id and mine["status"] == "sent"
    assert mine["text"] == added_row.text
    assert mine["attachments"] == [{"kind": "photo", "file_id": "photo-caller-id"}]


@pytest.mark.e2e
async def test_myreports_emergency_words_stop_and_forget_in_finnish(local_bot: LocalBot) -> None:
    village = await make_org(local_bot, "Sevettijärven kyläyhdistys", municipality="Inari")
    council = await make_org(local_bot, "Lapin liitto", OrgKind.AUTHORITY, "Rovaniemi")
    reporter = local_bot.emulator.user(4101, "Aino", language_code="fi")
    replied = local_bot.emulator.user(4102, "Outi", language_code="fi")
    paused = local_bot.emulator.user(4103, "Pekka", language_code="fi")
    bystander = local_bot.emulator.user(4104, "Liisa", language_code="fi")
    await onboard(local_bot, reporter, village, "fi")
    for person in (replied, paused, bystander):
        await onboard(local_bot, person, council, "fi", Role.COORDINATOR)
    await quick_report(local_bot, reporter, "fi", text="Tie on liukas.", show_name=True)
    [report] = await reports(local_bot)
    async with local_bot.services.sessionmaker() as session, session.begin():
        loaded = await session.get(PhenomenonReport, report.id)
        assert loaded is not None
        for user_id in (4102, 4103):
            coordinator = await contact_by_telegram_id(session, user_id)
            assert coordinator is not None
            await add_reply(session, loaded, coordinator.id, "Kiitos.", local_bot.services.now())
    t = tr(local_bot, "fi")
    await paused.send_text("/stop")
    await paused.wait_for_message(says(t._(STOPPED)))

    await reporter.send_text("/myreports")
    listing = await reporter.wait_for_message(says(t._(pf.LIST_TITLE)))
    assert f"#{report.id} · {date_of(local_bot, 'fi', report)}" in (listing.text or "")
    assert "Tie on liukas." in (listing.text or "")
    assert "💬 " + t._(reading.REPLIES) % {"count": "2"} in (listing.text or "")
    assert labels(listing) == [t._(pf.ADD_TO) % {"id": report.id}]
    await reporter.tap(t._(pf.ADD_TO) % {"id": report.id})
    await reporter.wait_for_message(says(t._(compose.SAFETY)))
    await reporter.wait_for_message(says(t._(pf.ASK).split("%")[0]))
    await reporter.send_photo(file_id="photo-ice")
    await reporter.wait_for_message(says(t._(pf.ADDED)))
    mark = reporter.mark()
    await reporter.send_text("Apua, joku liukastui ja loukkaantui pahasti!")
    warning = await reporter.wait_for_message(after=mark)
    assert warning.text == "⚠️ " + t._(compose.SAFETY_AGAIN)  # the 112 notice again, first
    await reporter.wait_for_message(says(t._(pf.ADDED)))
    await reporter.tap(t._(ph.SEND))
    await reporter.wait_for_message(says(t._(pf.SENT).split("%")[0]))

    told = await replied.wait_for_message(says("liukastui"))
    await local_bot.settle()
    [added] = await follow_ups(local_bot)
    assert added.emergency_words is True
    assert added.media == [{"kind": "photo", "file_id": "photo-ice"}]
    assert added.text == "Apua, joku liukastui ja loukkaantui pahasti!"
    assert (told.text or "").startswith("⚠️ ")
    assert "Sevettijärven kyläyhdistys — Aino" in (told.text or "")  # the name was allowed
    assert labels(told) == [t._(reading.OPEN) % {"id": report.id}]
    assert not any("liukastui" in text for text in texts(paused))  # /stop is honoured
    assert not any("liukastui" in text for text in texts(bystander))  # did not reply

    # /forget: the addition stays, de-identified, and the forgotten person is a stranger.
    await reporter.send_text("/forget")
    await reporter.wait_for_message(has_buttons)
    await reporter.tap(t._("Yes, erase"))
    await local_bot.settle()
    await reporter.send_text("/myreports")
    refusal = await reporter.wait_for_message()
    assert refusal.text == t._(NOT_REGISTERED)
    forge_tap(reporter, ButtonData(None, fu.ADD_ACTION, str(report.id)).encode())
    await local_bot.settle()
    assert reporter.callback_answers[-1]["text"] == t._(NOT_REGISTERED)
    [kept] = await follow_ups(local_bot)
    assert kept.id == added.id and kept.contact_id == added.contact_id

    await replied.tap(t._(reading.OPEN) % {"id": report.id})
    detail = await replied.wait_for_message(lambda m: t._(pc.REPLY) in labels(m))
    body = detail.text or ""
    assert "Aino" not in body and "Sevettijärven kyläyhdistys" in body
    assert "Apua, joku liukastui" in body and t._(fu.FLAGGED) in body


@pytest.mark.e2e
async def test_bad_input_stale_buttons_and_strangers_change_nothing(local_bot: LocalBot) -> None:
    village = await make_org(local_bot, "Kemi tourism partners", municipality="Kemi")
    other = await make_org(local_bot, "Tornio riverside", municipality="Tornio")
    reporter = local_bot.emulator.user(4201, "Sam", language_code="en")
    stranger = local_bot.emulator.user(4202, "Kim", language_code="en")
    await onboard(local_bot, reporter, village, "en")
    await onboard(local_bot, stranger, other, "en")
    await quick_report(local_bot, reporter, "en", text="Tourists get lost on the ice road.")
    [report] = await reports(local_bot)
    t = tr(local_bot, "en")

    # A report that is not theirs, or that does not exist: refused, no conversation started.
    for report_id in (report.id, 999_999):
        mark = stranger.mark()
        forge_tap(stranger, ButtonData(None, fu.ADD_ACTION, str(report_id)).encode())
        await local_bot.settle()
        assert stranger.callback_answers[-1]["text"] == t._(pf.NOT_YOURS)
        assert stranger.callback_answers[-1]["show_alert"] is True
        assert not [m for m in stranger.messages if m.seq > mark]
    await stranger.send_text("/myreports")
    await stranger.wait_for_message(says(t._(pf.NO_REPORTS)))

    await reporter.send_text("/myreports")
    first_list = await reporter.wait_for_message(says(t._(pf.LIST_TITLE)))
    await reporter.tap(t._(pf.ADD_TO) % {"id": report.id})
    await reporter.wait_for_message(says(t._(pf.ASK).split("%")[0]))
    await reporter.send_sticker()
    await reporter.wait_for_message(says(t._(pf.UNSUPPORTED)))
    await reporter.wait_for_message(says(t._(pf.ASK).split("%")[0]))  # asked again
    await reporter.send_document(file_name="virus.exe")
    await reporter.wait_for_message(says(t._(pf.UNSUPPORTED)))
    await reporter.send_location(65.73, 24.56)
    await reporter.wait_for_message(says(t._(pf.UNSUPPORTED)))
    await reporter.send_text("   ")
    await reporter.wait_for_message(says(t._(compose.EMPTY_TEXT)))
    await reporter.send_text("x" * 5000)
    hint = await reporter.wait_for_message(says("5,000"))
    assert hint.text == t._(compose.TOO_LONG) % {"length": "5,000", "limit": "4,096"}
    await local_bot.settle()
    assert await follow_ups(local_bot) == []  # bad input stored nothing

    await reporter.send_text("First part.")
    await reporter.wait_for_message(says(t._(pf.ADDED)))
    await reporter.send_text("/menu")  # interrupted: the part already given is kept
    await reporter.wait_for_message(has_buttons)
    await local_bot.settle()
    [draft] = await follow_ups(local_bot)
    assert draft.text == "First part." and draft.sent_at is None

    await reporter.send_text("/myreports")
    await reporter.wait_for_message(says(t._(pf.LIST_TITLE)))
    [[(_, old_data)]] = first_list.buttons
    await reporter.tap_data(old_data, message_id=first_list.message_id)
    await local_bot.settle()
    assert reporter.callback_answers[-1]["text"] == t._(STALE_BUTTON)
    await reporter.tap(t._(pf.ADD_TO) % {"id": report.id})
    resumed = await reporter.wait_for_message(says(t._(pf.RESUME).split("%")[0]))
    assert resumed.text == t._(pf.RESUME) % {"date": date_of(local_bot, "en", report)}
    await reporter.send_text("Second part.")
    await reporter.wait_for_message(says(t._(pf.ADDED)))
    await reporter.tap(t._(ph.SEND))
    await reporter.wait_for_message(says(t._(pf.SENT).split("%")[0]))

    await reporter.send_text("/myreports")
    listing = await reporter.wait_for_message(says(t._(pf.LIST_TITLE)))
    assert "➕ " + t._(fu.ADDITIONS) % {"count": "1"} in (listing.text or "")
    await reporter.tap(t._(pf.ADD_TO) % {"id": report.id})
    await reporter.wait_for_message(says(t._(pf.ASK).split("%")[0]))
    await reporter.tap(t._(pf.CANCEL))
    await reporter.wait_for_message(says(t._(pf.DISCARDED)))
    await local_bot.settle()
    [sent] = await follow_ups(local_bot)
    assert sent.id == draft.id and sent.text == "First part.\n\nSecond part."
    assert sent.sent_at is not None
    [unchanged] = await reports(local_bot)
    assert unchanged.text == "Tourists get lost on the ice road."
    assert unchanged.updated_at == report.updated_at


async def test_unsent_follow_ups_are_cleaned_up_after_a_week(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    now = utcnow()
    async with sessionmaker() as session, session.begin():
        org = await add_organisation(session, "Sallan kyläyhdistys", OrgKind.VILLAGE_ASSOCIATION)
        contact = Contact(telegram_user_id=1, organisation_id=org.id)
        session.add(contact)
        await session.flush()
        report = PhenomenonReport(
            status=ReportStatus.SENT, contact_id=contact.id, text="Tie", media=[], affected=[]
        )
        session.add(report)
        await session.flush()
        old, recent = now - timedelta(days=8), now - timedelta(days=2)
        ids = {"report_id": report.id, "contact_id": contact.id}
        session.add_all(
            [
                PhenomenonFollowUp(**ids, text="unsent", created_at=old, updated_at=old),
                PhenomenonFollowUp(**ids, text="sent", created_at=old, updated_at=old, sent_at=old),
                # started long ago, but added to two days ago: still being written
                PhenomenonFollowUp(**ids, text="resumed", created_at=old, updated_at=recent),
                PhenomenonFollowUp(**ids, text="new", created_at=now, updated_at=now),
            ]
        )
    async with sessionmaker() as session, session.begin():
        assert await delete_old_follow_up_drafts(session, now) == 1
    async with sessionmaker() as session:
        kept = list(await session.scalars(select(PhenomenonFollowUp)))
    assert sorted(f.text for f in kept) == ["new", "resumed", "sent"]
