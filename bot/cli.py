"""The ``kylabot`` command: run the bot, manage the database, organisations, invites, catalogs.

Each command imports what it needs when it runs: python-telegram-bot, SQLAlchemy's asyncio
layer and the broadcast sender cost about 0.4 s of imports, which every command paid before
doing anything (``kylabot --help`` took 0.7-1.0 s; issue 12, item 21). A test checks that
``--help`` loads none of them. Errors an operator can fix are printed as one line
(``bot.cli_errors``); each feature adds its command group through its ``Feature.cli``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import cli_types, i18n_cli
from bot.cli_errors import UsageError, explain
from bot.cli_session import with_session
from bot.features import FEATURES
from bot.logs import setup_logging
from handlers.onboarding.cli import parse_duration

if TYPE_CHECKING:
    from bot.config import Settings


__all__ = ["UsageError", "main", "parse_duration", "with_session"]

DESCRIPTION = """\
kylabot: the Telegram bot of the Lapland safety and wellbeing network (check-ins on the plan's
measures, reports of local phenomena, coordinator broadcasts).

Settings come from the environment or a .env file in the working directory; the main ones are
KYLABOT_TOKEN (from @BotFather), KYLABOT_DATABASE_URL and KYLABOT_ADMINS (see `kylabot run
--help` for all). `kylabot COMMAND --help` explains each command.
"""

RUN_HELP = """\
Starts the bot: applies database migrations, then answers people and runs the schedules
(rounds, reminders, the digest, broadcasts) until Ctrl-C or SIGTERM.

environment (or .env):
  KYLABOT_TOKEN              bot token from @BotFather (required)
  KYLABOT_DATABASE_URL       sqlite+aiosqlite:///kylabot.db (default) or
                             postgresql+asyncpg://USER@HOST/DB
  KYLABOT_ADMINS             Telegram user ids that are admins from the first start
  KYLABOT_API_URL            Bot API server (default https://api.telegram.org)
  KYLABOT_TIMEZONE           time zone of schedules (default Europe/Helsinki)
  KYLABOT_BOT_USERNAME       bot username for invite links (default: asked from Telegram)
  KYLABOT_QUIET_HOURS        no non-urgent broadcasts in these hours (default 21:00-08:00)
  KYLABOT_CIVIL_HOURS        reminders only in these hours (default 09:00-18:00)
  KYLABOT_REMINDER_AFTER_DAYS, KYLABOT_MAX_REMINDERS   check-in reminders (default 3, 2)
  KYLABOT_ROUND_GRACE_HOURS  a round missed while down still starts within this (default 24)
  KYLABOT_GLOBAL_RATE, KYLABOT_PER_CHAT_RATE, KYLABOT_GROUP_RATE_PER_MINUTE
                             Telegram's sending limits (default 30, 1, 20)
  KYLABOT_LOG_LEVEL          DEBUG, INFO (default), WARNING, ERROR or CRITICAL
  KYLABOT_WEBHOOK_URL        public https:// URL Telegram posts updates to (webhook mode;
                             default: long polling)
  KYLABOT_WEBHOOK_SECRET     the secret Telegram sends with each update (default: derived
                             from the token)
  KYLABOT_LISTEN             HOST:PORT of /healthz, /metrics and the webhook
                             (default 127.0.0.1:8080; off: none, polling mode only)
  KYLABOT_HEALTH_MAX_LAG     /healthz fails when replies wait longer (seconds, default 300)
  KYLABOT_LEADER_INTERVAL    seconds between tries to take over the scheduler (default 2)
  KYLABOT_DESK_URL           public https://.../desk address of the coordinator desk
                             (default: none, the desk is off)
  KYLABOT_DESK_MAX_AGE       seconds a desk sign-in is accepted (default 86400)
  KYLABOT_DESK_TILES_URL     map tiles for the desk (default: none)
"""


async def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from bot.ops.startup import run_bot

    return await run_bot(settings, webhook=args.webhook)


async def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from storage.db import create_engine
    from storage.migrate import current_heads, upgrade

    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        print("database at", ", ".join(sorted(await current_heads(engine))))
    finally:
        await engine.dispose()
    return 0


async def cmd_db_backup(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from bot.ops.backup import backup

    print(await backup(settings, Path(args.file)))
    return 0


async def cmd_db_restore(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from bot.ops.backup import restore

    print(await restore(settings, Path(args.file)))
    return 0


async def cmd_doctor(args: argparse.Namespace, settings: Settings | None) -> int:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from bot.ops.doctor import doctor

    return await doctor()


async def cmd_org_add(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from storage.models import OrgKind
    from storage.repos.people import add_organisation

    kind = OrgKind(args.kind)  # checked by cli_types.org_kind

    async def work(session: Any) -> int:
        org = await add_organisation(
            session, args.name, kind, args.municipality, args.village, args.language
        )
        print(f"organisation {org.id}: {org.name}")
        return 0

    return await with_session(settings, work)


async def cmd_org_list(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from storage.repos.people import list_organisations

    async def work(session: Any) -> int:
        rows = await list_organisations(session)
        print(f"{'id':>4}  {'kind':<20} {'municipality':<14} {'lang':<8} {'contacts':>8}  name")
        for org, contacts in rows:
            print(
                f"{org.id:>4}  {org.kind.value:<20} {org.municipality or '-':<14} "
                f"{org.language or '-':<8} {contacts:>8}  {org.name}"
            )
        return 0

    return await with_session(settings, work)


async def cmd_chat(args: argparse.Namespace, settings: Settings | None) -> int:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from bot.terminal import chat
    from storage.models import Role

    role = Role(args.role)  # checked by cli_types.role
    return await chat(args.lang, args.database, role, Path(args.files) if args.files else None)


async def cmd_demo(args: argparse.Namespace, settings: Settings | None) -> int:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from bot.demo import run_demo

    return await run_demo(args.lang)


def build_parser() -> argparse.ArgumentParser:
    parser = cli_types.Parser(
        prog="kylabot",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="run the bot (long polling, or a webhook) until Ctrl-C",
        description=RUN_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "--webhook",
        action="store_true",
        help="receive updates at KYLABOT_WEBHOOK_URL instead of long polling (the default "
        "when KYLABOT_WEBHOOK_URL is set)",
    )
    run.set_defaults(handler=cmd_run)

    db = sub.add_parser("db", help="database schema", description="Database schema.")
    db_actions = db.add_subparsers(dest="db", required=True, metavar="ACTION")
    db_actions.add_parser(
        "upgrade",
        help="apply the migrations (run does it too)",
        description="Brings the database at KYLABOT_DATABASE_URL to the current schema.",
    ).set_defaults(handler=cmd_db_upgrade)
    backup = db_actions.add_parser(
        "backup",
        help="copy the database to FILE (safe while the bot runs)",
        description="SQLite: the online backup API; PostgreSQL: pg_dump's custom format.",
    )
    backup.add_argument("file", help="the backup file to write")
    backup.set_defaults(handler=cmd_db_backup)
    restore = db_actions.add_parser(
        "restore",
        help="replace the database's contents with a backup FILE (stop the bot first)",
        description="Restores a backup made by `kylabot db backup`, then applies newer "
        "migrations. A backup from a newer kylabot is refused.",
    )
    restore.add_argument("file", help="a file written by `kylabot db backup`")
    restore.set_defaults(handler=cmd_db_restore)
    doctor = sub.add_parser(
        "doctor",
        help="check settings, database, migrations, catalogs, token and webhook",
        description="Checks the installation, one line per check; exit status 1 if any fails.",
    )
    doctor.set_defaults(handler=cmd_doctor, needs_settings=False)

    org = sub.add_parser(
        "org", help="add and list organisations", description="The network's organisations."
    )
    org_actions = org.add_subparsers(dest="org", required=True, metavar="ACTION")
    add = org_actions.add_parser(
        "add", help="add an organisation", description="Adds an organisation to the network."
    )
    add.add_argument("name", help='the organisation\'s name, e.g. "Nellimin kyläyhdistys"')
    add.add_argument(
        "--kind",
        required=True,
        type=cli_types.org_kind,
        help="village_association, association, local_branch, sami_association, "
        "defence_association, municipality, authority, parish, foundation, education or "
        "business",
    )
    add.add_argument("--municipality", help="one of Lapland's 21, e.g. Inari")
    add.add_argument("--village", help="village, e.g. Sevettijärvi")
    add.add_argument(
        "--language",
        type=cli_types.language,
        help="default language: fi, fi@selko (plain Finnish), sv, se, smn, sms or en",
    )
    add.set_defaults(handler=cmd_org_add)
    org_actions.add_parser(
        "list",
        help="list organisations with their number of contacts",
        description="Lists organisations: id, kind, municipality, language, contacts, name.",
    ).set_defaults(handler=cmd_org_list)

    i18n_cli.register(sub)

    languages = (
        "fi, fi@selko (plain Finnish), sv, se (Northern Sámi), smn (Inari Sámi),"
        " sms (Skolt Sámi) or en"
    )
    chat = sub.add_parser(
        "chat",
        help="talk to the bot in the terminal, no token needed",
        description="Talks to the real bot through the built-in Bot API emulator, as a new "
        "contact (or coordinator) of the first organisation, so a coordinator or translator "
        "can try every flow in any language.",
    )
    chat.add_argument(
        "--lang", type=cli_types.language, default="fi", help=f"the contact's language: {languages}"
    )
    chat.add_argument(
        "--role",
        type=cli_types.role,
        default="contact",
        help="contact (default), coordinator or admin",
    )
    chat.add_argument("--database", default=None, help="database URL (default: a temporary one)")
    chat.add_argument("--files", default=None, help="folder for the files the bot sends")
    chat.set_defaults(handler=cmd_chat, needs_settings=False)

    demo = sub.add_parser(
        "demo",
        help="a scripted demo against the emulator (no token needed)",
        description="A village contact onboards and answers a check-in; prints the transcript.",
    )
    demo.add_argument(
        "--lang", type=cli_types.language, default="fi", help=f"the demo's language: {languages}"
    )
    demo.set_defaults(handler=cmd_demo, needs_settings=False)

    for feature in FEATURES:  # in the order of the feature list
        if feature.cli is not None:
            feature.cli(sub, FEATURES)
    _describe(parser)
    return parser


def _describe(parser: argparse.ArgumentParser) -> None:
    """Gives every command without a description its one-line help as one, so that
    ``kylabot plan import --help`` says what the command does, not only its options."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: str(choice.help) for choice in action._choices_actions}
            for name, child in action.choices.items():
                if child.description is None and helps.get(name):
                    child.description = helps[name][0].upper() + helps[name][1:] + "."
                _describe(child)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help (0), or a mistake printed as one line (2)
        return stop.code if isinstance(stop.code, int) else 2
    settings: Settings | None = None
    try:
        # imported per command: --help reads no settings
        from bot.config import load_settings

        settings = load_settings() if getattr(args, "needs_settings", True) else None
        verbose = settings is not None and args.command == "run"
        setup_logging(settings.log_level if verbose and settings else "WARNING")
        code: int = asyncio.run(args.handler(args, settings))
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``kylabot i18n status | head``): not a database problem. The
        # rest of the output goes nowhere, so the interpreter's last flush cannot fail again.
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        database = settings.database_url if settings else getattr(args, "database", None)
        explained = explain(exc, database, settings.api_url if settings else None)
        if explained is None:
            raise
        print(f"kylabot: {explained.text}", file=sys.stderr)
        return explained.exit_code


if __name__ == "__main__":
    sys.exit(main())
