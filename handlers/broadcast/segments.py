"""The broadcast audiences: everyone, by kind of organisation, municipality, theme, language,
and those who have not answered a round (listed in the broadcast feature's record)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import DEFAULT_LANGUAGE, ENDONYMS, LANGUAGES, N_, Translator
from bot.municipalities import municipality_name
from bot.segments import SegmentKind, contact_language
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

ORG_KIND_LABELS: dict[OrgKind, str] = {
    # Translators: /broadcast (coordinators send one message to many contacts), step 3b, and
    # /event's audience step: a kind of organisation to send to, two buttons to a row.
    # Button; at most 17 characters on a phone.
    OrgKind.VILLAGE_ASSOCIATION: N_("Village associations"),
    # Translators: /broadcast (coordinators send one message to many contacts), step 3b, and
    # /event's audience step: a kind of organisation to send to, two buttons to a row.
    # Button; at most 17 characters on a phone.
    OrgKind.ASSOCIATION: N_("Associations"),
    # Translators: /broadcast (coordinators send one message to many contacts), step 3b, and
    # /event's audience step: a kind of organisation to send to, two buttons to a row.
    # Button; at most 17 characters on a phone.
    OrgKind.LOCAL_BRANCH: N_("Local branches"),
    # Translators: /broadcast (coordinators send one message to many contacts), step 3b, and
    # /event's audience step: a kind of organisation to send to, two buttons to a row.
    # Button; at most 17 characters on a phone.
    OrgKind.SAMI_ASSOCIATION: N_("Sámi associations"),
    # Translators: /broadcast (coordinators send one message to many contacts), step 3b, and
    # /event's audience step: a kind of organisation to send to, two buttons to a row.
    # Button; at most 17 characters on a phone.
    OrgKind.DEFENCE_ASSOCIATION: N_("Defence associations"),
    # Translators: /broadcast (coordinators send one message to many contacts), step 3b, and
    # /event's audience step: a kind of organisation to send to, two buttons to a row.
    # Button; at most 17 characters on a phone.
    OrgKind.MUNICIPALITY: N_("Municipalities"),
    # Translators: /broadcast (coordinators send one message to many contacts), step 3b, and
    # /event's audience step: a kind of organisation to send to, two buttons to a row.
    # Button; at most 17 characters on a phone.
    OrgKind.AUTHORITY: N_("Authorities"),
    # Translators: /broadcast (coordinators send one message to many contacts), step 3b, and
    # /event's audience step: a kind of organisation to send to, two buttons to a row.
    # Button; at most 17 characters on a phone.
    OrgKind.PARISH: N_("Parishes"),
    # Translators: /broadcast (coordinators send one message to many contacts), step 3b, and
    # /event's audience step: a kind of organisation to send to, two buttons to a row.
    # Button; at most 17 characters on a phone.
    OrgKind.FOUNDATION: N_("Foundations"),
    # Translators: /broadcast (coordinators send one message to many contacts), step 3b, and
    # /event's audience step: a kind of organisation to send to, two buttons to a row.
    # Button; at most 17 characters on a phone.
    OrgKind.EDUCATION: N_("Schools and colleges"),
    # Translators: /broadcast (coordinators send one message to many contacts), step 3b, and
    # /event's audience step: a kind of organisation to send to, two buttons to a row.
    # Button; at most 17 characters on a phone.
    OrgKind.BUSINESS: N_("Businesses"),
}


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


KINDS: tuple[SegmentKind, ...] = (
    # Translators: /broadcast (coordinators send one message to many contacts), step 3 (who
    # gets it), and /event's audience step: a group to choose.
    # Button; at most 36 characters on a phone. Also the preview's "to:" line.
    SegmentKind("all", N_("Everyone"), lambda value: true()),
    SegmentKind(
        "kind",
        # Translators: /broadcast (coordinators send one message to many contacts), step 3 (who
        # gets it), and /event's audience step: a group to choose.
        # Button; at most 36 characters on a phone.
        N_("By kind of organisation"),
        lambda value: Organisation.kind == value,
        _kind_options,
        _kind_value,
        # Translators: /broadcast (coordinators send one message to many contacts), the preview's
        # "to:" line, /broadcasts and an event's audience line: the chosen group. %(value)s = the
        # kind of organisation, e.g. Village associations.
        N_("Organisations: %(value)s"),
    ),
    SegmentKind(
        "mun",
        # Translators: /broadcast (coordinators send one message to many contacts), step 3 (who
        # gets it), and /event's audience step: a group to choose.
        # Button; at most 36 characters on a phone.
        N_("By municipality"),
        lambda value: Organisation.municipality == value,
        _municipality_options,
        _municipality_value,
        # Translators: /broadcast (coordinators send one message to many contacts), the preview's
        # "to:" line, /broadcasts and an event's audience line: the chosen group. %(value)s = the
        # municipality's name.
        N_("Municipality: %(value)s"),
    ),
    SegmentKind(
        "theme",
        # Translators: /broadcast (coordinators send one message to many contacts), step 3 (who
        # gets it), and /event's audience step: a group to choose.
        # Button; at most 36 characters on a phone.
        N_("Responsible for a theme"),
        _responsible_for_theme,
        _theme_options,
        _theme_value,
        # Translators: /broadcast (coordinators send one message to many contacts), the preview's
        # "to:" line, /broadcasts and an event's audience line: the chosen group. %(value)s = the
        # theme's name.
        N_("Responsible for the theme: %(value)s"),
    ),
    SegmentKind(
        "lang",
        # Translators: /broadcast (coordinators send one message to many contacts), step 3 (who
        # gets it), and /event's audience step: a group to choose.
        # Button; at most 36 characters on a phone.
        N_("By language"),
        lambda value: contact_language() == value,
        _language_options,
        _language_value,
        # Translators: /broadcast (coordinators send one message to many contacts), the preview's
        # "to:" line, /broadcasts and an event's audience line: the chosen group. %(value)s = the
        # language's own name, e.g. Suomi.
        N_("Language: %(value)s"),
    ),
    SegmentKind(
        "round",
        # Translators: /broadcast (coordinators send one message to many contacts), step 3 (who
        # gets it), and /event's audience step: a group to choose.
        # Button; at most 36 characters on a phone.
        N_("Have not answered a round"),
        _not_answered,
        _round_options,
        _round_value,
        # Translators: /broadcast (coordinators send one message to many contacts), the preview's
        # "to:" line, /broadcasts and an event's audience line: the chosen group. %(value)s = the
        # round's label.
        N_("Have not answered the round: %(value)s"),
    ),
)
