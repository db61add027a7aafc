"""Reporting a local phenomenon: a guided conversation of one question per message.

The safety notice comes first, always, and again whenever the text suggests an emergency. Then:
category, what is happening (text, photos, voice), where, how often, who is affected, whether
the name may be shown, and a summary with Edit / Send. The draft is a row of its own, updated
at every step, so an interruption or a restart loses nothing; an unfinished draft is offered
again for 7 days. A sent report never changes for the reporter.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Final

from telegram import InlineKeyboardMarkup, Update

from bot.context import ButtonSpec, Ctx
from bot.drafts import end_with, with_draft
from bot.flow import (
    END,
    Flow,
    MenuItem,
    on_button,
    on_command,
    on_location,
    on_media,
    on_text,
)
from bot.flow_data import FlowData
from bot.i18n import N_, NP_
from bot.municipalities import (
    MUNICIPALITY_KEYS,
    guess_municipality,
    municipality_name,
    outside_finland,
)
from bot.paging import in_rows, page_of
from handlers.menu.conversation import cancel_row
from handlers.phenomena.categories import (
    AFFECTED,
    CATEGORIES,
    FREQUENCIES,
)
from handlers.phenomena.compose import (
    EMPTY_TEXT,
    SAFETY,
    Wording,
    take_part,
    warn_if_emergency,
)
from handlers.phenomena.service import category_label, summary
from storage.models import PhenomenonReport, ReportStatus, Role
from storage.repos.phenomena import get_report, new_draft, open_draft


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


PAGE: Final = 8  # municipalities per page

RESUME_QUESTION = N_("You have an unfinished report from %(date)s.")
CONTINUE = NP_("button", "Continue")
START_OVER = NP_("button", "Start over")
ASK_CATEGORY = N_("What is your report about?")
ASK_TEXT = N_(
    "What is happening? Write in your own words. You can also send photos or voice messages."
)
ASK_MORE_TEXT = N_(
    "What is happening? Send more text, photos or voice messages to add to it, or press Next."
)
ADDED = N_("Added. Send more, or press Next.")
NEXT = NP_("button", "Next")
CLEAR = N_("Clear and write again")
CLEARED = N_("The description and attachments were cleared.")
TOTAL_TOO_LONG = N_(
    "Your description would be longer than %(limit)s characters. Nothing more was added; "
    "what you sent before is kept. Press Next to continue."
)
TOO_MANY_MEDIA = N_("A report can have at most %(limit)s attachments. This one was not added.")
UNSUPPORTED = N_(
    "I cannot store that kind of message. Please send text, a photo, a voice message or a "
    "location, or use the buttons."
)
WORDING = Wording(TOTAL_TOO_LONG, TOO_MANY_MEDIA, UNSUPPORTED)
NEED_TEXT = N_("Please tell first what is happening.")
ASK_PLACE = N_(
    "Where is this happening? Choose below, or send a location pin (paperclip → Location)."
)
OTHER_MUNICIPALITY = N_("Another municipality")
PIN_GUESS = N_("Is the pin in %(municipality)s?")
PIN_YES = N_("Yes, %(municipality)s")
PIN_WHERE = N_("Which municipality is the pin in?")
DO_NOT_KNOW = N_("I do not know")
ASK_MUNICIPALITY = N_("Which municipality?")
BACK = NP_("button", "Back")
PIN_FAR = N_(
    "That pin is far outside Finland. I saved it, and coordinators will see it marked for "
    "checking. If it was a mistake, go back with Edit in the summary."
)
ASK_FREQUENCY = N_("How long has it gone on, or how often does it happen?")
ASK_AFFECTED = N_("Who is affected? Choose one or more, then press Done.")
DONE = NP_("button", "Done")
NEED_AFFECTED = N_("Choose at least one, or “Not sure”.")
ASK_NAME = N_("May the coordinators see your name, or only your organisation?")
NAME_YES = N_("Show my name")
NAME_NO = N_("Only my organisation")
SUMMARY_TITLE = N_("Please check your report:")
SEND = NP_("button", "Send")
EDIT = NP_("button", "Edit")
DISCARD = N_("Delete draft")
ASK_EDIT = N_("What do you want to change?")
EDIT_CATEGORY = N_("Category")
EDIT_TEXT = N_("What is happening")
EDIT_PLACE = N_("Where")
EDIT_FREQUENCY = N_("How often")
EDIT_AFFECTED = N_("Who is affected")
EDIT_NAME = N_("Name shown")
BACK_TO_SUMMARY = N_("Back to the summary")
SENT = N_(
    "Thank you! Your report (number %(id)s) was sent to the coordinators. They may answer you here."
)
DISCARDED = N_("The draft was deleted. Nothing was sent.")
GONE = N_("This report is no longer open. Start a new one from the menu.")
USE_BUTTONS = N_("Please answer with the buttons.")
MENU_LABEL = N_("Report a local phenomenon")


# ----------------------------------------------------------------------------- helpers


async def _report(ctx: Ctx) -> PhenomenonReport | None:
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


def _draft_date(ctx: Ctx, report: PhenomenonReport) -> str:
    return ctx.tr.date(report.created_at.astimezone(ctx.services.settings.zone).date())


_gone = end_with(GONE)
# A step decorated with it gets this chat's open draft, or the flow ends with GONE.
drafted = with_draft(_report, _gone)


def _touch(ctx: Ctx, report: PhenomenonReport) -> None:
    report.updated_at = ctx.services.now()


def _category_rows(ctx: Ctx) -> list[list[ButtonSpec]]:
    rows = [[(ctx._(label), "ph_cat", key)] for key, label in CATEGORIES.items()]
    return [*rows, cancel_row(ctx)]


def _municipality_rows(ctx: Ctx, page_number: str | int) -> list[list[ButtonSpec]]:
    page = page_of(page_number, len(MUNICIPALITY_KEYS), PAGE)
    names = page.items(list(enumerate(MUNICIPALITY_KEYS)))
    language = ctx.tr.language
    rows = in_rows([(municipality_name(key, language), "ph_mun", str(i)) for i, key in names])
    rows += page.nav("ph_mpage")
    rows.append([(ctx._(BACK), "ph_mback", "")])
    return rows


def _affected_markup(ctx: Ctx, chosen: list[str]) -> InlineKeyboardMarkup:
    rows: list[list[ButtonSpec]] = []
    for key, label in AFFECTED.items():
        mark = "✅ " if key in chosen else "◻️ "
        rows.append([(mark + ctx._(label), "ph_aff", key)])
    rows.append([(ctx._(DONE), "ph_affdone", "")])
    return ctx.keyboard(rows)


def _home_place(report: PhenomenonReport, language: str) -> str | None:
    organisation = report.organisation
    if organisation is None or not organisation.municipality:
        return None
    parts = [municipality_name(organisation.municipality, language), organisation.village]
    return ", ".join(p for p in parts if p)


def _pin_rows(ctx: Ctx, report: PhenomenonReport) -> tuple[str, list[list[ButtonSpec]]]:
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
    _touch(ctx, report)
    if step == Step.CATEGORY:
        await ctx.say(ctx._(ASK_CATEGORY), ctx.keyboard(_category_rows(ctx)))
    elif step == Step.TEXT:
        question = ASK_MORE_TEXT if (report.text or report.media) else ASK_TEXT
        rows: list[list[ButtonSpec]] = []
        if report.text or report.media:
            rows = [[(ctx._(NEXT), "ph_next", "")], [(ctx._(CLEAR), "ph_clear", "")]]
        await ctx.say(ctx._(question), ctx.keyboard(rows) if rows else None)
    elif step == Step.PLACE:
        rows = []
        home = _home_place(report, ctx.tr.language)
        if home:
            rows.append([("🏠 " + home, "ph_place", "home")])
        rows.append([(ctx._(OTHER_MUNICIPALITY), "ph_place", "other")])
        await ctx.say(ctx._(ASK_PLACE), ctx.keyboard(rows))
    elif step == Step.MUNICIPALITY:
        await ctx.say(ctx._(ASK_MUNICIPALITY), ctx.keyboard(_municipality_rows(ctx, 0)))
    elif step == Step.PIN_MUNICIPALITY:
        question, rows = _pin_rows(ctx, report)
        await ctx.say(question, ctx.keyboard(rows))
    elif step == Step.FREQUENCY:
        rows = [[(ctx._(label), "ph_freq", key)] for key, label in FREQUENCIES.items()]
        await ctx.say(ctx._(ASK_FREQUENCY), ctx.keyboard(rows))
    elif step == Step.AFFECTED:
        await ctx.say(ctx._(ASK_AFFECTED), _affected_markup(ctx, list(report.affected or [])))
    elif step == Step.NAME:
        rows = [[(ctx._(NAME_YES), "ph_name", "yes")], [(ctx._(NAME_NO), "ph_name", "no")]]
        await ctx.say(ctx._(ASK_NAME), ctx.keyboard(rows))
    elif step == Step.EDIT:
        await _ask_edit(ctx)
    else:
        return await _show_summary(ctx, report)
    return int(step)


async def _show_summary(ctx: Ctx, report: PhenomenonReport) -> int:
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


async def _ask_edit(ctx: Ctx) -> None:
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
        return await _show_summary(ctx, report)
    return await ask(ctx, report, step)


async def _confirm_choice(ctx: Ctx, question: str, choice: str) -> None:
    """Turns the answered question into a record of the answer (no buttons left to press)."""
    await ctx.show(f"{question}\n✔️ {choice}")


# --------------------------------------------------------------------------- callbacks


async def start(update: Update, ctx: Ctx) -> int | None:
    """Shows the safety notice, then offers an unfinished draft or asks for the category."""
    assert ctx.contact is not None
    await ctx.answer()
    await ctx.say("⚠️ " + ctx._(SAFETY))
    draft = await open_draft(ctx.session, ctx.contact, ctx.services.now())
    if draft is not None and draft.category is not None:
        Drafting(report=draft.id).save(ctx)
        text = ctx._(RESUME_QUESTION) % {"date": _draft_date(ctx, draft)}
        rows: list[list[ButtonSpec]] = [
            [(ctx._(CONTINUE), "ph_resume", "continue")],
            [(ctx._(START_OVER), "ph_resume", "over")],
        ]
        await ctx.say(text, ctx.keyboard(rows))
        return Step.RESUME
    await ctx.say(ctx._(ASK_CATEGORY), ctx.keyboard(_category_rows(ctx)))
    return Step.CATEGORY


async def resume(update: Update, ctx: Ctx) -> int | None:
    """Continues the unfinished draft where it stopped, or drops it and starts again."""
    report = await _report(ctx)
    if ctx.arg == "continue" and report is not None:
        question = ctx._(RESUME_QUESTION) % {"date": _draft_date(ctx, report)}
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
    await ctx.say(ctx._(ASK_CATEGORY), ctx.keyboard(_category_rows(ctx)))
    return Step.CATEGORY


async def choose_category(update: Update, ctx: Ctx) -> int | None:
    """Stores the category (starting the draft) and asks what is happening."""
    assert ctx.contact is not None
    if ctx.arg not in CATEGORIES:
        await ctx.answer()
        return None
    report = await _report(ctx)
    if report is None:
        report = await new_draft(ctx.session, ctx.contact, ctx.tr.language, ctx.services.now())
        with Drafting.edit(ctx) as data:
            data.report = report.id
    report.category = ctx.arg
    await _confirm_choice(ctx, ctx._(ASK_CATEGORY), category_label(ctx.tr, ctx.arg))
    return await advance(ctx, report, Step.TEXT)


async def _added(ctx: Ctx, report: PhenomenonReport) -> int:
    _touch(ctx, report)
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
async def choose_place(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Takes the organisation's home place, or opens the municipality list."""
    with Drafting.edit(ctx) as data:
        data.pin_municipality = False
    home = _home_place(report, ctx.tr.language)
    if ctx.arg == "home" and report.organisation is not None and home:
        report.place_kind = "home"
        report.municipality = report.organisation.municipality
        report.municipality_guess = None
        report.village = report.organisation.village
        report.latitude = report.longitude = None
        report.outside_finland = False
        await _confirm_choice(ctx, ctx._(ASK_PLACE), home)
        return await advance(ctx, report, Step.FREQUENCY)
    await ctx.show(ctx._(ASK_MUNICIPALITY), ctx.keyboard(_municipality_rows(ctx, 0)))
    report.step = int(Step.MUNICIPALITY)
    return Step.MUNICIPALITY


async def municipality_page(update: Update, ctx: Ctx) -> int | None:
    """Turns the page of the municipality list."""
    await ctx.show(ctx._(ASK_MUNICIPALITY), ctx.keyboard(_municipality_rows(ctx, ctx.arg)))
    return None


@drafted
async def municipality_back(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Goes back to the place question."""
    await ctx.close_keyboard()
    return await ask(ctx, report, Step.PLACE)


@drafted
async def choose_municipality(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Stores the chosen municipality."""
    if not ctx.arg.isdigit() or int(ctx.arg) >= len(MUNICIPALITY_KEYS):
        await ctx.answer()
        return None
    name = MUNICIPALITY_KEYS[int(ctx.arg)]
    report.municipality = name
    report.municipality_guess = None
    data = Drafting.of(ctx)
    if data.pin_municipality and report.place_kind == "pin":
        report.village = None  # the pin stays; the reporter named its municipality
    else:
        report.place_kind = "municipality"
        home = report.organisation
        report.village = home.village if home and home.municipality == name else None
        report.latitude = report.longitude = None
        report.outside_finland = False
    data.pin_municipality = False
    data.save(ctx)
    await _confirm_choice(ctx, ctx._(ASK_MUNICIPALITY), municipality_name(name, ctx.tr.language))
    return await advance(ctx, report, Step.FREQUENCY)


@drafted
async def pin(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Stores a location pin and asks the reporter to confirm its municipality.

    One far outside Finland is kept but flagged. The municipality is a guess until the reporter
    confirms it (issue 12, item 10): only a confirmed or chosen one is stored as ``municipality``.
    """
    assert update.message is not None and update.message.location is not None
    latitude = float(update.message.location.latitude)
    longitude = float(update.message.location.longitude)
    report.place_kind = "pin"
    report.latitude, report.longitude = latitude, longitude
    report.outside_finland = outside_finland(latitude, longitude)
    report.municipality = None
    report.municipality_guess = (
        None if report.outside_finland else guess_municipality(latitude, longitude)
    )
    report.village = None
    if report.outside_finland:
        await ctx.say("⚠️ " + ctx._(PIN_FAR))
        return await advance(ctx, report, Step.FREQUENCY)
    return await ask(ctx, report, Step.PIN_MUNICIPALITY)


@drafted
async def pin_municipality(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Takes the guessed municipality as confirmed, opens the list, or leaves it open."""
    question, _rows = _pin_rows(ctx, report)
    if ctx.arg == "yes" and report.municipality_guess:
        report.municipality, report.municipality_guess = report.municipality_guess, None
        choice = municipality_name(report.municipality, ctx.tr.language)
    elif ctx.arg == "unknown":
        report.municipality = None  # the guess stays a guess, shown to coordinators as one
        choice = ctx._(DO_NOT_KNOW)
    else:
        with Drafting.edit(ctx) as data:
            data.pin_municipality = True
        await ctx.show(ctx._(ASK_MUNICIPALITY), ctx.keyboard(_municipality_rows(ctx, 0)))
        report.step = int(Step.MUNICIPALITY)
        return Step.MUNICIPALITY
    await _confirm_choice(ctx, question, choice)
    return await advance(ctx, report, Step.FREQUENCY)


@drafted
async def choose_frequency(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Stores how long or how often, and asks who is affected."""
    if ctx.arg not in FREQUENCIES:
        await ctx.answer()
        return None
    report.frequency = ctx.arg
    await _confirm_choice(ctx, ctx._(ASK_FREQUENCY), ctx._(FREQUENCIES[ctx.arg]))
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
    _touch(ctx, report)
    await ctx.show(ctx._(ASK_AFFECTED), _affected_markup(ctx, report.affected))
    return None


@drafted
async def affected_done(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Moves on once at least one group is ticked."""
    if not report.affected:
        await ctx.answer(ctx._(NEED_AFFECTED), alert=True)
        return None
    labels = ", ".join(ctx._(AFFECTED[k]) for k in report.affected)
    await _confirm_choice(ctx, ctx._(ASK_AFFECTED), labels)
    return await advance(ctx, report, Step.NAME)


@drafted
async def choose_name(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Stores whether the name may be shown, and shows the summary."""
    if ctx.arg not in ("yes", "no"):
        await ctx.answer()
        return None
    report.show_name = ctx.arg == "yes"
    await _confirm_choice(ctx, ctx._(ASK_NAME), ctx._(NAME_YES if report.show_name else NAME_NO))
    return await _show_summary(ctx, report)


def _first_missing(report: PhenomenonReport) -> Step | None:
    if report.category is None:
        return Step.CATEGORY
    if not report.text.strip() and not report.media:
        return Step.TEXT
    if report.place_kind is None:
        return Step.PLACE
    if report.frequency is None:
        return Step.FREQUENCY
    if not report.affected:
        return Step.AFFECTED
    if report.show_name is None:
        return Step.NAME
    return None


@drafted
async def send(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Sends the report: from now on it is read-only for the reporter."""
    missing = _first_missing(report)
    if missing is not None:
        await ctx.close_keyboard()
        return await ask(ctx, report, missing)
    now = ctx.services.now()
    report.status = ReportStatus.SENT
    report.sent_at = now
    report.updated_at = now
    report.step = None
    await ctx.show(f"{ctx._(SUMMARY_TITLE)}\n\n{summary(ctx.tr, report)}")
    await ctx.say(ctx._(SENT) % {"id": report.id})
    return END


@drafted
async def edit(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Offers the steps that can be changed."""
    report.step = int(Step.EDIT)
    await _ask_edit(ctx)
    return Step.EDIT


@drafted
async def goto(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Opens one step again; answering it leads back to the summary."""
    try:
        step = Step(int(ctx.arg))
    except ValueError:
        await ctx.answer()
        return None
    await ctx.close_keyboard()
    if step == Step.SUMMARY:
        return await _show_summary(ctx, report)
    with Drafting.edit(ctx) as data:
        data.editing = True
    return await ask(ctx, report, step)


async def discard(update: Update, ctx: Ctx) -> int | None:
    """Deletes the draft."""
    report = await _report(ctx)
    if report is not None:
        await ctx.session.delete(report)
    await ctx.show(ctx._(DISCARDED))
    return END


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    """Explains what fits here and asks the current question again; nothing is changed."""
    message = update.message
    text = message.text if message is not None else None
    report = await _report(ctx)
    said = (text or message.caption) if message is not None else None
    if said and await warn_if_emergency(ctx, said) and report is not None:
        report.emergency_words = True
    if message is not None and text is not None and not text.strip():
        await ctx.say(
            ctx._(EMPTY_TEXT) if ctx.conversation.state == Step.TEXT else ctx._(USE_BUTTONS)
        )
    elif message is not None and not text:
        await ctx.say(ctx._(UNSUPPORTED))
    elif update.callback_query is None:
        await ctx.say(ctx._(USE_BUTTONS))
    state = ctx.conversation.state
    if state == Step.RESUME or report is None:
        if state == Step.CATEGORY:
            await ctx.say(ctx._(ASK_CATEGORY), ctx.keyboard(_category_rows(ctx)))
            return None
        if state == Step.RESUME and report is not None:
            rows: list[list[ButtonSpec]] = [
                [(ctx._(CONTINUE), "ph_resume", "continue")],
                [(ctx._(START_OVER), "ph_resume", "over")],
            ]
            question = ctx._(RESUME_QUESTION) % {"date": _draft_date(ctx, report)}
            await ctx.say(question, ctx.keyboard(rows))
            return None
        return await _gone(ctx)
    if state is None:
        return None
    await ask(ctx, report, Step(state))
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
        menu=[MenuItem(MENU_LABEL, "ph_new", Role.CONTACT, position=20)],
        commands=[("phenomenon", MENU_LABEL, Role.CONTACT)],
    )
