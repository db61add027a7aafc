"""The report conversation's questions: its states, its data, its draft and how each step asks.

Every step of /phenomenon asks through ``ask`` (which also remembers the step on the draft, so a
draft taken up again days later resumes there) and moves on through ``advance`` (the summary
again while an answer is being changed from it). A step decorated with ``drafted`` gets the
chat's open draft, or the flow ends with "no longer open".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Final

from telegram import InlineKeyboardMarkup

from bot.context import ButtonSpec, Ctx
from bot.drafts import end_with, with_draft
from bot.flow_data import FlowData
from bot.municipalities import MUNICIPALITY_KEYS, municipality_name
from bot.paging import in_rows, page_of
from handlers.menu.conversation import cancel_row
from handlers.phenomena.categories import AFFECTED, CATEGORIES, FREQUENCIES
from handlers.phenomena.report_texts import (
    ASK_AFFECTED,
    ASK_CATEGORY,
    ASK_EDIT,
    ASK_FREQUENCY,
    ASK_MORE_TEXT,
    ASK_MUNICIPALITY,
    ASK_NAME,
    ASK_PLACE,
    ASK_TEXT,
    BACK,
    BACK_TO_SUMMARY,
    CLEAR,
    DISCARD,
    DO_NOT_KNOW,
    DONE,
    EDIT,
    EDIT_AFFECTED,
    EDIT_CATEGORY,
    EDIT_FREQUENCY,
    EDIT_NAME,
    EDIT_PLACE,
    EDIT_TEXT,
    GONE,
    NAME_NO,
    NAME_YES,
    NEXT,
    OTHER_MUNICIPALITY,
    PIN_GUESS,
    PIN_WHERE,
    PIN_YES,
    SEND,
    SUMMARY_TITLE,
)
from handlers.phenomena.service import summary
from storage.models import PhenomenonReport, ReportStatus
from storage.repos.phenomena import get_report

PAGE: Final = 8  # municipalities per page


class Step(IntEnum):
    RESUME = 1
    CATEGORY = 2
    TEXT = 3
    PLACE = 4
    MUNICIPALITY = 5
    FREQUENCY = 6
    AFFECTED = 7
    NAME = 8
    SUMMARY = 9
    EDIT = 10
    PIN_MUNICIPALITY = 11


@dataclass
class Drafting(FlowData):
    """The draft (a ``phenomenon_report`` row); whether an answer is being changed from the
    summary (then the summary comes next); whether the municipality list names a pin's."""

    report: int | None = None
    editing: bool = False
    pin_municipality: bool = False


async def load_report(ctx: Ctx) -> PhenomenonReport | None:
    """This chat's open draft, if it still exists and belongs to this person."""
    report_id = Drafting.of(ctx).report
    if report_id is None or ctx.contact is None:
        return None
    report = await get_report(ctx.session, report_id)
    if report is None or report.contact_id != ctx.contact.id:
        return None
    if report.status != ReportStatus.DRAFT:
        return None
    return report


def draft_date(ctx: Ctx, report: PhenomenonReport) -> str:
    return ctx.tr.date(report.created_at.astimezone(ctx.services.settings.zone).date())


gone = end_with(GONE)
# A step decorated with it gets this chat's open draft, or the flow ends with GONE.
drafted = with_draft(load_report, gone)


def touch(ctx: Ctx, report: PhenomenonReport) -> None:
    report.updated_at = ctx.services.now()


def category_rows(ctx: Ctx) -> list[list[ButtonSpec]]:
    rows = [[(ctx._(label), "ph_cat", key)] for key, label in CATEGORIES.items()]
    return [*rows, cancel_row(ctx)]


def municipality_rows(ctx: Ctx, page_number: str | int) -> list[list[ButtonSpec]]:
    page = page_of(page_number, len(MUNICIPALITY_KEYS), PAGE)
    names = page.items(list(enumerate(MUNICIPALITY_KEYS)))
    language = ctx.tr.language
    rows = in_rows([(municipality_name(key, language), "ph_mun", str(i)) for i, key in names])
    rows += page.nav("ph_mpage")
    rows.append([(ctx._(BACK), "ph_mback", "")])
    return rows


def affected_markup(ctx: Ctx, chosen: list[str]) -> InlineKeyboardMarkup:
    rows: list[list[ButtonSpec]] = []
    for key, label in AFFECTED.items():
        mark = "✅ " if key in chosen else "◻️ "
        rows.append([(mark + ctx._(label), "ph_aff", key)])
    rows.append([(ctx._(DONE), "ph_affdone", "")])
    return ctx.keyboard(rows)


def home_place(report: PhenomenonReport, language: str) -> str | None:
    organisation = report.organisation
    if organisation is None or not organisation.municipality:
        return None
    parts = [municipality_name(organisation.municipality, language), organisation.village]
    return ", ".join(p for p in parts if p)


def pin_rows(ctx: Ctx, report: PhenomenonReport) -> tuple[str, list[list[ButtonSpec]]]:
    """The question after a pin: confirm the guessed municipality, pick another, or not know."""
    rows: list[list[ButtonSpec]] = []
    question = ctx._(PIN_WHERE)
    if report.municipality_guess:
        name = {"municipality": municipality_name(report.municipality_guess, ctx.tr.language)}
        question = ctx._(PIN_GUESS) % name
        rows.append([(ctx._(PIN_YES) % name, "ph_pin", "yes")])
    rows.append([(ctx._(OTHER_MUNICIPALITY), "ph_pin", "other")])
    rows.append([(ctx._(DO_NOT_KNOW), "ph_pin", "unknown")])
    return question, rows


async def ask(ctx: Ctx, report: PhenomenonReport, step: Step) -> int:
    """Asks the question of ``step`` and remembers it as the place to resume."""
    report.step = int(step)
    touch(ctx, report)
    if step == Step.CATEGORY:
        await ctx.say(ctx._(ASK_CATEGORY), ctx.keyboard(category_rows(ctx)))
    elif step == Step.TEXT:
        question = ASK_MORE_TEXT if (report.text or report.media) else ASK_TEXT
        rows: list[list[ButtonSpec]] = []
        if report.text or report.media:
            rows = [[(ctx._(NEXT), "ph_next", "")], [(ctx._(CLEAR), "ph_clear", "")]]
        await ctx.say(ctx._(question), ctx.keyboard(rows) if rows else None)
    elif step == Step.PLACE:
        rows = []
        home = home_place(report, ctx.tr.language)
        if home:
            rows.append([("🏠 " + home, "ph_place", "home")])
        rows.append([(ctx._(OTHER_MUNICIPALITY), "ph_place", "other")])
        await ctx.say(ctx._(ASK_PLACE), ctx.keyboard(rows))
    elif step == Step.MUNICIPALITY:
        await ctx.say(ctx._(ASK_MUNICIPALITY), ctx.keyboard(municipality_rows(ctx, 0)))
    elif step == Step.PIN_MUNICIPALITY:
        question, rows = pin_rows(ctx, report)
        await ctx.say(question, ctx.keyboard(rows))
    elif step == Step.FREQUENCY:
        rows = [[(ctx._(label), "ph_freq", key)] for key, label in FREQUENCIES.items()]
        await ctx.say(ctx._(ASK_FREQUENCY), ctx.keyboard(rows))
    elif step == Step.AFFECTED:
        await ctx.say(ctx._(ASK_AFFECTED), affected_markup(ctx, list(report.affected or [])))
    elif step == Step.NAME:
        rows = [[(ctx._(NAME_YES), "ph_name", "yes")], [(ctx._(NAME_NO), "ph_name", "no")]]
        await ctx.say(ctx._(ASK_NAME), ctx.keyboard(rows))
    elif step == Step.EDIT:
        await ask_edit(ctx)
    else:
        return await show_summary(ctx, report)
    return int(step)


async def show_summary(ctx: Ctx, report: PhenomenonReport) -> int:
    report.step = int(Step.SUMMARY)
    with Drafting.edit(ctx) as data:
        data.editing = False
    rows: list[list[ButtonSpec]] = [
        [(ctx._(SEND), "ph_send", "")],
        [(ctx._(EDIT), "ph_edit", "")],
        [(ctx._(DISCARD), "ph_discard", "")],
    ]
    await ctx.say(f"{ctx._(SUMMARY_TITLE)}\n\n{summary(ctx.tr, report)}", ctx.keyboard(rows))
    return int(Step.SUMMARY)


async def ask_edit(ctx: Ctx) -> None:
    steps = (
        (EDIT_CATEGORY, Step.CATEGORY),
        (EDIT_TEXT, Step.TEXT),
        (EDIT_PLACE, Step.PLACE),
        (EDIT_FREQUENCY, Step.FREQUENCY),
        (EDIT_AFFECTED, Step.AFFECTED),
        (EDIT_NAME, Step.NAME),
        (BACK_TO_SUMMARY, Step.SUMMARY),
    )
    rows = [[(ctx._(label), "ph_goto", str(int(step)))] for label, step in steps]
    await ctx.show(ctx._(ASK_EDIT), ctx.keyboard(rows))


async def advance(ctx: Ctx, report: PhenomenonReport, step: Step) -> int:
    """Asks the next question, or shows the summary again when an answer was being edited."""
    if Drafting.of(ctx).editing:
        return await show_summary(ctx, report)
    return await ask(ctx, report, step)


async def confirm_choice(ctx: Ctx, question: str, choice: str) -> None:
    """Turns the answered question into a record of the answer (no buttons left to press)."""
    await ctx.show(f"{question}\n✔️ {choice}")
