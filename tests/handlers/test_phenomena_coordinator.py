"""/phenomena, replies, the digest and exports, end to end, with anonymity honoured."""

from __future__ import annotations

import argparse
import csv
import json
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.harness import LocalBot
from bot.router import NOT_ALLOWED
from handlers.phenomena import coordinator as pc
from handlers.phenomena import reading, replying
from handlers.phenomena.categories import CATEGORIES
from handlers.phenomena.cli import cmd_export
from handlers.phenomena.digest import digest_schedule, run_digest
from storage.models import AuditEvent, OrgKind, PhenomenonReply, Role
from storage.repos.people import contact_by_telegram_id, forget_contact
from tests.handlers.test_phenomena import quick_report, reports, says, tr
from tests.helpers import make_org, onboard

pytestmark = pytest.mark.e2e


async def test_contact_cannot_open_phenomena(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(3001, "Aino", language_code="fi")
    await onboard(local_bot, user, org, "fi")
    await user.send_text("/phenomena")
    refusal = await user.wait_for_message()
    assert refusal.text == tr(local_bot, "fi")._(NOT_ALLOWED)
    assert not user.buttons(refusal)


async def test_coordinator_filters_and_reply_reaches_reporter_in_their_language(
    local_bot: LocalBot,
) -> None:
    village = await make_org(local_bot, "Byaföreningen i Pello", municipality="Pello")
    council = await make_org(local_bot, "Lapin liitto", OrgKind.AUTHORITY, "Rovaniemi")
    reporter = local_bot.emulator.user(3002, "Greta", language_code="sv")
    coordinator = local_bot.emulator.user(3003, "Outi", language_code="fi")
    await onboard(local_bot, reporter, village, "sv")
    await onboard(local_bot, coordinator, council, "fi", Role.COORDINATOR)
    await quick_report(
        local_bot,
        reporter,
        "sv",
        category="scams",
        text="Falska samtal till äldre",
        show_name=False,
    )
    [report] = await reports(local_bot)
    t = tr(local_bot, "fi")
    await coordinator.send_text("/menu")  # the inbox is in the coordinator's menu
    await coordinator.wait_for_message(lambda m: t._(pc.INBOX) in str(m.buttons))
    await coordinator.tap(t._(pc.INBOX))
    await coordinator.wait_for_message(lambda m: f"{t._(pc.SHOW)} (1)" in str(m.buttons))
    await coordinator.tap(t._(pc.CHOOSE_CATEGORY))
    await coordinator.wait_for_message(lambda m: t._(CATEGORIES["traffic"]) in str(m.buttons))
    await coordinator.tap(t._(CATEGORIES["traffic"]))
    await coordinator.wait_for_message(lambda m: f"{t._(pc.SHOW)} (0)" in str(m.buttons))
    await coordinator.tap(t._(pc.CHOOSE_CATEGORY))
    await coordinator.wait_for_message(lambda m: t._(CATEGORIES["scams"]) in str(m.buttons))
    await coordinator.tap(t._(CATEGORIES["scams"]))
    await coordinator.wait_for_message(lambda m: f"{t._(pc.SHOW)} (1)" in str(m.buttons))
    await coordinator.tap(f"{t._(pc.SHOW)} (1)")
    listing = await coordinator.wait_for_message(says(f"#{report.id}"))
    assert "Byaföreningen i Pello" in (listing.text or "") and "Greta" not in (listing.text or "")
    await coordinator.tap(t._(reading.OPEN) % {"id": report.id})
    detail = await coordinator.wait_for_message(
        lambda m: any(label == t._(pc.REPLY) for row in m.buttons for label, _ in row)
    )
    assert "Falska samtal till äldre" in (detail.text or "")
    head = t._(reading.DETAIL) % {
        "id": report.id,
        "date": t.date(report.sent_at.astimezone(local_bot.services.settings.zone).date()),
        "reporter": "Byaföreningen i Pello",
        "language": "Svenska",  # the language's name, not "sv"
    }
    assert (detail.text or "").split("\n\n")[0] == head
    assert "Byaföreningen i Pello" in (detail.text or "")
    await coordinator.tap(t._(pc.REPLY))
    await coordinator.wait_for_message(
        says(t._(pc.ASK_REPLY) % {"id": report.id, "language": "Svenska"})
    )
    await coordinator.send_text("Kiitos, välitimme tiedon poliisille.")
    await coordinator.wait_for_message(says(t._(pc.REPLY_SENT) % {"id": report.id}))
    sv = tr(local_bot, "sv")
    framed = await reporter.wait_for_message(says("välitimme"))
    date = sv.date(report.sent_at.astimezone(local_bot.services.settings.zone).date())
    assert framed.text == sv._(replying.FRAME) % {
        "date": date,
        "reply": "Kiitos, välitimme tiedon poliisille.",
    }
    assert "Greta" not in (detail.text or "")
    await coordinator.wait_idle(quiet=0.1)
    async with local_bot.services.sessionmaker() as session:
        [reply] = list(await session.scalars(select(PhenomenonReply)))
        boss = await contact_by_telegram_id(session, 3003)
        audited = await session.execute(
            select(AuditEvent.contact_id, AuditEvent.detail).where(
                AuditEvent.action == "phenomenon.reply"
            )
        )
        assert boss is not None
        assert audited.all() == [
            (boss.id, f'{{"delivery": "queued", "report": {report.id}, "via": "chat"}}')
        ]
    assert (reply.report_id, reply.delivery) == (report.id, "queued")


async def test_digest_and_exports_honour_anonymity(local_bot: LocalBot, tmp_path: Path) -> None:
    inari = await make_org(local_bot, "Sevettijärven kyläyhdistys", municipality="Inari")
    kemi = await make_org(local_bot, "Kemin kyläyhdistys", municipality="Kemi")
    council = await make_org(local_bot, "Lapin liitto", OrgKind.AUTHORITY, "Rovaniemi")
    named = local_bot.emulator.user(3011, "Aino", language_code="fi")
    hidden = local_bot.emulator.user(3012, "Birgit", language_code="fi")
    leaver = local_bot.emulator.user(3013, "Cecilia", language_code="fi")
    coordinator = local_bot.emulator.user(3014, "Outi", language_code="en")
    await onboard(local_bot, named, inari, "fi")
    await onboard(local_bot, hidden, kemi, "fi")
    await onboard(local_bot, leaver, kemi, "fi")
    await onboard(local_bot, coordinator, council, "en", Role.COORDINATOR)
    await quick_report(local_bot, named, "fi", text="Risteys on vaarallinen", pin=(68.9, 27.0))
    await quick_report(
        local_bot,
        hidden,
        "fi",
        text="Nuorilla ei ole paikkaa",
        show_name=False,
        municipality="Kemi",
    )
    await quick_report(
        local_bot, leaver, "fi", category="tourism", text="Turistit eksyvät", municipality="Kemi"
    )
    async with local_bot.services.sessionmaker() as session, session.begin():
        contact = await contact_by_telegram_id(session, 3013)
        assert contact is not None
        await forget_contact(session, contact, local_bot.services.now())
        schedule = await digest_schedule(session, "Europe/Helsinki")
        schedule_id = schedule.id
    scheduler = local_bot.services.scheduler
    assert scheduler is not None
    assert scheduler.get_job(f"schedule:{schedule_id}") is not None

    now = local_bot.services.now() + timedelta(seconds=1)
    sent = await run_digest(local_bot.services, schedule_id, now)
    assert sent == 1
    en = tr(local_bot, "en")
    digest = await coordinator.wait_for_message(says(en._("By category:")))
    body = digest.text or ""
    assert (
        en._("New reports: %(count)s (previous period: %(previous)s)")
        % {
            "count": "3",
            "previous": "0",
        }
        in body
    )
    assert "• " + en._(CATEGORIES["traffic"]) + ": 2 (previous: 0)" in body
    assert "• " + en._(CATEGORIES["tourism"]) + ": 1 (previous: 0)" in body
    assert "• Kemi: 2 (previous: 0)" in body and "• Inari: 1 (previous: 0)" in body
    assert "Aino" in body
    assert "Birgit" not in body and "Cecilia" not in body
    assert body.count("Kemin kyläyhdistys") == 2

    files = {fmt: tmp_path / f"out.{fmt}" for fmt in ("csv", "xlsx", "geojson")}
    for fmt, path in files.items():
        args = argparse.Namespace(
            format=fmt,
            output=str(path),
            since=None,
            until=None,
            category=None,
            municipality=None,
            language="fi",
        )
        assert await cmd_export(args, local_bot.settings) == 0
    rows = list(csv.DictReader(files["csv"].read_text(encoding="utf-8").splitlines()))
    assert [r["reporter"] for r in rows] == ["Aino", "", ""]
    assert [r["organisation"] for r in rows] == [
        "Sevettijärven kyläyhdistys",
        "Kemin kyläyhdistys",
        "Kemin kyläyhdistys",
    ]
    workbook = load_workbook(files["xlsx"])
    values = [[c.value for c in row] for row in workbook.active.iter_rows()]
    workbook.close()
    assert values[0][0] == "id" and len(values) == 4
    flat = json.dumps(values, ensure_ascii=False, default=str)
    assert "Birgit" not in flat and "Cecilia" not in flat and "Aino" in flat
    geo = json.loads(files["geojson"].read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection"
    [feature] = geo["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [27.0, 68.9]}
    assert feature["properties"]["reporter"] == "Aino"
    assert feature["properties"]["municipality"] == "Inari"
