"""``kylabot phenomena``: export reports and set the digest schedule."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot import cli_types
from bot.cli_errors import UsageError
from bot.cli_session import with_session
from bot.feature import Feature

if TYPE_CHECKING:
    from bot.config import Settings


def register(sub: Any, features: Sequence[Feature]) -> None:
    # imported when the parser is built, not at import: `kylabot --help` builds it anyway
    from bot.municipalities import MUNICIPALITIES
    from handlers.phenomena.categories import CATEGORIES

    group = sub.add_parser("phenomena", help="local phenomena reports").add_subparsers(
        dest="phenomena", required=True
    )
    export = group.add_parser("export", help="export sent reports")
    export.add_argument(
        "--format",
        required=True,
        choices=["csv", "xlsx", "geojson"],
        help="csv, xlsx (needs --output) or geojson (pinned reports, for QGIS or geojson.io)",
    )
    export.add_argument("--output", help="file to write (default: standard output)")
    export.add_argument("--since", type=cli_types.day, help="first day, YYYY-MM-DD")
    export.add_argument("--until", type=cli_types.day, help="last day, YYYY-MM-DD")
    export.add_argument(
        "--category",
        choices=list(CATEGORIES),
        metavar="KEY",
        help=f"category: {', '.join(CATEGORIES)}",
    )
    export.add_argument(
        "--municipality",
        choices=list(MUNICIPALITIES),
        metavar="NAME",
        help="one of Lapland's 21 municipalities, e.g. Inari",
    )
    export.add_argument(
        "--language",
        type=cli_types.language,
        default="fi",
        help="language of the labels: fi (default), sv, se, smn, sms or en",
    )
    export.set_defaults(handler=cmd_export)

    digest = group.add_parser("digest", help="show or change the coordinators' digest schedule")
    digest.add_argument("--cron", help='crontab line, e.g. "0 8 * * 1" (Mondays 08:00)')
    switch = digest.add_mutually_exclusive_group()
    switch.add_argument("--off", action="store_true", help="pause the digest")
    switch.add_argument("--on", action="store_true", help="resume the digest")
    digest.set_defaults(handler=cmd_digest)


def _day(day: date | None, zone: ZoneInfo, *, end: bool) -> datetime | None:
    """The start of ``day`` in ``zone`` (of the day after, for the end of a period)."""
    if day is None:
        return None
    if end:
        day += timedelta(days=1)
    return datetime.combine(day, time(0), zone)


async def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    # imported when the command runs: `kylabot --help` stays light (tests/bot/test_cli.py)
    from bot.i18n import Catalogs
    from handlers.phenomena import export
    from storage.repos.phenomena import ReportFilter, list_reports

    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx needs --output FILE")
    zone = settings.zone
    flt = ReportFilter(
        category=args.category,
        municipality=args.municipality,
        since=_day(args.since, zone, end=False),
        until=_day(args.until, zone, end=True),
    )
    tr = Catalogs().get(args.language)

    async def work(session: Any) -> int:
        rows = [export.row(tr, zone, r) for r in await list_reports(session, flt)]
        rows.reverse()  # oldest first reads naturally in a spreadsheet
        _write(args.format, args.output, rows)
        return 0

    return await with_session(settings, work, read_only=True)


def _write(fmt: str, output: str | None, rows: list[dict[str, Any]]) -> None:
    # imported when the command runs: `kylabot --help` stays light (tests/bot/test_cli.py)
    from handlers.phenomena import export

    if fmt == "xlsx":
        assert output is not None
        export.to_xlsx(rows, Path(output))
    else:
        text = export.to_csv(rows) if fmt == "csv" else export.geojson_text(rows)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    if output:
        print(f"{len(rows)} reports written to {output}", file=sys.stderr)


async def cmd_digest(args: argparse.Namespace, settings: Settings) -> int:
    # imported when the command runs: `kylabot --help` stays light (tests/bot/test_cli.py)
    from bot.cron import crontab_trigger
    from handlers.phenomena.digest import digest_schedule

    if args.cron:
        try:
            crontab_trigger(args.cron, settings.timezone)
        except ValueError as exc:
            raise UsageError(f"invalid cron line {args.cron!r}: {exc}") from None

    async def work(session: Any) -> int:
        schedule = await digest_schedule(session, settings.timezone)
        if args.cron:
            schedule.cron = args.cron
        if args.off:
            schedule.active = False
        if args.on:
            schedule.active = True
        state = "on" if schedule.active else "off"
        last = schedule.last_fire_at.isoformat() if schedule.last_fire_at else "never"
        print(f"digest {state}: {schedule.cron} ({schedule.timezone}); last sent {last}")
        if args.cron or args.off or args.on:
            print("takes effect when the bot next starts")
        return 0

    return await with_session(settings, work)
