"""Audiences: segment kinds, which features contribute, resolved to contacts in SQL.

A segment is stored (on a broadcast, an event) as ``{"kind": key, "value": str}``. Each kind knows
how to list its choices for the coordinator, how to describe a chosen value, and which SQL
condition selects its contacts. Features contribute kinds through their ``Feature.segments``;
``Segments`` is the lookup built from the feature list when the application is wired.

Contacts who paused messages (/stop), left (inactive, e.g. blocked the bot) or were forgotten
are never recipients; they are counted as skipped so the coordinator sees exact figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from storage.models import Contact, Organisation

if TYPE_CHECKING:
    from bot.feature import Feature

Options = Callable[[AsyncSession, Translator], Awaitable[list[tuple[str, str]]]]
Condition = Callable[[str], ColumnElement[bool]]


def contact_language() -> ColumnElement[str]:
    """The language a contact reads: their own choice, else their organisation's, else Finnish."""
    return func.coalesce(Contact.language, Organisation.language, literal(DEFAULT_LANGUAGE))


@dataclass(frozen=True)
class SegmentKind:
    key: str  # short: it travels in callback_data
    label: str  # N_(); translated where shown
    condition: Condition
    options: Options | None = None  # None: no value to choose ("everyone")
    describe_value: Callable[[AsyncSession, Translator, str], Awaitable[str]] | None = None
    describe: str = ""  # N_() with %(value)s, for kinds with a value
    visible: bool = True


@dataclass(frozen=True)
class Recipient:
    contact_id: int
    language: str
    timezone: str | None


@dataclass
class Audience:
    recipients: list[Recipient] = field(default_factory=list)
    paused: int = 0  # sent /stop
    left: int = 0  # inactive (blocked the bot, until they return) or forgotten

    @property
    def by_language(self) -> Counter[str]:
        return Counter(r.language for r in self.recipients)


class Segments(Mapping[str, SegmentKind]):
    """The segment kinds of all features, by key, in the order the features list them."""

    @classmethod
    def of(cls, features: Iterable[Feature]) -> Segments:
        return cls(kind for feature in features for kind in feature.parts().segments)

    def __init__(self, kinds: Iterable[SegmentKind]) -> None:
        self._kinds: dict[str, SegmentKind] = {}
        for kind in kinds:
            if kind.key in self._kinds:
                raise ValueError(f"segment kind {kind.key!r} is defined twice")
            self._kinds[kind.key] = kind

    def __getitem__(self, key: str) -> SegmentKind:
        return self._kinds[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def visible(self) -> list[SegmentKind]:
        return [kind for kind in self._kinds.values() if kind.visible]

    async def describe(
        self, session: AsyncSession, tr: Translator, segment: Mapping[str, Any]
    ) -> str:
        kind = self._kinds.get(str(segment.get("kind")))
        if kind is None:
            return "?"
        if kind.describe_value is None:
            return tr._(kind.label)
        value = await kind.describe_value(session, tr, str(segment.get("value", "")))
        return tr._(kind.describe) % {"value": value}

    def condition(self, segment: Mapping[str, Any]) -> ColumnElement[bool]:
        kind = self._kinds.get(str(segment.get("kind")))
        if kind is None:
            raise ValueError(f"unknown segment kind {segment.get('kind')!r}")
        return kind.condition(str(segment.get("value", "")))

    async def resolve(self, session: AsyncSession, segment: Mapping[str, Any]) -> Audience:
        """Everyone the segment matches, split into recipients and the skipped."""
        statement = (
            select(
                Contact.id,
                contact_language(),
                Contact.timezone,
                Contact.telegram_user_id.is_not(None) & Contact.forgotten_at.is_(None),
                Contact.active,
                Contact.opted_out,
            )
            .select_from(Contact)
            .outerjoin(Organisation, Organisation.id == Contact.organisation_id)
            .where(self.condition(segment))
            .order_by(Contact.id)
        )
        audience = Audience()
        for contact_id, language, zone, known, active, opted_out in await session.execute(
            statement
        ):
            if not known or not active:
                audience.left += 1
            elif opted_out:
                audience.paused += 1
            else:
                language = language if language in LANGUAGES else DEFAULT_LANGUAGE
                audience.recipients.append(Recipient(contact_id, language, zone))
        return audience


def reachable_now() -> ColumnElement[bool]:
    """The contacts a delivery may still be sent to (checked again when sending)."""
    return and_(
        Contact.telegram_user_id.is_not(None),
        Contact.forgotten_at.is_(None),
        Contact.active.is_(True),
        Contact.opted_out.is_(False),
    )
