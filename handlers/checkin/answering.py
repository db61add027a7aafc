"""Going through the measures of a check-in: one measure shown at a time with its current answer,
the next one after an answer, and the thanks with the organisation's figures at the end.

The flow's data (``Answering``) holds the round, the organisation and the measures in order;
where the conversation continues is worked out from the stored answers (handlers/checkin/
conversation.py has the steps that store them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from sqlalchemy import select

from bot.context import Ctx
from bot.flow import END
from bot.flow_data import FlowData
from bot.i18n import N_, NP_
from handlers.checkin.report import STATUS_LABELS, status_label
from handlers.checkin.rounds import localized_marked
from storage.models import Measure, Round, Theme
from storage.repos import checkin as repo

# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), any step: pop-up box (at most 200 characters) when a button of a round that
# has closed is pressed.
ROUND_CLOSED = N_("This check-in has closed. Your answers are saved. Thank you!")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), step 2: leaves this measure unanswered and shows the next.
# Button; at most 17 characters on a phone.
SKIP = NP_("button", "Skip")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), steps 2 and 3: goes back to the previous measure.
# Button; at most 36 characters on a phone.
BACK = NP_("button", "Back")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), step 2: under a measure answered before. %(status)s = the status, e.g. In
# progress; %(when)s = the date it was given.
CURRENT = N_("Current answer: %(status)s (%(when)s)")
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), done: the summary after the last measure. %(round)s = the round's label, e.g.
# 2026/1; %(organisation)s = the organisation's name; %(done)s, %(progress)s,
# %(not_done)s, %(skipped)s = numbers of measures with each status, numerals.
THANKS = N_(
    "Thank you! Check-in %(round)s for %(organisation)s: done %(done)s, in progress "
    "%(progress)s, not done %(not_done)s, skipped %(skipped)s."
)
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), done: a second message offering to report a phenomenon, above one button.
PHENOMENON_OFFER = N_(
    "Have you noticed something in your area that others should know? You can tell us about "
    "a local phenomenon."
)
# Translators: Check-in (an organisation's contact answers the status of each measure of
# the plan), done: starts the phenomenon report. Button; at most 36 characters on a phone.
REPORT_PHENOMENON = N_("Tell about a phenomenon")


class Step(IntEnum):
    MEASURE = 1
    COMMENT = 2
    ALL_DONE = 3


@dataclass
class Answering(FlowData):
    """The check-in being answered: its round and organisation, the measures in order, the
    one shown (``idx``), the answer just given and the "Add a comment?" message it awaits."""

    round: int = 0
    org: int = 0
    ids: list[int] = field(default_factory=list)
    idx: int = 0
    answer: int | None = None
    prompt: int | None = None

    @property
    def current(self) -> int:
        """The id of the measure shown."""
        return self.ids[self.idx]


def org_name(ctx: Ctx) -> str:
    contact = ctx.contact
    return contact.organisation.name if contact and contact.organisation else ""


async def load_measure(ctx: Ctx, measure_id: int) -> Measure:
    measure = await ctx.session.scalar(
        select(Measure).where(Measure.id == measure_id).join(Theme, Theme.id == Measure.theme_id)
    )
    assert measure is not None
    return measure


async def show_measure(
    ctx: Ctx, data: Answering, position: int, *, new_message: bool = False
) -> None:
    """Shows measure ``position`` with its current answer and the status buttons (and stores
    ``data`` with the new position)."""
    data.idx, data.answer = position, None
    data.save(ctx)
    measure = await load_measure(ctx, data.ids[position])
    theme = await ctx.session.get(Theme, measure.theme_id)
    assert theme is not None
    language = ctx.tr.language
    theme_name = localized_marked(theme.name, language)
    lines = [f"{position + 1}/{len(data.ids)} · {theme_name}", ""]
    lines.append(localized_marked(measure.title, language))
    description = localized_marked(measure.description, language)
    if description:
        lines.append(description)
    history = await repo.answer_history(ctx.session, data.round, data.org)
    latest = repo.shown_answers(history, data.org).get(measure.id)
    if latest is not None:
        when = ctx.tr.date(latest.answered_at.astimezone(_zone(ctx)).date())
        lines += [
            "",
            ctx._(CURRENT) % {"status": ctx._(STATUS_LABELS[latest.status.value]), "when": when},
        ]
    m = str(measure.id)
    rows: list[list[tuple[str, str, str]]] = [
        [
            (status_label(ctx.tr, "done"), "ci_st", f"{m}.d"),
            (status_label(ctx.tr, "in_progress"), "ci_st", f"{m}.p"),
        ],
        [(status_label(ctx.tr, "not_done"), "ci_st", f"{m}.n"), (ctx._(SKIP), "ci_st", f"{m}.s")],
    ]
    if position > 0:
        rows.append([(ctx._(BACK), "ci_back", m)])
    text = "\n".join(lines)
    if new_message:
        await ctx.say(text, ctx.keyboard(rows))
    else:
        await ctx.show(text, ctx.keyboard(rows))


def _zone(ctx: Ctx) -> Any:
    from zoneinfo import ZoneInfo

    contact = ctx.contact
    if contact is not None and contact.timezone:
        try:
            return ZoneInfo(contact.timezone)
        except (KeyError, ValueError):
            pass
    return ctx.services.settings.zone


async def open_round(ctx: Ctx, data: Answering) -> Round | None:
    """The conversation's round if still open; otherwise explains and returns None."""
    found = await repo.get_round(ctx.session, data.round)
    if found is None or found.closed_at is not None:
        await ctx.answer(ctx._(ROUND_CLOSED), alert=True)
        await ctx.close_keyboard()
        return None
    return found


async def advance(ctx: Ctx, data: Answering, *, new_message: bool = False) -> int | None:
    position = data.idx + 1
    if position < len(data.ids):
        await show_measure(ctx, data, position, new_message=new_message)
        return Step.MEASURE
    return await finish(ctx, data, new_message=new_message)


async def finish(ctx: Ctx, data: Answering, *, new_message: bool = False) -> int | None:
    round_id, org_id = data.round, data.org
    found = await repo.get_round(ctx.session, round_id)
    assert found is not None
    history = await repo.answer_history(ctx.session, round_id, org_id)
    latest = repo.latest_answers(history)
    ids = data.ids
    counts = {s: 0 for s in ("done", "in_progress", "not_done", "skipped")}
    for mid in ids:
        answer = latest.get((mid, org_id))
        counts[answer.status.value if answer else "skipped"] += 1
    request = await repo.round_request(ctx.session, round_id, org_id)
    touched = repo.touched(history, org_id)
    if request is not None and request.completed_at is None and touched.issuperset(ids):
        request.completed_at = ctx.services.now()
    n = ctx.tr.number
    text = ctx._(THANKS) % {
        "round": found.label,
        "organisation": org_name(ctx),
        "done": n(counts["done"]),
        "progress": n(counts["in_progress"]),
        "not_done": n(counts["not_done"]),
        "skipped": n(counts["skipped"]),
    }
    if new_message:
        await ctx.say(text)
    else:
        await ctx.show(text)
    await ctx.say(
        ctx._(PHENOMENON_OFFER),
        ctx.keyboard([[(ctx._(REPORT_PHENOMENON), "ph_new", "")]], scoped=False),
    )
    return END
