"""The digest schedule: due times, a missed fire caught up once, counts against the last period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.harness import LocalBot
from handlers.phenomena.digest import TOTAL, digest_schedule, last_due
from storage.models import OrgKind, PhenomenonReport, ReportStatus, Role, Schedule
from storage.repos.people import add_organisation
from storage.repos.phenomena import delete_old_drafts, open_draft, period_counts
from tests.helpers import make_org, onboard


def test_last_due_is_the_latest_missed_monday() -> None:
    created = datetime(2026, 5, 1, 12, tzinfo=UTC)  # a Friday
    schedule = Schedule(kind="digest", cron="0 8 * * 1", timezone="Europe/Helsinki")
    schedule.created_at = created
    assert last_due(schedule, created + timedelta(days=2)) is None
    due = last_due(schedule, datetime(2026, 5, 19, 12, tzinfo=UTC))
    assert due == datetime(2026, 5, 18, 8, tzinfo=ZoneInfo("Europe/Helsinki"))
    schedule.last_fire_at = due
    assert last_due(schedule, datetime(2026, 5, 19, 12, tzinfo=UTC)) is None


async def _sent(
    session: AsyncSession, org_id: int, category: str, municipality: str, at: datetime
) -> None:
    session.add(
        PhenomenonReport(
            status=ReportStatus.SENT,
            organisation_id=org_id,
            category=category,
            municipality=municipality,
            text="x",
            media=[],
            affected=["village"],
            created_at=at,
            updated_at=at,
            sent_at=at,
        )
    )


async def test_period_counts_compare_with_the_previous_period(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    now = datetime(2026, 5, 18, 6, tzinfo=UTC)
    async with sessionmaker() as session, session.begin():
        org = await add_organisation(session, "Kylä", OrgKind.VILLAGE_ASSOCIATION, "Salla")
        for days, category, municipality in [
            (1, "traffic", "Salla"),
            (2, "traffic", "Salla"),
            (3, "scams", "Posio"),
            (9, "traffic", "Salla"),  # the previous week
            (20, "scams", "Salla"),  # older: in neither period
        ]:
            await _sent(session, org.id, category, municipality, now - timedelta(days=days))
    async with sessionmaker() as session:
        week = await period_counts(session, now - timedelta(days=7), now)
        before = await period_counts(session, now - timedelta(days=14), now - timedelta(days=7))
    assert week.total == 3 and before.total == 1
    assert week.by_category == {"traffic": 2, "scams": 1}
    assert week.by_municipality == {"Salla": 2, "Posio": 1}
    assert before.by_category == {"traffic": 1}


async def test_the_digest_lists_reports_that_got_additions_in_the_period(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    from bot.i18n import Catalogs
    from handlers.phenomena.digest import ADDITIONS, compose_digest
    from storage.models import PhenomenonFollowUp
    from storage.repos.phenomena import follow_up_counts

    now = datetime(2026, 5, 18, 6, tzinfo=UTC)
    async with sessionmaker() as session, session.begin():
        org = await add_organisation(session, "Kylä", OrgKind.VILLAGE_ASSOCIATION, "Salla")
        await _sent(session, org.id, "traffic", "Salla", now - timedelta(days=30))
        await _sent(session, org.id, "scams", "Salla", now - timedelta(days=2))
        await session.flush()
        old, new = await session.scalars(select(PhenomenonReport.id).order_by(PhenomenonReport.id))
        for report_id, days, sent in [
            (old, 1, True),
            (old, 3, True),
            (new, 1, True),
            (new, 1, False),  # an unsent draft of an addition does not count
            (old, 10, True),  # the previous period
        ]:
            at = now - timedelta(days=days)
            session.add(
                PhenomenonFollowUp(
                    report_id=report_id,
                    text="lisää",
                    media=[],
                    created_at=at,
                    sent_at=at if sent else None,
                )
            )
    async with sessionmaker() as session:
        additions = await follow_up_counts(session, now - timedelta(days=7), now)
        week = await period_counts(session, now - timedelta(days=7), now)
        before = await period_counts(session, now - timedelta(days=14), now - timedelta(days=7))
    assert additions == {old: 2, new: 1}
    tr = Catalogs().get("sv")
    zone = ZoneInfo("Europe/Helsinki")
    text = compose_digest(tr, zone, now - timedelta(days=7), now, [], week, before, additions)
    assert tr._(ADDITIONS) % {"reports": f"#{old} (2), #{new}"} in text
    assert tr._(ADDITIONS).split("%")[0] not in compose_digest(
        tr, zone, now - timedelta(days=7), now, [], week, before, {}
    )


async def test_old_drafts_are_not_offered_and_are_deleted(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    from storage.models import Contact

    now = datetime(2026, 5, 18, 6, tzinfo=UTC)
    async with sessionmaker() as session, session.begin():
        contact = Contact(telegram_user_id=77, display_name="Aino")
        session.add(contact)
        await session.flush()
        for age in (6, 8):
            at = now - timedelta(days=age)
            session.add(
                PhenomenonReport(
                    contact_id=contact.id,
                    category="other",
                    text=f"{age} days",
                    media=[],
                    affected=[],
                    created_at=at,
                    updated_at=at,
                )
            )
    async with sessionmaker() as session, session.begin():
        found = await open_draft(session, contact, now)
        assert found is not None and found.text == "6 days"
        assert await delete_old_drafts(session, now) == 1
    async with sessionmaker() as session:
        left = list(await session.scalars(select(PhenomenonReport.text)))
    assert left == ["6 days"]


async def test_a_missed_digest_is_sent_once_after_downtime(local_bot: LocalBot) -> None:
    council = await make_org(local_bot, "Lapin liitto", OrgKind.AUTHORITY, "Rovaniemi")
    coordinator = local_bot.emulator.user(4001, "Outi", language_code="smn")
    await onboard(local_bot, coordinator, council, "smn", Role.COORDINATOR)
    async with local_bot.services.sessionmaker() as session, session.begin():
        schedule = await digest_schedule(session, "Europe/Helsinki")
        schedule.last_fire_at = local_bot.services.now() - timedelta(days=15)
    tr = local_bot.services.catalogs.get("smn")
    heading = tr._(TOTAL).split("%")[0]
    await local_bot.restart()
    await coordinator.wait_for_message(lambda m: heading in (m.text or ""))
    await local_bot.restart()
    await coordinator.wait_idle(quiet=0.3)
    digests = [m for m in coordinator.messages if heading in (m.text or "")]
    assert len(digests) == 1
    assert tr._(TOTAL) % {"count": "0", "previous": "0"} in (digests[0].text or "")


async def test_cli_changes_the_digest_schedule(local_bot: LocalBot) -> None:
    import argparse

    import pytest

    from bot.cli import UsageError
    from handlers.phenomena.cli import cmd_digest

    args = argparse.Namespace(cron="30 7 * * 5", off=False, on=False)
    assert await cmd_digest(args, local_bot.settings) == 0
    with pytest.raises(UsageError):
        await cmd_digest(
            argparse.Namespace(cron="every friday", off=False, on=False), local_bot.settings
        )
    async with local_bot.services.sessionmaker() as session:
        [schedule] = list(await session.scalars(select(Schedule).where(Schedule.kind == "digest")))
    assert schedule.cron == "30 7 * * 5"
