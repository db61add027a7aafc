"""Helpers for the desk's tests: a bot with the desk on, signed initData, an HTTP client."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from html.parser import HTMLParser

import httpx
from init_data_py import UnsignedInitData, User, sign

from bot.harness import LocalBot
from bot.ops.http import build_app
from storage.models import Contact, Organisation, OrgKind, Role
from storage.types import utcnow

DESK_URL = "https://desk.example.test/kylabot/desk"


class Clock:
    """The bot's clock, moved by the test (ages of initData are measured against it)."""

    def __init__(self) -> None:
        self.now = utcnow().replace(microsecond=0)  # initData dates are whole seconds

    def __call__(self) -> datetime:
        return self.now


def init_data(
    bot: LocalBot,
    user_id: int,
    language: str = "en",
    *,
    at: datetime | None = None,
    token: str | None = None,
) -> str:
    user = User(id=user_id, first_name="Kaisa", language_code=language)
    return sign(
        UnsignedInitData(user=user),
        token or bot.emulator.token,
        auth_date=at or bot.services.now(),
    )


def signed(data: str) -> dict[str, str]:
    return {"Authorization": f"tma {data}"}


@asynccontextmanager
async def desk_client(bot: LocalBot) -> AsyncIterator[httpx.AsyncClient]:
    """The process's HTTP app (webhook aside), called in process."""
    transport = httpx.ASGITransport(app=build_app(bot.services))
    async with httpx.AsyncClient(transport=transport, base_url="http://desk.test") as client:
        yield client


async def add_person(
    bot: LocalBot,
    user_id: int | None,
    role: Role,
    language: str | None = "en",
    organisation: str | None = None,
) -> int:
    """A person stored as onboarding stores one (``user_id`` None: one who used /forget)."""
    async with bot.services.write() as session:
        org = Organisation(
            name=organisation or f"Kyläyhdistys {secrets.token_hex(4)}",
            kind=OrgKind.VILLAGE_ASSOCIATION,
            municipality="Inari",
        )
        session.add(org)
        await session.flush()
        contact = Contact(
            telegram_user_id=user_id,
            organisation_id=org.id,
            role=role,
            language=language,
            display_name="Kaisa",
            consent_at=utcnow() - timedelta(days=1),
        )
        session.add(contact)
        await session.flush()
        return contact.id


class Tables(HTMLParser):
    """The rows of each table of a page, as the text of their cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "svg":
            self._svg += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "svg":
            self._svg -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._svg:
            self._cell.append(data)


def tables_of(page: str) -> list[list[list[str]]]:
    parser = Tables()
    parser.feed(page)
    return parser.tables
