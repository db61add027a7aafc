"""``kylabot plan …``, ``kylabot round …`` and ``kylabot report``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot import cli_types
from bot.cli_errors import UsageError
from bot.cli_session import with_session
from bot.feature import Feature

if TYPE_CHECKING:
    from bot.config import Settings

FORMATS = ("text", "csv", "xlsx", "png")


async def cmd_plan_import(args: argparse.Namespace, settings: Settings) -> int:
    # imported when the command runs: `kylabot --help` stays light (tests/bot/test_cli.py)
    from handlers.checkin.plan_file import PlanError, load_plan_file
    from handlers.checkin.plan_import import apply_plan

    try:
        spec = load_plan_file(Path(args.file), args.key, args.name)
    except PlanError as exc:
        for problem in exc.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        raise UsageError(f"{len(exc.problems)} problem(s); nothing was imported") from None

    async def work(session: Any) -> int:
        try:
            result = await apply_plan(session, spec)
        except PlanError as exc:
            for problem in exc.problems:
                print(f"{args.file}: {problem}", file=sys.stderr)
            raise UsageError(f"{len(exc.problems)} problem(s); nothing was imported") from None
        print(
            f"plan {result.plan.key}: {result.themes} themes, {result.created} measures added, "
            f"{result.updated} updated, {result.retired} retired, "
            f"{result.organisations_created} organisations added"
        )
        return 0

    return await with_session(settings, work)


async def cmd_round_start(args: argparse.Namespace, settings: Settings) -> int:
    # imported when the command runs: `kylabot --help` stays light (tests/bot/test_cli.py)
    from handlers.checkin.rounds import start_round
    from storage.repos import audit
    from storage.repos import checkin as repo
    from storage.types import utcnow

    async def work(session: Any) -> int:
        try:
            plan = await repo.get_plan(session, args.plan)
        except repo.CheckinError as exc:
            raise UsageError(str(exc)) from None
        new = await start_round(session, plan, utcnow(), settings.zone, label=args.label)
        asked = len(await repo.responsible_org_ids(session, plan.id))
        audit.from_shell(
            session, audit.Action.ROUND_STARTED, round=new.id, plan=plan.key, organisations=asked
        )
        print(
            f"round {new.id} ({new.label}) of {plan.key} started for {asked} organisations; "
            "the running bot sends the invitations within a minute"
        )
        return 0

    return await with_session(settings, work)


async def cmd_round_schedule(args: argparse.Namespace, settings: Settings) -> int:
    # imported when the command runs: `kylabot --help` stays light (tests/bot/test_cli.py)
    from bot.cron import CronError
    from handlers.checkin.scheduling import add_schedule, next_fire
    from storage.repos import audit
    from storage.repos import checkin as repo
    from storage.types import utcnow

    timezone = args.timezone or settings.timezone

    async def work(session: Any) -> int:
        try:
            plan = await repo.get_plan(session, args.plan)
            schedule = await add_schedule(session, args.cron, timezone, plan.id, utcnow())
            audit.from_shell(
                session, audit.Action.ROUND_SCHEDULED, schedule=schedule.id, cron=schedule.cron
            )
        except (repo.CheckinError, CronError) as exc:
            raise UsageError(str(exc)) from None
        fire = next_fire(schedule.cron, schedule.timezone, utcnow())
        when = fire.astimezone(ZoneInfo(timezone)).isoformat() if fire else "never"
        print(f"schedule {schedule.id}: {schedule.cron} ({timezone}) for {plan.key}; next {when}")
        return 0

    return await with_session(settings, work)


async def cmd_round_list(args: argparse.Namespace, settings: Settings) -> int:
    # imported when the command runs: `kylabot --help` stays light (tests/bot/test_cli.py)
    from sqlalchemy import func, select

    from storage.models import RoundRequest
    from storage.repos import checkin as repo

    async def work(session: Any) -> int:
        for schedule in await repo.list_schedules(session, active_only=False):
            state = "active" if schedule.active else "stopped"
            last = schedule.last_fire_at.isoformat() if schedule.last_fire_at else "-"
            where = f"{schedule.cron} ({schedule.timezone})"
            print(f"schedule {schedule.id}: {where} {state}, last {last}")
        print(f"{'id':>4}  {'label':<14} {'started (UTC)':<17} {'state':<7} finished")
        for found in await repo.list_rounds(session, limit=50):
            asked = await session.scalar(
                select(func.count()).where(RoundRequest.round_id == found.id)
            )
            finished = await session.scalar(
                select(func.count()).where(
                    RoundRequest.round_id == found.id, RoundRequest.completed_at.is_not(None)
                )
            )
            state = "open" if found.closed_at is None else "closed"
            print(
                f"{found.id:>4}  {found.label:<14} {found.started_at:%Y-%m-%d %H:%M}  "
                f"{state:<7} {finished}/{asked}"
            )
        return 0

    return await with_session(settings, work, read_only=True)


async def cmd_round_seed(args: argparse.Namespace, settings: Settings) -> int:
    # imported when the command runs: `kylabot --help` stays light (tests/bot/test_cli.py)
    from handlers.checkin.seed import apply_seed, load_seed
    from storage.repos import checkin as repo
    from storage.types import utcnow

    try:
        seed = load_seed(Path(args.file))
    except (OSError, ValueError) as exc:
        raise UsageError(str(exc)) from None

    async def work(session: Any) -> int:
        try:
            found = await repo.find_round(session, args.round)
        except repo.CheckinError as exc:
            raise UsageError(str(exc)) from None
        stored = await apply_seed(session, found, seed, utcnow())
        print(f"{stored} answers stored in round {found.label}")
        return 0

    return await with_session(settings, work)


async def render(session: Any, ref: str | None, fmt: str, language: str, zone: ZoneInfo) -> bytes:
    # imported when the command runs: `kylabot --help` stays light (tests/bot/test_cli.py)
    from bot.i18n import Catalogs
    from handlers.checkin import report as rp
    from handlers.checkin import report_files, report_phone  # matplotlib only when a chart is drawn
    from storage.repos import checkin as repo

    found = await repo.find_round(session, ref)
    tr = Catalogs().get(language)
    drawing = report_phone.preload() if fmt == "png" else None
    data = await rp.build_report(session, found, language, details=fmt == "xlsx")
    if drawing is not None:
        drawing.join()
    if fmt == "csv":
        return report_files.csv_bytes(data, tr)
    if fmt == "xlsx":
        return report_files.xlsx_bytes(data, tr, zone)
    if fmt == "png":
        return report_phone.png_bytes(data, tr)
    return (rp.format_text(data, tr) + "\n").encode("utf-8")


async def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    # imported when the command runs: `kylabot --help` stays light (tests/bot/test_cli.py)
    from storage.repos import checkin as repo

    if args.format in ("xlsx", "png") and not args.output:
        raise UsageError(f"--format {args.format} needs --output FILE")

    async def work(session: Any) -> int:
        try:
            content = await render(session, args.round, args.format, args.lang, settings.zone)
        except repo.CheckinError as exc:
            raise UsageError(str(exc)) from None
        if args.output:
            Path(args.output).write_bytes(content)  # noqa: ASYNC240 - a CLI, nothing else runs
            print(f"wrote {args.output}")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        return 0

    return await with_session(settings, work, read_only=True)


def register(sub: Any, features: Sequence[Feature]) -> None:
    plan = sub.add_parser("plan", help="the network's plan").add_subparsers(
        dest="plan_action", required=True
    )
    imp = plan.add_parser("import", help="import or update a plan from YAML or CSV")
    imp.add_argument("file", help="plan file: .yaml/.yml or .csv (see README, Plan files)")
    imp.add_argument("--key", help="plan key for a CSV file (default: the file name)")
    imp.add_argument("--name", help="plan name (Finnish) for a CSV file")
    imp.set_defaults(handler=cmd_plan_import)

    rounds = sub.add_parser("round", help="check-in rounds").add_subparsers(
        dest="round_action", required=True
    )
    start = rounds.add_parser("start", help="start a round now")
    start.add_argument("--plan", help="plan key (default: the latest plan)")
    start.add_argument("--label", help="round label (default: e.g. Q3/2026)")
    start.set_defaults(handler=cmd_round_start)
    schedule = rounds.add_parser("schedule", help="start rounds on a cron schedule")
    schedule.add_argument("--cron", required=True, help='e.g. "0 9 1 */3 *" (quarterly)')
    schedule.add_argument("--plan", help="plan key (default: the latest plan)")
    schedule.add_argument(
        "--timezone", type=cli_types.timezone, help="IANA zone (default: KYLABOT_TIMEZONE)"
    )
    schedule.set_defaults(handler=cmd_round_schedule)
    rounds.add_parser("list", help="schedules and rounds").set_defaults(handler=cmd_round_list)
    seed = rounds.add_parser("seed-answers", help="store answers from a seed file (trials)")
    seed.add_argument("file", help="YAML file of answers (deploy/examples/*.answers.yaml)")
    seed.add_argument("--round", help="round id or label (default: the latest)")
    seed.set_defaults(handler=cmd_round_seed)

    report = sub.add_parser("report", help="check-in report by theme")
    report.add_argument("--round", help="round id or label (default: the latest)")
    report.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), csv, xlsx (four sheets) or png (chart); xlsx and png need --output",
    )
    report.add_argument("--output", help="write to FILE instead of standard output")
    report.add_argument(
        "--lang",
        type=cli_types.language,
        default="fi",
        help="language of the labels: fi (default), sv, se, smn, sms or en",
    )
    report.set_defaults(handler=cmd_report)
