"""The contact's check-in: one measure per message, answered with buttons, saved at once.

"Check-in Q3/2026: 4 measures for <organisation>. Start / Later" (the invitation, whose buttons
work at any time), then per measure: title, description, Done / In progress / Not done / Skip,
an optional comment (text, or Skip), Back, and a running "2/4". Every answer is stored when it
is given; where the conversation continues is worked out from the stored answers, so a /command,
a restart or another contact of the same organisation never loses anything.

This module is the flow: entering it (the invitation's buttons, /checkin), the answer and
comment steps, and the builder; showing a measure and moving on are in ``answering.py``.
"""

from __future__ import annotations

from telegram import Update

from bot.context import Ctx
from bot.flow import END, Flow, MenuItem, on_button, on_command, on_text
from bot.i18n import N_, NN_, NP_
from handlers.checkin.answering import (
    BACK,
    ROUND_CLOSED,
    Answering,
    Step,
    advance,
    load_measure,
    open_round,
    org_name,
    show_measure,
)
from handlers.checkin.report import STATUS_LABELS
from handlers.checkin.rounds import localized_marked
from handlers.menu.conversation import show_menu
from storage.models import Answer, MeasureStatus, Role, Round
from storage.repos import checkin as repo

COMMENT_LIMIT = 2000
CODES = {
    "d": MeasureStatus.DONE,
    "p": MeasureStatus.IN_PROGRESS,
    "n": MeasureStatus.NOT_DONE,
    "s": MeasureStatus.SKIPPED,
}
CODE_OF = {status: code for code, status in CODES.items()}

# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), /checkin from a person without an organisation (e.g. an administrator).
NO_ORGANISATION = N_("You do not answer for an organisation, so there is no check-in for you.")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), /checkin when no round is open.
NO_OPEN_ROUND = N_("There is no open check-in for your organisation right now. Thank you!")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), no measure of the open round is the organisation's; may show in a pop-up box
# (at most 200 characters).
NOT_ASKED = N_("Your organisation has nothing to answer in this check-in.")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), the invitation's Later button was pressed. "Start" is the invitation's
# button; /checkin is a command: keep it.
LATER_TEXT = N_("All right. You can answer later: press Start on the invitation, or send /checkin.")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), step 3: goes on without a comment. Button; at most 36 characters on a phone.
SKIP_COMMENT = N_("No comment")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), step 3: after a status was chosen. %(title)s = the measure's title;
# %(status)s = the chosen status, e.g. Done. "No comment" is the button below.
ASK_COMMENT = N_(
    "%(title)s: %(status)s.\nAdd a comment? Write it as a message, or press No comment."
)
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), step 3, done: replaces the question once a comment was written. %(title)s =
# the measure's title; %(status)s = the status; %(comment)s = the comment as written.
COMMENT_SAVED = N_("%(title)s: %(status)s.\nYour comment is saved: %(comment)s")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), step 3: the comment is too long. %(count)s = its length in characters, a
# numeral; %(limit)s = the limit, 2000, a numeral.
COMMENT_TOO_LONG = NN_(
    "Your comment has %(count)s character; the limit is %(limit)s. Please shorten it and send "
    "it again. Your answer is saved.",
    "Your comment has %(count)s characters; the limit is %(limit)s. Please shorten it and send "
    "it again. Your answer is saved.",
)
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), steps 2 and 4: the person wrote text where a button was expected.
USE_BUTTONS = N_("Please answer with the buttons below.")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), step 3: the person sent a photo, sticker or the like. "No comment" is the
# button.
WRITE_TEXT = N_("Please write your comment as a text message, or press No comment.")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), pop-up (a short notice) when a button of an earlier measure is pressed.
OLD_MESSAGE = N_("Please use the latest message.")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), /checkin when everything is answered, above the buttons Go through again /
# Close. %(round)s = the round's label, e.g. Q3/2026; %(organisation)s = the organisation's
# name.
ALL_ANSWERED = N_(
    "All measures of check-in %(round)s for %(organisation)s are answered. You can go "
    "through them again and change an answer."
)
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), all answered: shows the measures again from the first.
# Button; at most 17 characters on a phone.
REVIEW = N_("Go through again")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), all answered: ends the check-in. Button; at most 17 characters on a phone.
CLOSE = NP_("button", "Close")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), replaces the question after Close. /checkin is a command: keep it.
CLOSED_TEXT = N_("Closed. /checkin opens the check-in again.")
# Translators: Main menu: starts the check-in (also the name of the feature).
# Button; at most 36 characters on a phone.
MENU_LABEL = N_("Check-in")


async def start_button(update: Update, ctx: Ctx) -> int | None:
    """The invitation's Start (or a reminder's Continue) button: ``ctx.arg`` is the round id."""
    round_id = int(ctx.arg) if ctx.arg.isdigit() else 0
    return await _enter(ctx, await repo.get_round(ctx.session, round_id))


async def checkin_command(update: Update, ctx: Ctx) -> int | None:
    """/checkin and the menu item: the organisation's open round, where it was left."""
    if ctx.contact is None or ctx.contact.organisation_id is None:
        await ctx.answer()
        await ctx.say(ctx._(NO_ORGANISATION))
        return END
    found = await repo.open_round_for(ctx.session, ctx.contact.organisation_id)
    if found is None:
        await ctx.answer()
        await show_menu(ctx, ctx._(NO_OPEN_ROUND))
        return END
    return await _enter(ctx, found)


async def later(update: Update, ctx: Ctx) -> int | None:
    """Later: nothing changes; the invitation keeps its buttons."""
    round_id = int(ctx.arg) if ctx.arg.isdigit() else 0
    found = await repo.get_round(ctx.session, round_id)
    if found is None or found.closed_at is not None:
        await ctx.answer(ctx._(ROUND_CLOSED), alert=True)
        await ctx.close_keyboard()
        return END
    await ctx.answer()
    await ctx.say(ctx._(LATER_TEXT))
    return END


async def _enter(ctx: Ctx, found: Round | None) -> int | None:
    contact = ctx.contact
    if contact is None or contact.organisation_id is None:
        await ctx.answer()
        await ctx.say(ctx._(NO_ORGANISATION))
        return END
    if found is None or found.closed_at is not None:
        await ctx.answer(ctx._(ROUND_CLOSED), alert=True)
        await ctx.close_keyboard()
        return END
    request = await repo.round_request(ctx.session, found.id, contact.organisation_id)
    measures = await repo.org_measures(ctx.session, found.plan_id, contact.organisation_id)
    if request is None or not measures:
        await ctx.answer(ctx._(NOT_ASKED), alert=True)
        await ctx.close_keyboard()
        return END
    history = await repo.answer_history(ctx.session, found.id, contact.organisation_id)
    answered = {mid for mid, org in repo.latest_answers(history) if org == contact.organisation_id}
    ids = [m.id for m in measures]
    data = Answering(round=found.id, org=contact.organisation_id, ids=ids)
    # A skipped measure is offered again: it has no answer yet.
    position = next((i for i, mid in enumerate(ids) if mid not in answered), None)
    if position is None:
        await ctx.answer()
        await ctx.say(
            ctx._(ALL_ANSWERED) % {"round": found.label, "organisation": org_name(ctx)},
            ctx.keyboard([[(ctx._(REVIEW), "ci_rev", ""), (ctx._(CLOSE), "ci_close", "")]]),
        )
        data.save(ctx)
        return Step.ALL_DONE
    await ctx.answer()
    await show_measure(ctx, data, position, new_message=True)  # the invitation keeps its buttons
    return Step.MEASURE


async def status(update: Update, ctx: Ctx) -> int | None:
    """Done / In progress / Not done / Skip: stored at once."""
    data = Answering.of(ctx)
    if await open_round(ctx, data) is None:
        return END
    measure_part, _, code = ctx.arg.partition(".")
    if not measure_part.isdigit() or code not in CODES:
        await ctx.answer()
        return None
    if int(measure_part) != data.current:
        await ctx.answer(ctx._(OLD_MESSAGE))
        await show_measure(ctx, data, data.idx, new_message=True)
        return Step.MEASURE
    chosen = CODES[code]
    contact = ctx.contact
    assert contact is not None
    round_id, org_id = data.round, data.org
    measure_id = int(measure_part)
    now = ctx.services.now()
    if chosen == MeasureStatus.SKIPPED:
        history = await repo.answer_history(ctx.session, round_id, org_id)
        if measure_id not in repo.touched(history, org_id):
            await repo.record_answer(
                ctx.session, round_id, measure_id, org_id, contact.id, chosen, ctx.tr.language, now
            )
        await ctx.answer()
        return await advance(ctx, data)
    answer = await repo.record_answer(
        ctx.session, round_id, measure_id, org_id, contact.id, chosen, ctx.tr.language, now
    )
    data.answer = answer.id
    await ctx.answer(ctx._(STATUS_LABELS[chosen.value]))
    measure = await load_measure(ctx, measure_id)
    await ctx.show(
        ctx._(ASK_COMMENT)
        % {
            "title": localized_marked(measure.title, ctx.tr.language),
            "status": ctx._(STATUS_LABELS[chosen.value]),
        },
        ctx.keyboard(
            [[(ctx._(SKIP_COMMENT), "ci_nc", str(measure_id))], [(ctx._(BACK), "ci_back", "")]]
        ),
    )
    if update.callback_query is not None and update.callback_query.message is not None:
        data.prompt = update.callback_query.message.message_id
    data.save(ctx)
    return Step.COMMENT


async def comment(update: Update, ctx: Ctx) -> int | None:
    """A comment to the answer just given; over the limit it is refused, nothing is lost."""
    message = update.message
    assert message is not None and message.text is not None
    text = message.text.strip()
    if len(text) > COMMENT_LIMIT:
        await ctx.say(
            ctx.tr.counted(COMMENT_TOO_LONG, len(text))
            % {"count": ctx.tr.number(len(text)), "limit": ctx.tr.number(COMMENT_LIMIT)}
        )
        return None
    data = Answering.of(ctx)
    if await open_round(ctx, data) is None:
        return END
    answer = await ctx.session.get(Answer, data.answer) if data.answer else None
    contact = ctx.contact
    assert contact is not None
    if answer is not None and answer.contact_id == contact.id:
        answer.comment = text
        status = answer.status
    else:  # the answer row is gone or not ours: keep the comment as a new answer
        latest = repo.latest_answers(
            await repo.answer_history(ctx.session, data.round, data.org)
        ).get((data.current, data.org))
        if latest is None:  # nothing to attach the comment to: move on as before
            if data.prompt:
                await ctx.remove_keyboard(data.prompt)
            return await advance(ctx, data, new_message=True)
        status = latest.status
        await repo.record_answer(
            ctx.session,
            latest.round_id,
            latest.measure_id,
            latest.organisation_id,
            contact.id,
            latest.status,
            ctx.tr.language,
            ctx.services.now(),
            text,
        )
    await _confirm_comment(ctx, data, status, text)
    return await advance(ctx, data, new_message=True)


async def _confirm_comment(ctx: Ctx, data: Answering, status: MeasureStatus, text: str) -> None:
    """Replaces the "Add a comment?" question with what was stored, so the chat shows it."""
    measure = await load_measure(ctx, data.current)
    confirmation = ctx._(COMMENT_SAVED) % {
        "title": localized_marked(measure.title, ctx.tr.language),
        "status": ctx._(STATUS_LABELS[status.value]),
        "comment": text,
    }
    if data.prompt:
        await ctx.edit(data.prompt, confirmation)
    else:
        await ctx.say(confirmation)


async def no_comment(update: Update, ctx: Ctx) -> int | None:
    await ctx.answer()
    return await advance(ctx, Answering.of(ctx))


async def back(update: Update, ctx: Ctx) -> int | None:
    """From a comment: the same measure again; from a measure: the previous one."""
    await ctx.answer()
    data = Answering.of(ctx)
    position = data.idx
    if ctx.conversation.state == Step.MEASURE:
        if ctx.arg and ctx.arg.isdigit() and int(ctx.arg) != data.current:
            await show_measure(ctx, data, position, new_message=True)
            return Step.MEASURE
        position = max(position - 1, 0)
    await show_measure(ctx, data, position)
    return Step.MEASURE


async def review(update: Update, ctx: Ctx) -> int | None:
    await ctx.answer()
    data = Answering.of(ctx)
    if await open_round(ctx, data) is None:
        return END
    await show_measure(ctx, data, 0)
    return Step.MEASURE


async def close(update: Update, ctx: Ctx) -> int | None:
    await ctx.answer()
    await ctx.show(ctx._(CLOSED_TEXT))
    return END


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    """A sticker, photo or text where a status button is expected: explain and ask again."""
    await ctx.say(ctx._(USE_BUTTONS))
    data = Answering.of(ctx)
    await show_measure(ctx, data, data.idx, new_message=True)
    return None


async def reprompt_comment(update: Update, ctx: Ctx) -> int | None:
    """Anything but text where a comment is awaited."""
    await ctx.say(ctx._(WRITE_TEXT))
    return None


async def reprompt_all_done(update: Update, ctx: Ctx) -> int | None:
    """Offers Go through again / Close once more."""
    await ctx.say(
        ctx._(USE_BUTTONS),
        ctx.keyboard([[(ctx._(REVIEW), "ci_rev", ""), (ctx._(CLOSE), "ci_close", "")]]),
    )
    return None


def build_flow() -> Flow:
    return Flow(
        name="checkin",
        entry_points=[
            on_button("ci_start", start_button),
            on_button("ci_later", later),
            on_button("ci_menu", checkin_command),
            on_command("checkin", checkin_command),
        ],
        states={
            Step.MEASURE: [on_button("ci_st", status), on_button("ci_back", back)],
            Step.COMMENT: [
                on_text(comment),
                on_button("ci_nc", no_comment),
                on_button("ci_back", back),
            ],
            Step.ALL_DONE: [on_button("ci_rev", review), on_button("ci_close", close)],
        },
        reprompt=reprompt,
        reprompts={Step.COMMENT: reprompt_comment, Step.ALL_DONE: reprompt_all_done},
        menu=[MenuItem(MENU_LABEL, "ci_menu", Role.CONTACT, position=10)],
        # Translators: Command list (Telegram's / menu and /help): what the command /checkin does;
        # short, no full stop.
        commands=[("checkin", N_("Answer your organisation's check-in"), Role.CONTACT)],
    )
