"""Who a broadcast goes to: a registry of segment kinds, resolved to contacts in SQL.

A segment is stored on the broadcast as ``{"kind": key, "value": str}``. Each kind knows how to
list its choices for the coordinator, how to describe a chosen value, and which SQL condition
selects its contacts. New kinds (event attendees, with the events feature) register
themselves with ``register`` and appear in /broadcast once ``visible``.

Contacts who paused messages (/stop), left (inactive, e.g. blocked the bot) or were forgotten
are never recipients; they are counted as skipped so the coordinator sees exact figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, literal, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import DEFAULT_LANGUAGE, ENDONYMS, LANGUAGES, N_, Translator
from bot.municipalities import municipality_name
from storage.models import (
    Answer,
    Contact,
    Measure,
    MeasureResponsibility,
    Organisation,
    OrgKind,
    Round,
    RoundRequest,
    Theme,
)

Options = Callable[[AsyncSession, Translator], Awaitable[list[tuple[str, str]]]]
Condition = Callable[[str], ColumnElement[bool]]

ORG_KIND_LABELS: dict[OrgKind, str] = {
    OrgKind.VILLAGE_ASSOCIATION: N_("Village associations"),
    OrgKind.ASSOCIATION: N_("Associations"),
    OrgKind.LOCAL_BRANCH: N_("Local branches"),
    OrgKind.SAMI_ASSOCIATION: N_("Sámi associations"),
    OrgKind.DEFENCE_ASSOCIATION: N_("Defence associations"),
    OrgKind.MUNICIPALITY: N_("Municipalities"),
    OrgKind.AUTHORITY: N_("Authorities"),
    OrgKind.PARISH: N_("Parishes"),
    OrgKind.FOUNDATION: N_("Foundations"),
    OrgKind.EDUCATION: N_("Schools and colleges"),
    OrgKind.BUSINESS: N_("Businesses"),
}


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


SEGMENTS: dict[str, SegmentKind] = {}


def register(kind: SegmentKind) -> None:
    SEGMENTS[kind.key] = kind


def visible_segments() -> list[SegmentKind]:
    return [kind for kind in SEGMENTS.values() if kind.visible]


def localized(names: dict[str, str] | None, language: str) -> str:
    names = names or {}
    return names.get(language) or names.get(DEFAULT_LANGUAGE) or next(iter(names.values()), "?")


# ---------------------------------------------------------------------------- the kinds


async def _kind_options(session: AsyncSession, tr: Translator) -> list[tuple[str, str]]:
    present = set(
        (await session.scalars(select(Organisation.kind).distinct())).all()  # only kinds in use
    )
    return [(kind.value, tr._(label)) for kind, label in ORG_KIND_LABELS.items() if kind in present]


async def _kind_value(session: AsyncSession, tr: Translator, value: str) -> str:
    try:
        return tr._(ORG_KIND_LABELS[OrgKind(value)])
    except ValueError:
        return value


async def _municipality_options(session: AsyncSession, tr: Translator) -> list[tuple[str, str]]:
    names = await session.scalars(
        select(Organisation.municipality)
        .where(Organisation.municipality.is_not(None))
        .distinct()
        .order_by(Organisation.municipality)
    )
    return [(name, municipality_name(name, tr.language)) for name in names if name]


async def _municipality_value(session: AsyncSession, tr: Translator, value: str) -> str:
    return municipality_name(value, tr.language)


def _responsible_for_theme(value: str) -> ColumnElement[bool]:
    return Contact.organisation_id.in_(
        select(MeasureResponsibility.organisation_id)
        .join(Measure, Measure.id == MeasureResponsibility.measure_id)
        .where(Measure.theme_id == _int(value), Measure.retired.is_(False))
    )


async def _theme_options(session: AsyncSession, tr: Translator) -> list[tuple[str, str]]:
    themes = await session.scalars(select(Theme).order_by(Theme.plan_id, Theme.position))
    return [(str(theme.id), localized(theme.name, tr.language)) for theme in themes]


async def _theme_value(session: AsyncSession, tr: Translator, value: str) -> str:
    theme = await session.get(Theme, _int(value))
    return localized(theme.name, tr.language) if theme is not None else "?"


async def _language_options(session: AsyncSession, tr: Translator) -> list[tuple[str, str]]:
    return [(code, ENDONYMS[code]) for code in LANGUAGES]


async def _language_value(session: AsyncSession, tr: Translator, value: str) -> str:
    return ENDONYMS.get(value, value)


def _not_answered(value: str) -> ColumnElement[bool]:
    round_id = _int(value)
    return Contact.organisation_id.in_(
        select(RoundRequest.organisation_id).where(
            RoundRequest.round_id == round_id,
            RoundRequest.completed_at.is_(None),
            ~exists().where(
                Answer.round_id == round_id,
                Answer.organisation_id == RoundRequest.organisation_id,
            ),
        )
    )


async def _round_options(session: AsyncSession, tr: Translator) -> list[tuple[str, str]]:
    rounds = await session.scalars(
        select(Round).order_by(Round.closed_at.is_not(None), Round.started_at.desc()).limit(8)
    )
    return [(str(r.id), r.label) for r in rounds]


async def _round_value(session: AsyncSession, tr: Translator, value: str) -> str:
    found = await session.get(Round, _int(value))
    return found.label if found is not None else "?"


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return -1


register(SegmentKind("all", N_("Everyone"), lambda value: true()))
register(
    SegmentKind(
        "kind",
        N_("By kind of organisation"),
        lambda value: Organisation.kind == value,
        _kind_options,
        _kind_value,
        N_("Organisations: %(value)s"),
    )
)
register(
    SegmentKind(
        "mun",
        N_("By municipality"),
        lambda value: Organisation.municipality == value,
        _municipality_options,
        _municipality_value,
        N_("Municipality: %(value)s"),
    )
)
register(
    SegmentKind(
        "theme",
        N_("Responsible for a theme"),
        _responsible_for_theme,
        _theme_options,
        _theme_value,
        N_("Responsible for the theme: %(value)s"),
    )
)
register(
    SegmentKind(
        "lang",
        N_("By language"),
        lambda value: contact_language() == value,
        _language_options,
        _language_value,
        N_("Language: %(value)s"),
    )
)
register(
    SegmentKind(
        "round",
        N_("Have not answered a round"),
        _not_answered,
        _round_options,
        _round_value,
        N_("Have not answered the round: %(value)s"),
    )
)


async def describe(session: AsyncSession, tr: Translator, segment: dict[str, Any]) -> str:
    kind = SEGMENTS.get(str(segment.get("kind")))
    if kind is None:
        return "?"
    if kind.describe_value is None:
        return tr._(kind.label)
    value = await kind.describe_value(session, tr, str(segment.get("value", "")))
    return tr._(kind.describe) % {"value": value}


def condition(segment: dict[str, Any]) -> ColumnElement[bool]:
    kind = SEGMENTS.get(str(segment.get("kind")))
    if kind is None:
        raise ValueError(f"unknown segment kind {segment.get('kind')!r}")
    return kind.condition(str(segment.get("value", "")))


@dataclass(frozen=True)
class Recipient:
    contact_id: int
    language: str
    timezone: str | None


@dataclass
class Audience:
    recipients: list[Recipient] = field(default_factory=list)
    paused: int = 0  # sent /stop
    left: int = 0  # inactive (blocked the bot, removed) or forgotten

    @property
    def by_language(self) -> Counter[str]:
        return Counter(r.language for r in self.recipients)


async def resolve(session: AsyncSession, segment: dict[str, Any]) -> Audience:
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
        .where(condition(segment))
        .order_by(Contact.id)
    )
    audience = Audience()
    for contact_id, language, zone, known, active, opted_out in await session.execute(statement):
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
