"""An event for its coordinators: who comes, messages to them, changes, cancellation, attendance.

Opened from /events ("Manage #3"). A change of time or of link/place bumps the event's
SEQUENCE and sends everyone with a seat the new calendar file (the waitlist gets the new
details); a cancellation tells everyone signed up or waiting, in their language, and the
seats' calendar file removes the entry (METHOD:CANCEL). After the start, the coordinator ticks
who attended. "Message attendees" hands over to /broadcast with the audience already chosen
(the segment "attendees of an event").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from telegram import Update

from bot.audit import audited
from bot.context import ButtonSpec, Ctx
from bot.drafts import end_with, with_draft
from bot.flow import END, Flow, on_button, on_text
from bot.flow_data import FlowData
from bot.paging import page_of
from bot.router import start_flow
from handlers.broadcast import texts as broadcast_texts
from handlers.broadcast.draft import Step as BroadcastStep
from handlers.broadcast.times import TIME_EXAMPLE, parse_local_time
from handlers.events import audience, notices, rules, signup
from handlers.events import texts as tx
from handlers.events.conversation import detail_text
from handlers.events.draft import ASK_WHERE, BAD_TIME, ask_start_text, refuse
from handlers.events.manage_texts import (
    ATTENDANCE,
    BACK,
    CANCEL_EVENT,
    CANCELLED,
    CHANGE_PLACE,
    CHANGE_TIME,
    CHANGED,
    CONFIRM_CANCEL,
    DEADLINE_MOVED,
    DONE,
    GONE,
    KEEP,
    MARK,
    MESSAGE,
    MORE,
    NO_MESSAGE,
    NOBODY_YET,
    NOT_STARTED,
    PEOPLE,
    SIGNED_UP,
    USE_BUTTONS,
    WAITLIST,
    YES_CANCEL,
)
from storage.models import Contact, EventSignup, EventStatus, Role, SignupStatus
from storage.models import Event as EventRow
from storage.repos import events as repo
from storage.repos.audit import Action


class Step(IntEnum):
    MENU = 1
    CONFIRM_CANCEL = 2
    NEW_START = 3
    NEW_PLACE = 4
    ATTENDANCE = 5


PAGE = 8  # people per page of the attendance list
LIST_LIMIT = 3500  # characters of a people list in one message


@dataclass
class Managing(FlowData):
    """The event being managed, and the page of the attendance list last shown."""

    id: int | None = None
    page: int = 0


async def _event(ctx: Ctx) -> EventRow | None:
    event_id = Managing.of(ctx).id
    return await ctx.session.get(EventRow, event_id) if event_id is not None else None


async def _published(ctx: Ctx) -> EventRow | None:
    """The event while it can still change (published: neither cancelled nor deleted)."""
    event = await _event(ctx)
    return event if event is not None and event.status is EventStatus.PUBLISHED else None


async def _ended(ctx: Ctx) -> int:
    await ctx.answer()
    return END


# A step decorated with ``managed`` gets the event, or the flow ends without a word (the event
# was deleted meanwhile); one decorated with ``changeable`` gets it while it is published, or
# the flow ends with GONE.
managed = with_draft(_event, _ended)
changeable = with_draft(_published, end_with(GONE))


def _started(ctx: Ctx, event: EventRow) -> bool:
    return event.starts_at is not None and event.starts_at <= ctx.services.now()


async def open_menu(update: Update, ctx: Ctx) -> int | None:
    """Shows the event with its figures and what the coordinator can do."""
    await ctx.answer()
    if (
        update.callback_query is not None
        and ctx.button_data
        and ctx.button_data.action == "ev_manage"
    ):
        try:
            event_id = int(ctx.arg)
        except ValueError:
            return END
        with Managing.edit(ctx) as data:
            data.id = event_id
    event = await _event(ctx)
    if event is None or event.status is EventStatus.DRAFT:
        await ctx.say(ctx._(tx.UNKNOWN))
        return END
    rows: list[list[ButtonSpec]] = [[(ctx._(PEOPLE), "evm_people", "")]]
    if event.status is EventStatus.PUBLISHED:
        rows.append([(ctx._(MESSAGE), "evm_msg", "")])
        if _started(ctx, event):
            rows.append([(ctx._(MARK), "evm_att", "0")])
        else:
            rows.append(
                [(ctx._(CHANGE_TIME), "evm_time", ""), (ctx._(CHANGE_PLACE), "evm_where", "")]
            )
            rows.append([(ctx._(CANCEL_EVENT), "evm_cancel", "")])
    await ctx.say(await detail_text(ctx, event), ctx.keyboard(rows))
    return Step.MENU


def _name(ctx: Ctx, person: Contact) -> str:
    return tx.person_name(ctx.tr, person)


@managed
async def people(update: Update, ctx: Ctx, event: EventRow) -> int | None:
    """The seats and the waitlist, in order."""
    await ctx.answer()
    blocks = []
    for status, title in ((SignupStatus.SEAT, SIGNED_UP), (SignupStatus.WAITING, WAITLIST)):
        found = await repo.people(ctx.session, event.id, (status,))
        lines = [ctx._(title) % {"count": ctx.tr.number(len(found))}]
        if not found:
            lines.append(ctx._(NOBODY_YET))
        for number, (_, person) in enumerate(found, start=1):
            line = f"{number}. {_name(ctx, person)}"
            if sum(len(x) for x in lines) + len(line) > LIST_LIMIT // 2:
                rest = len(found) - number + 1
                command = f"kylabot event attendees {event.id}"
                lines.append(ctx._(MORE) % {"count": ctx.tr.number(rest), "command": command})
                break
            lines.append(line)
        blocks.append("\n".join(lines))
    await ctx.say("\n\n".join(blocks), ctx.keyboard([[(ctx._(BACK), "evm_back", "")]]))
    return Step.MENU


@managed
async def message_attendees(update: Update, ctx: Ctx, event: EventRow) -> int | None:
    """Hands over to /broadcast with "attendees of this event" already chosen."""
    await ctx.answer()
    if not await repo.count_status(ctx.session, event.id, SignupStatus.SEAT):
        await ctx.say(ctx._(NO_MESSAGE))
        return None
    flow = ctx.services.router.flows["broadcast"]
    await start_flow(ctx, flow, BroadcastStep.TEXT, {"preset": audience.attendees_of(event.id)})
    await ctx.say(ctx._(broadcast_texts.ASK_TEXT))
    return None


# ---------------------------------------------------------------------------- changes


@changeable
async def ask_time(update: Update, ctx: Ctx, event: EventRow) -> int | None:
    await ctx.answer()
    if _started(ctx, event):
        await ctx.say(ctx._(GONE))
        return END
    await ctx.say(ask_start_text(ctx))
    return Step.NEW_START


@changeable
async def got_time(update: Update, ctx: Ctx, event: EventRow) -> int | None:
    """Moves the event; a deadline after the new start moves to the start."""
    text = update.message.text if update.message and update.message.text else ""
    now = ctx.services.now()
    when = parse_local_time(text, now, ctx.services.settings.zone)
    if when is None:
        await ctx.say(ctx._(BAD_TIME) % {"example": TIME_EXAMPLE})
        return None
    refusal = rules.check_start(when, now)
    if refusal is not None:
        await refuse(ctx, refusal)
        return None
    locked = await repo.lock_event(ctx.session, event.id)
    assert locked is not None
    moved = locked.signup_deadline is not None and locked.signup_deadline > when
    if moved or locked.signup_deadline == locked.starts_at:
        locked.signup_deadline = when
    locked.starts_at = when
    for seat, _ in await repo.people(ctx.session, locked.id, (SignupStatus.SEAT,)):
        signup.rearm(seat, locked, now)
    return await _changed(ctx, locked, extra=ctx._(DEADLINE_MOVED) if moved else None)


@changeable
async def ask_where(update: Update, ctx: Ctx, event: EventRow) -> int | None:
    await ctx.answer()
    if _started(ctx, event):
        await ctx.say(ctx._(GONE))
        return END
    await ctx.say(ctx._(ASK_WHERE))
    return Step.NEW_PLACE


@changeable
async def got_where(update: Update, ctx: Ctx, event: EventRow) -> int | None:
    text = update.message.text if update.message and update.message.text else ""
    if rules.looks_like_link(text):
        link = rules.check_link(text)
        if isinstance(link, rules.Refusal):
            await refuse(ctx, link)
            return None
        event.link, event.place = link, None
    else:
        place = rules.check_text(text, rules.PLACE_LIMIT)
        if isinstance(place, rules.Refusal):
            await refuse(ctx, place)
            return None
        event.link, event.place = None, place
    return await _changed(ctx, event)


async def _changed(ctx: Ctx, event: EventRow, extra: str | None = None) -> int:
    now = ctx.services.now()
    event.sequence += 1
    event.updated_at = now
    told = await notices.tell_changed(ctx.session, ctx.services.catalogs, event, now)
    audited(ctx, Action.EVENT_CHANGED, event=event.id, sequence=event.sequence, told=told)
    text = ctx._(CHANGED) % {"count": ctx.tr.number(told)}
    await ctx.say(f"{text} {extra}" if extra else text)
    return END


# ------------------------------------------------------------------------ cancellation


@managed
async def ask_cancel(update: Update, ctx: Ctx, event: EventRow) -> int | None:
    await ctx.answer()
    if event.status is not EventStatus.PUBLISHED:
        return END
    rows = [[(ctx._(YES_CANCEL), "evm_yes", "")], [(ctx._(KEEP), "evm_back", "")]]
    title = tx.event_title(event, ctx.tr.language)
    await ctx.show(ctx._(CONFIRM_CANCEL) % {"title": title}, ctx.keyboard(rows))
    return Step.CONFIRM_CANCEL


@managed
async def cancel_event(update: Update, ctx: Ctx, event: EventRow) -> int | None:
    """Cancels the event and tells everyone who signed up or waits."""
    await ctx.answer()
    locked = await repo.lock_event(ctx.session, event.id)
    assert locked is not None
    if locked.status is not EventStatus.PUBLISHED:
        await ctx.show(ctx._(GONE))
        return END
    now = ctx.services.now()
    locked.status = EventStatus.CANCELLED
    locked.cancelled_at = now
    locked.updated_at = now
    locked.sequence += 1
    await repo.drop_pending_invitations(ctx.session, locked.id)
    told = await notices.tell_cancelled(ctx.session, ctx.services.catalogs, locked, now)
    audited(ctx, Action.EVENT_CANCELLED, event=locked.id, told=told)
    title = tx.event_title(locked, ctx.tr.language)
    await ctx.show(ctx._(CANCELLED) % {"title": title, "count": ctx.tr.number(told)})
    return END


# -------------------------------------------------------------------------- attendance


@managed
async def attendance(update: Update, ctx: Ctx, event: EventRow) -> int | None:
    """A page of the seats as buttons: tap to mark attended (✅) or not."""
    await ctx.answer()
    if not _started(ctx, event):
        await ctx.say(ctx._(NOT_STARTED))
        return Step.MENU
    action = ctx.button_data.action if ctx.button_data else ""
    asked: str | int = ctx.arg  # a page button carries its page; a tick stays on the page
    if action == "evm_mark":
        await _toggle(ctx, event)
        asked = Managing.of(ctx).page
    seats = await repo.people(ctx.session, event.id, (SignupStatus.SEAT,))
    page = page_of(asked, len(seats), PAGE)
    with Managing.edit(ctx) as data:
        data.page = page.number
    rows: list[list[ButtonSpec]] = [
        [(("✅ " if s.attended else "▫️ ") + _name(ctx, person), "evm_mark", str(s.id))]
        for s, person in page.items(seats)
    ]
    rows.extend(page.nav("evm_att"))
    rows.append([(ctx._(DONE), "evm_back", "")])
    attended = sum(1 for s, _ in seats if s.attended)
    text = ctx._(ATTENDANCE) % {
        "count": ctx.tr.number(attended),
        "seats": ctx.tr.number(len(seats)),
    }
    await ctx.show(text, ctx.keyboard(rows))
    return Step.ATTENDANCE


async def _toggle(ctx: Ctx, event: EventRow) -> None:
    try:
        signup_id = int(ctx.arg)
    except ValueError:
        return
    row = await ctx.session.get(EventSignup, signup_id)
    if row is None or row.event_id != event.id or row.status is not SignupStatus.SEAT:
        return
    row.attended = not row.attended
    row.updated_at = ctx.services.now()
    await ctx.session.flush()


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    await ctx.say(ctx._(USE_BUTTONS))
    return None


def build_flow() -> Flow:
    role = Role.COORDINATOR
    menu = [
        on_button("evm_people", people),
        on_button("evm_msg", message_attendees),
        on_button("evm_time", ask_time),
        on_button("evm_where", ask_where),
        on_button("evm_cancel", ask_cancel),
        on_button("evm_att", attendance),
        on_button("evm_back", open_menu),
    ]
    return Flow(
        domain="events",
        name="event_manage",
        role=role,
        entry_points=[on_button("ev_manage", open_menu)],
        states={
            Step.MENU: menu,
            Step.CONFIRM_CANCEL: [
                on_button("evm_yes", cancel_event),
                on_button("evm_back", open_menu),
            ],
            Step.NEW_START: [on_text(got_time)],
            Step.NEW_PLACE: [on_text(got_where)],
            Step.ATTENDANCE: [
                on_button("evm_mark", attendance),
                on_button("evm_att", attendance),
                on_button("evm_back", open_menu),
            ],
        },
        reprompt=reprompt,
    )
