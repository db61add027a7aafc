"""Reporting a local phenomenon: a guided conversation of one question per message.

The safety notice comes first, always, and again whenever the text suggests an emergency. Then:
category, what is happening (text, photos, voice), where, how often, who is affected, whether
the name may be shown, and a summary with Edit / Send. The draft is a row of its own, updated
at every step, so an interruption or a restart loses nothing; an unfinished draft is offered
again for 7 days. A sent report never changes for the reporter.

This module is the flow and its first steps (category, what is happening, how often, who is
affected, the name); the questions, the draft and the flow's data are in ``questions.py``, the
place in ``place.py``, the summary's Send / Edit / Delete in ``review.py``, the words in
``report_texts.py``, and the text, photo and voice parts with their limits in ``compose.py``.
"""

from __future__ import annotations

from telegram import Update

from bot.context import ButtonSpec, Ctx
from bot.flow import Flow, MenuItem, on_button, on_command, on_location, on_media, on_text
from handlers.phenomena.categories import AFFECTED, CATEGORIES, FREQUENCIES
from handlers.phenomena.compose import EMPTY_TEXT, SAFETY, take_part, warn_if_emergency
from handlers.phenomena.place import (
    choose_municipality,
    choose_place,
    municipality_back,
    municipality_page,
    pin,
    pin_municipality,
)
from handlers.phenomena.questions import (
    Drafting,
    Step,
    advance,
    affected_markup,
    ask,
    category_rows,
    confirm_choice,
    draft_date,
    drafted,
    gone,
    load_report,
    show_summary,
    touch,
)
from handlers.phenomena.report_texts import (
    ADDED,
    ASK_AFFECTED,
    ASK_CATEGORY,
    ASK_FREQUENCY,
    ASK_NAME,
    CLEAR,
    CLEARED,
    CONTINUE,
    MENU_LABEL,
    NAME_NO,
    NAME_YES,
    NEED_AFFECTED,
    NEED_TEXT,
    NEXT,
    RESUME_QUESTION,
    START_OVER,
    UNSUPPORTED,
    USE_BUTTONS,
    WORDING,
)
from handlers.phenomena.review import discard, edit, goto, send
from handlers.phenomena.service import category_label
from storage.models import PhenomenonReport, Role
from storage.repos.phenomena import new_draft, open_draft


async def start(update: Update, ctx: Ctx) -> int | None:
    """Shows the safety notice, then offers an unfinished draft or asks for the category."""
    assert ctx.contact is not None
    await ctx.answer()
    await ctx.say("⚠️ " + ctx._(SAFETY))
    draft = await open_draft(ctx.session, ctx.contact, ctx.services.now())
    if draft is not None and draft.category is not None:
        Drafting(report=draft.id).save(ctx)
        await _offer_resume(ctx, draft)
        return Step.RESUME
    await ctx.say(ctx._(ASK_CATEGORY), ctx.keyboard(category_rows(ctx)))
    return Step.CATEGORY


async def _offer_resume(ctx: Ctx, report: PhenomenonReport) -> None:
    rows: list[list[ButtonSpec]] = [
        [(ctx._(CONTINUE), "ph_resume", "continue")],
        [(ctx._(START_OVER), "ph_resume", "over")],
    ]
    question = ctx._(RESUME_QUESTION) % {"date": draft_date(ctx, report)}
    await ctx.say(question, ctx.keyboard(rows))


async def resume(update: Update, ctx: Ctx) -> int | None:
    """Continues the unfinished draft where it stopped, or drops it and starts again."""
    report = await load_report(ctx)
    if ctx.arg == "continue" and report is not None:
        question = ctx._(RESUME_QUESTION) % {"date": draft_date(ctx, report)}
        await ctx.show(f"{question}\n✔️ {ctx._(CONTINUE)}")
        step = Step(report.step) if report.step in set(Step) else Step.CATEGORY
        if step in (Step.RESUME, Step.EDIT):
            step = Step.SUMMARY
        return await ask(ctx, report, step)
    if report is not None:
        await ctx.session.delete(report)
    with Drafting.edit(ctx) as data:
        data.report, data.editing = None, False
    await ctx.show(ctx._(START_OVER) + " ✔️")
    await ctx.say(ctx._(ASK_CATEGORY), ctx.keyboard(category_rows(ctx)))
    return Step.CATEGORY


async def choose_category(update: Update, ctx: Ctx) -> int | None:
    """Stores the category (starting the draft) and asks what is happening."""
    assert ctx.contact is not None
    if ctx.arg not in CATEGORIES:
        await ctx.answer()
        return None
    report = await load_report(ctx)
    if report is None:
        report = await new_draft(ctx.session, ctx.contact, ctx.tr.language, ctx.services.now())
        with Drafting.edit(ctx) as data:
            data.report = report.id
    report.category = ctx.arg
    await confirm_choice(ctx, ctx._(ASK_CATEGORY), category_label(ctx.tr, ctx.arg))
    return await advance(ctx, report, Step.TEXT)


async def _added(ctx: Ctx, report: PhenomenonReport) -> int:
    touch(ctx, report)
    rows: list[list[ButtonSpec]] = [
        [(ctx._(NEXT), "ph_next", "")],
        [(ctx._(CLEAR), "ph_clear", "")],
    ]
    await ctx.say(ctx._(ADDED), ctx.keyboard(rows))
    return int(Step.TEXT)


@drafted
async def add_part(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Adds a text, or a photo, voice message or video with its caption, to the description."""
    part = await take_part(ctx, update.message, report.text, len(report.media), WORDING)
    if part.emergency:
        report.emergency_words = True
    if part.text is None:
        return None
    report.text = part.text
    if part.attachment is not None:
        report.media = [*report.media, part.attachment]
    return await _added(ctx, report)


@drafted
async def text_done(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Moves on from the description once there is something in it."""
    if not report.text.strip() and not report.media:
        await ctx.answer(ctx._(NEED_TEXT), alert=True)
        return None
    await ctx.close_keyboard()
    return await advance(ctx, report, Step.PLACE)


@drafted
async def text_clear(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Empties the description and attachments and asks again."""
    report.text = ""
    report.media = []
    await ctx.show(ctx._(CLEARED))
    return await ask(ctx, report, Step.TEXT)


@drafted
async def choose_frequency(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Stores how long or how often, and asks who is affected."""
    if ctx.arg not in FREQUENCIES:
        await ctx.answer()
        return None
    report.frequency = ctx.arg
    await confirm_choice(ctx, ctx._(ASK_FREQUENCY), ctx._(FREQUENCIES[ctx.arg]))
    return await advance(ctx, report, Step.AFFECTED)


@drafted
async def toggle_affected(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Ticks or unticks one group (editing the same message)."""
    if ctx.arg not in AFFECTED:
        await ctx.answer()
        return None
    chosen = list(report.affected or [])
    if ctx.arg in chosen:
        chosen.remove(ctx.arg)
    elif ctx.arg == "unsure":
        chosen = ["unsure"]
    else:
        chosen = [k for k in chosen if k != "unsure"] + [ctx.arg]
    report.affected = [k for k in AFFECTED if k in chosen]  # a new list, in a stable order
    touch(ctx, report)
    await ctx.show(ctx._(ASK_AFFECTED), affected_markup(ctx, report.affected))
    return None


@drafted
async def affected_done(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Moves on once at least one group is ticked."""
    if not report.affected:
        await ctx.answer(ctx._(NEED_AFFECTED), alert=True)
        return None
    labels = ", ".join(ctx._(AFFECTED[k]) for k in report.affected)
    await confirm_choice(ctx, ctx._(ASK_AFFECTED), labels)
    return await advance(ctx, report, Step.NAME)


@drafted
async def choose_name(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Stores whether the name may be shown, and shows the summary."""
    if ctx.arg not in ("yes", "no"):
        await ctx.answer()
        return None
    report.show_name = ctx.arg == "yes"
    await confirm_choice(ctx, ctx._(ASK_NAME), ctx._(NAME_YES if report.show_name else NAME_NO))
    return await show_summary(ctx, report)


async def _explain(
    update: Update, ctx: Ctx, report: PhenomenonReport | None, *, empty: str = USE_BUTTONS
) -> None:
    """What every reprompt says first: the 112 notice again when the input suggests an
    emergency (the draft is flagged), then why the input does not fit."""
    message = update.message
    text = message.text if message is not None else None
    said = (text or message.caption) if message is not None else None
    if said and await warn_if_emergency(ctx, said) and report is not None:
        report.emergency_words = True
    if message is not None and text is not None and not text.strip():
        await ctx.say(ctx._(empty))
    elif message is not None and not text:
        await ctx.say(ctx._(UNSUPPORTED))
    elif update.callback_query is None:
        await ctx.say(ctx._(USE_BUTTONS))


async def _ask_again(ctx: Ctx, report: PhenomenonReport | None) -> int | None:
    if report is None:
        return await gone(ctx)
    state = ctx.conversation.state
    if state is not None:
        await ask(ctx, report, Step(state))
    return None


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    """Explains what fits here and asks the current question again; nothing is changed."""
    report = await load_report(ctx)
    await _explain(update, ctx, report)
    return await _ask_again(ctx, report)


async def reprompt_text(update: Update, ctx: Ctx) -> int | None:
    """The same, but an empty message is asked to say what is happening."""
    report = await load_report(ctx)
    await _explain(update, ctx, report, empty=EMPTY_TEXT)
    return await _ask_again(ctx, report)


async def reprompt_category(update: Update, ctx: Ctx) -> int | None:
    """The category is asked before there is a draft."""
    report = await load_report(ctx)
    await _explain(update, ctx, report)
    if report is None:
        await ctx.say(ctx._(ASK_CATEGORY), ctx.keyboard(category_rows(ctx)))
        return None
    return await _ask_again(ctx, report)


async def reprompt_resume(update: Update, ctx: Ctx) -> int | None:
    """Offers the unfinished draft again."""
    report = await load_report(ctx)
    await _explain(update, ctx, report)
    if report is None:
        return await gone(ctx)
    await _offer_resume(ctx, report)
    return None


def build_flow() -> Flow:
    return Flow(
        name="phenomena",
        entry_points=[
            on_command("phenomenon", start),
            on_button("ph_new", start),
        ],
        states={
            Step.RESUME: [on_button("ph_resume", resume)],
            Step.CATEGORY: [on_button("ph_cat", choose_category)],
            Step.TEXT: [
                on_text(add_part),
                on_media(add_part),
                on_button("ph_next", text_done),
                on_button("ph_clear", text_clear),
            ],
            Step.PLACE: [
                on_button("ph_place", choose_place),
                on_location(pin),
            ],
            Step.MUNICIPALITY: [
                on_button("ph_mun", choose_municipality),
                on_button("ph_mpage", municipality_page),
                on_button("ph_mback", municipality_back),
                on_location(pin),
            ],
            Step.FREQUENCY: [on_button("ph_freq", choose_frequency)],
            Step.AFFECTED: [
                on_button("ph_aff", toggle_affected),
                on_button("ph_affdone", affected_done),
            ],
            Step.NAME: [on_button("ph_name", choose_name)],
            Step.SUMMARY: [
                on_button("ph_send", send),
                on_button("ph_edit", edit),
                on_button("ph_discard", discard),
            ],
            Step.EDIT: [on_button("ph_goto", goto)],
            Step.PIN_MUNICIPALITY: [
                on_button("ph_pin", pin_municipality),
                on_location(pin),
            ],
        },
        reprompt=reprompt,
        reprompts={
            Step.RESUME: reprompt_resume,
            Step.CATEGORY: reprompt_category,
            Step.TEXT: reprompt_text,
        },
        menu=[MenuItem(MENU_LABEL, "ph_new", Role.CONTACT, position=20)],
        commands=[("phenomenon", MENU_LABEL, Role.CONTACT)],
    )
