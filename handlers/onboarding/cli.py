"""``kylabot invite``: single-use invite links, one at a time or for a whole network.

A coordinator inviting 300 organisations ran ``kylabot invite`` 300 times, each start-up paying
for the whole bot's imports; ``--count N`` and ``--from-csv FILE`` make them in one process and
one transaction, printed as CSV (organisation, role, link, expiry) to paste into a mail merge.
A file with any unknown organisation, role or bad expiry creates nothing (issue 12, item 21).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import cli_types
from bot.cli_errors import UsageError
from bot.cli_session import with_session
from bot.feature import Feature

if TYPE_CHECKING:
    from bot.config import Settings

CSV_HEADER = ("organisation", "role", "link", "expiry")


def parse_duration(text: str) -> timedelta:
    """A cell of the CSV file: the same rules as ``--expires`` (``cli_types.duration``)."""
    try:
        return cli_types.duration(text)
    except argparse.ArgumentTypeError as exc:
        raise UsageError(str(exc)) from None


def parse_role(text: str) -> str:
    """A cell of the CSV file: the same rules as ``--role`` (``cli_types.role``)."""
    try:
        return cli_types.role(text)
    except argparse.ArgumentTypeError as exc:
        raise UsageError(str(exc)) from None


@dataclass(frozen=True)
class Wanted:
    """One invite to make: which organisation (id or name), role and validity."""

    line: int
    organisation: str
    role: str
    valid_for: timedelta


def read_csv(path: Path, default_expiry: timedelta) -> list[Wanted]:
    """Rows ``organisation, role[, expires]`` (a header row is optional; ``;`` or ``,``).

    Every problem is reported as ``line N: ...`` on standard error before one UsageError.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    delimiter = ";" if text.count(";") > text.count(",") else ","
    wanted: list[Wanted] = []
    problems: list[str] = []
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or (number == 1 and cells[0].lower() == "organisation"):
            continue
        try:
            role = parse_role(cells[1] if len(cells) > 1 else "")
            expiry = cells[2] if len(cells) > 2 and cells[2] else None
            valid_for = parse_duration(expiry) if expiry else default_expiry
        except UsageError as exc:
            problems.append(f"line {number}: {exc}")
            continue
        wanted.append(Wanted(number, cells[0], role, valid_for))
    _fail_on(path, problems)
    if not wanted:
        raise UsageError(f"{path}: no invites listed (columns: organisation, role, expires)")
    return wanted


def _fail_on(path: Path, problems: list[str]) -> None:
    if problems:
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        raise UsageError(f"{len(problems)} problem(s) in {path}; no invites were created")


async def cmd_invite(args: argparse.Namespace, settings: Settings) -> int:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from storage.models import Role
    from storage.repos.people import NotFound, create_invite, find_organisation
    from storage.types import utcnow

    default_expiry: timedelta = args.expires
    if args.from_csv:
        wanted = read_csv(Path(args.from_csv), default_expiry)
    else:
        wanted = [Wanted(0, args.org, args.role, default_expiry) for _ in range(args.count)]
    as_csv = bool(args.from_csv) or args.count > 1
    username = settings.bot_username or await _bot_username(settings)

    async def work(session: Any) -> int:
        now = utcnow()
        made = []
        problems = []
        for item in wanted:
            try:
                organisation = await find_organisation(session, item.organisation)
            except NotFound as exc:
                problems.append(f"line {item.line}: {exc}" if item.line else str(exc))
                continue
            issued = await create_invite(
                session, organisation, Role(item.role), item.valid_for, now
            )
            made.append((organisation.name, item.role, issued.link(username), issued.invite))
        if problems and not args.from_csv:
            raise UsageError(problems[0])
        _fail_on(Path(args.from_csv or "-"), problems)  # raising rolls everything back
        if not as_csv:
            print(made[0][2])
            return 0
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(CSV_HEADER)
        for name, role_name, link, invite in made:
            expiry = invite.expires_at.astimezone(settings.zone).isoformat(timespec="minutes")
            out.writerow([name, role_name, link, expiry])
        return 0

    return await with_session(settings, work)


async def _bot_username(settings: Settings) -> str:
    # imported per command: python-telegram-bot is needed only without KYLABOT_BOT_USERNAME
    from telegram import Bot

    async with Bot(settings.require_token(), base_url=f"{settings.api_url}/bot") as bot:
        return str(bot.username)


def register(sub: Any, features: Sequence[Feature]) -> None:
    invite = sub.add_parser(
        "invite",
        help="create single-use invite links for people of an organisation",
        description=(
            "Creates single-use invite links (https://t.me/<bot>?start=<token>); send each to "
            "one person. One link is printed as it is; with --count or --from-csv the links "
            "are printed as CSV: organisation, role, link, expiry. Needs KYLABOT_BOT_USERNAME "
            "or KYLABOT_TOKEN (to ask Telegram for the bot's username)."
        ),
    )
    which = invite.add_mutually_exclusive_group(required=True)
    which.add_argument("--org", help="organisation id or exact name (see `kylabot org list`)")
    invite.add_argument(
        "--role",
        type=cli_types.role,
        default="contact",
        help="contact (default), coordinator or admin",
    )
    invite.add_argument(
        "--expires",
        type=cli_types.duration,
        default="14d",
        help="how long a link stays valid: 30m, 12h, 14d or 2w",
    )
    invite.add_argument(
        "--count",
        type=cli_types.positive,
        default=1,
        help="make N links for --org at once (printed as CSV)",
    )
    which.add_argument(
        "--from-csv",
        metavar="FILE",
        help="make one link per row of FILE: organisation, role[, expires] (header optional)",
    )
    invite.set_defaults(handler=cmd_invite)
