"""Report formats: Babel numbers, CSV with BOM, XLSX sheets, PNG chart, forgotten people."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import Catalogs
from handlers.checkin import report as rp
from handlers.checkin import report_files, report_phone
from handlers.checkin.plan_file import load_plan_file
from handlers.checkin.plan_import import apply_plan
from handlers.checkin.rounds import start_round
from handlers.checkin.seed import EXAMPLE_PLAN, apply_seed, load_seed
from storage.models import Contact, MeasureStatus, Role
from storage.repos import checkin as repo
from storage.repos.people import find_organisation

NOW = datetime(2026, 7, 2, 9, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Helsinki")


async def _seeded(sessionmaker: async_sessionmaker[AsyncSession]) -> tuple[int, int, int]:
    """Seeded round (as an import) plus two answers by people, one of whom is then forgotten."""
    async with sessionmaker() as session, session.begin():
        result = await apply_plan(session, load_plan_file(EXAMPLE_PLAN))
        new = await start_round(session, result.plan, NOW, ZONE)
        await apply_seed(session, new, load_seed(), NOW)
        village = await find_organisation(session, "Sevettijärven kyläyhdistys")
        kept = Contact(
            telegram_user_id=1,
            organisation_id=village.id,
            role=Role.CONTACT,
            display_name="Máret",
            language="se",
        )
        gone = Contact(
            telegram_user_id=None,
            organisation_id=village.id,
            role=Role.CONTACT,
            display_name=None,
            language="fi",
        )
        session.add_all([kept, gone])
        await session.flush()
        measures = await repo.org_measures(session, result.plan.id, village.id)
        await repo.record_answer(
            session,
            new.id,
            measures[2].id,
            village.id,
            kept.id,
            MeasureStatus.IN_PROGRESS,
            "se",
            NOW,
            "Čállojuvvon ášši",
        )
        await repo.record_answer(
            session, new.id, measures[1].id, village.id, gone.id, MeasureStatus.DONE, "fi", NOW
        )
        return new.id, kept.id, gone.id


async def test_formats(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    round_id, _, _ = await _seeded(sessionmaker)
    catalogs = Catalogs()
    async with sessionmaker() as session:
        found = await repo.find_round(session, str(round_id))
        report = await rp.build_report(session, found, "fi")
        swedish = await rp.build_report(session, found, "sv")
    fi, en = catalogs.get("fi"), catalogs.get("en")
    assert (report.total.done, report.total.in_progress, report.total.not_done) == (26, 8, 2)

    text = rp.format_text(report, fi)
    assert "Yhteensä" in text and "26 (72\u00a0%)" in text
    assert "26 (72%)" in rp.format_text(report, en)
    assert "Liikkumisen turvallisuus" in report_phone.format_chat(report, fi)
    assert "Säker mobilitet" in rp.format_text(swedish, catalogs.get("sv"))

    data = report_files.csv_bytes(report, fi)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Teema" and rows[-1][:3] == ["Yhteensä", "36", "26"]
    assert rows[1][0] == "Paikallinen yhteistyö"
    assert report_files.csv_bytes(report, en).decode("utf-8-sig").splitlines()[0].count(",") >= 9

    workbook = load_workbook(io.BytesIO(report_files.xlsx_bytes(report, fi, ZONE)))
    assert workbook.sheetnames == [
        "Teemoittain",
        "Organisaatioittain",
        "Kaikki vastaukset",
        "Vastaajat",
    ]
    themes = workbook["Teemoittain"]
    assert [c.value for c in themes[themes.max_row]][:3] == ["Yhteensä", 36, 26]
    answers = workbook["Kaikki vastaukset"]
    comments = {row[4] for row in answers.iter_rows(min_row=2, values_only=True)}
    assert "Čállojuvvon ášši" in comments
    orgs = {
        row[0]: row for row in workbook["Organisaatioittain"].iter_rows(min_row=2, values_only=True)
    }
    assert orgs["Lapin liitto"][3] == 1.0

    png = report_phone.png_bytes(report, fi)
    assert png.startswith(b"\x89PNG") and len(png) > 5000


async def test_forgotten_people_show_no_name(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    round_id, _kept, _gone = await _seeded(sessionmaker)
    async with sessionmaker() as session:
        found = await repo.find_round(session, str(round_id))
        report = await rp.build_report(session, found, "fi")
    people = {(p.person, p.language) for p in report.people}
    assert ("Máret", "se") in people
    assert ("", "fi") in people  # the forgotten person and the import: no name
    named = [a for a in report.answers if a.person]
    assert [a.person for a in named] == ["Máret"]


def test_combined_status_of_a_shared_measure() -> None:
    d, p, n = MeasureStatus.DONE, MeasureStatus.IN_PROGRESS, MeasureStatus.NOT_DONE
    assert rp.combine([]) == "unanswered"
    assert rp.combine([d, d]) == "done"
    assert rp.combine([n, n]) == "not_done"
    assert rp.combine([d, n]) == "in_progress"
    assert rp.combine([d, p]) == "in_progress"
