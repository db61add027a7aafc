"""Sent phenomenon reports for the desk's tests, stored as the report conversation stores them
(a draft from ``new_draft``, its answers, then sent: ``handlers/phenomena/review.py``), and the
map's points read back from a page."""

from __future__ import annotations

import json
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

from sqlalchemy import select

from bot.harness import LocalBot
from storage.models import Contact, ReportStatus
from storage.repos.phenomena import new_draft

COORDINATOR = 801  # the signed-in coordinator of the conftest's bot


async def add_report(
    bot: LocalBot,
    contact_id: int,
    *,
    at: datetime | None = None,
    category: str = "traffic",
    text: str = "Tie on liukas.",
    municipality: str | None = "Inari",
    pin: tuple[float, float] | None = None,
    show_name: bool = True,
    media: list[dict[str, Any]] | None = None,
) -> int:
    """A report sent by the contact ``contact_id`` at ``at`` (the bot's now by default)."""
    when = at or bot.services.now()
    async with bot.services.write() as session:
        contact = await session.scalar(select(Contact).where(Contact.id == contact_id))
        assert contact is not None
        report = await new_draft(session, contact, contact.language or "fi", when)
        report.category = category
        report.text = text
        report.media = media or []
        report.municipality = municipality
        if pin is not None:
            report.latitude, report.longitude = pin
            report.place_kind = "pin"
        else:
            report.place_kind = "municipality" if municipality else None
        report.frequency = "often"
        report.affected = ["village"]
        report.show_name = show_name
        report.status = ReportStatus.SENT
        report.sent_at = report.updated_at = when
        return report.id


class _Attributes(HTMLParser):
    def __init__(self, element_id: str) -> None:
        super().__init__()
        self.element_id = element_id
        self.found: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if dict(attrs).get("id") == self.element_id:
            self.found = dict(attrs)


def attributes(page: str, element_id: str) -> dict[str, str | None]:
    """The attributes of the element ``element_id`` of a page (unescaped)."""
    parser = _Attributes(element_id)
    parser.feed(page)
    assert parser.found is not None, element_id
    return parser.found


def points(page: str) -> list[list[Any]]:
    """The map's points, ``[id, latitude, longitude, kind, title]``, as the page carries them."""
    value = attributes(page, "phenomena-map")["data-points"]
    assert value is not None
    found: list[list[Any]] = json.loads(value)
    return found
