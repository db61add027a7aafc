"""The ``kylabot`` command: run the bot, manage the database, organisations, invites, catalogs.

Sub-commands of features (plans, rounds, reports, broadcasts, phenomena) register themselves
through ``COMMAND_GROUPS`` so this module stays small.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.broadcast import cli as broadcast_cli
from bot.checkin import cli as checkin_cli
from bot.config import ConfigError, Settings, load_settings
from bot.i18n import CatalogMissing
from bot.logs import setup_logging
from bot.phenomena import cli as phenomena_cli

os.environ.setdefault("PTB_TIMEDELTA", "true")

Handler = Callable[[argparse.Namespace, Settings], Awaitable[int]]
# Features add (name, help, configure(parser) -> None, handler) here.
COMMAND_GROUPS: list[Callable[[Any], None]] = []
COMMAND_GROUPS.append(checkin_cli.register)
COMMAND_GROUPS.append(phenomena_cli.register)
COMMAND_GROUPS.append(broadcast_cli.register)


class UsageError(Exception):
    """Bad command-line input; printed as one line."""


def parse_duration(text: str) -> timedelta:
    """``14d``, ``12h``, ``30m`` or ``2w``."""
    match = re.fullmatch(r"(\d+)\s*([mhdw])", text.strip())
    if not match:
        raise UsageError(f"invalid duration {text!r}: use e.g. 14d, 12h, 30m or 2w")
    amount, unit = int(match.group(1)), match.group(2)
    return {
        "m": timedelta(minutes=amount),
        "h": timedelta(hours=amount),
        "d": timedelta(days=amount),
        "w": timedelta(weeks=amount),
    }[unit]


async def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import build_application, start_application, stop_application

    application = build_application(settings)
    await start_application(application, drop_pending_updates=False)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    import signal

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await stop_application(application)
    return 0


async def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import create_engine
    from storage.migrate import current_heads, upgrade

    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        print("database at", ", ".join(sorted(await current_heads(engine))))
    finally:
        await engine.dispose()
    return 0


async def with_session(settings: Settings, work: Callable[[Any], Awaitable[int]]) -> int:
    """Runs ``work(session)`` in one transaction on an up-to-date database."""
    from storage.db import create_engine, create_sessionmaker
    from storage.migrate import upgrade

    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        async with create_sessionmaker(engine)() as session, session.begin():
            return await work(session)
    finally:
        await engine.dispose()


async def cmd_org_add(args: argparse.Namespace, settings: Settings) -> int:
    from bot.i18n import LANGUAGES
    from storage.models import OrgKind
    from storage.repos.people import add_organisation

    try:
        kind = OrgKind(args.kind)
    except ValueError:
        raise UsageError(
            f"unknown kind {args.kind!r}; one of: {', '.join(k.value for k in OrgKind)}"
        ) from None
    if args.language and args.language not in LANGUAGES:
        raise UsageError(f"unknown language {args.language!r}; one of: {', '.join(LANGUAGES)}")

    async def work(session: Any) -> int:
        org = await add_organisation(
            session, args.name, kind, args.municipality, args.village, args.language
        )
        print(f"organisation {org.id}: {org.name}")
        return 0

    return await with_session(settings, work)


async def cmd_org_list(args: argparse.Namespace, settings: Settings) -> int:
    from storage.repos.people import list_organisations

    async def work(session: Any) -> int:
        rows = await list_organisations(session)
        print(f"{'id':>4}  {'kind':<20} {'municipality':<14} {'lang':<4} {'contacts':>8}  name")
        for org, contacts in rows:
            print(
                f"{org.id:>4}  {org.kind.value:<20} {org.municipality or '-':<14} "
                f"{org.language or '-':<4} {contacts:>8}  {org.name}"
            )
        return 0

    return await with_session(settings, work)


async def cmd_invite(args: argparse.Namespace, settings: Settings) -> int:
    from storage.models import Role
    from storage.repos.people import NotFound, create_invite, find_organisation
    from storage.types import utcnow

    try:
        role = Role(args.role)
    except ValueError:
        raise UsageError("role must be contact, coordinator or admin") from None
    valid_for = parse_duration(args.expires)
    username = settings.bot_username or await _bot_username(settings)

    async def work(session: Any) -> int:
        try:
            organisation = await find_organisation(session, args.org)
        except NotFound as exc:
            raise UsageError(str(exc)) from None
        issued = await create_invite(session, organisation, role, valid_for, utcnow())
        print(issued.link(username))
        return 0

    return await with_session(settings, work)


async def _bot_username(settings: Settings) -> str:
    from telegram import Bot

    async with Bot(settings.require_token(), base_url=f"{settings.api_url}/bot") as bot:
        return str(bot.username)


async def cmd_i18n(args: argparse.Namespace, settings: Settings | None) -> int:
    from bot import i18n_tool

    if args.action == "extract":
        i18n_tool.extract()
    elif args.action == "update":
        i18n_tool.update()
    elif args.action == "compile":
        print(f"compiled {i18n_tool.compile_all()} catalogs")
    else:
        print(f"{'lang':<5} {'translated':>10} {'missing':>8} {'fuzzy':>6} {'bad %()':>8}  review")
        worst = 0
        for row in i18n_tool.status():
            print(
                f"{row.language:<5} {row.translated:>5}/{row.total:<4} {row.missing:>8} "
                f"{row.fuzzy:>6} {row.placeholder_errors:>8}  {row.review}"
            )
            worst = max(worst, row.missing + row.fuzzy + row.placeholder_errors)
        return 1 if worst else 0
    return 0


async def cmd_chat(args: argparse.Namespace, settings: Settings | None) -> int:
    from bot.i18n import LANGUAGES
    from bot.terminal import chat
    from storage.models import Role

    if args.lang not in LANGUAGES:
        raise UsageError(f"unknown language {args.lang!r}; one of: {', '.join(LANGUAGES)}")
    try:
        role = Role(args.role)
    except ValueError:
        raise UsageError("--role must be contact, coordinator or admin") from None
    return await chat(args.lang, args.database, role, Path(args.files) if args.files else None)


async def cmd_demo(args: argparse.Namespace, settings: Settings | None) -> int:
    from bot.demo import run_demo

    return await run_demo(args.lang)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kylabot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("run", help="run the bot (long polling)").set_defaults(handler=cmd_run)

    db = sub.add_parser("db", help="database schema").add_subparsers(dest="db", required=True)
    db.add_parser("upgrade", help="apply migrations").set_defaults(handler=cmd_db_upgrade)

    org = sub.add_parser("org", help="organisations").add_subparsers(dest="org", required=True)
    add = org.add_parser("add", help="add an organisation")
    add.add_argument("name")
    add.add_argument("--kind", required=True)
    add.add_argument("--municipality")
    add.add_argument("--village")
    add.add_argument("--language", help="default language: fi, sv, se, smn, sms or en")
    add.set_defaults(handler=cmd_org_add)
    org.add_parser("list", help="list organisations").set_defaults(handler=cmd_org_list)

    invite = sub.add_parser("invite", help="create a single-use invite link")
    invite.add_argument("--org", required=True, help="organisation id or name")
    invite.add_argument("--role", default="contact", help="contact, coordinator or admin")
    invite.add_argument("--expires", default="14d", help="validity, e.g. 14d, 48h")
    invite.set_defaults(handler=cmd_invite)

    i18n = sub.add_parser("i18n", help="translation catalogs")
    i18n.add_argument("action", choices=["status", "extract", "update", "compile"])
    i18n.set_defaults(handler=cmd_i18n, needs_settings=False)

    chat = sub.add_parser("chat", help="talk to the bot in the terminal through the emulator")
    chat.add_argument("--lang", default="fi")
    chat.add_argument("--role", default="contact", help="contact or coordinator")
    chat.add_argument("--database", default=None, help="database URL (default: a temporary one)")
    chat.add_argument("--files", default=None, help="folder for the files the bot sends")
    chat.set_defaults(handler=cmd_chat, needs_settings=False)

    demo = sub.add_parser("demo", help="scripted demo against the emulator")
    demo.add_argument("--lang", default="fi")
    demo.set_defaults(handler=cmd_demo, needs_settings=False)

    for register in COMMAND_GROUPS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings() if getattr(args, "needs_settings", True) else None
        verbose = settings is not None and args.command == "run"
        setup_logging(settings.log_level if verbose and settings else "WARNING")
        code: int = asyncio.run(args.handler(args, settings))
        return code
    except (ConfigError, UsageError, CatalogMissing) as exc:
        print(f"kylabot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
