"""/event: a coordinator creates an event step by step, the draft stored from the first answer.

Like /broadcast: the kind, the title and description in Finnish (other languages optional,
read with the broadcasts' fallback order), the start in the configured time zone, the length,
the link (https only) or place, the seats, the audience (any broadcast segment) and when
sign-ups close; then a preview of the invitation with the number of recipients, and Publish.
An impossible answer (a start in the past, a length of zero, a deadline after the start, a
link that is not https) is refused with one sentence and asked again; nothing stored is lost.
The draft is an ``event`` row from the kind on: after an interruption /event offers to go on.
Publishing lists the invitees (``event_invitation``); the sender's tick writes the invitations.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from telegram import Update

from bot.context import ButtonSpec, Ctx
from bot.flow import END, Flow, MenuItem, on_button, on_command, on_text
from bot.i18n import ENDONYMS, LANGUAGES, N_, NP_
from handlers.events import create_details as details
from handlers.events import draft as d
from handlers.events import rules
from handlers.events import texts as tx
from handlers.menu.conversation import cancel_row
from storage.models import Event, EventKind, EventStatus, Role

# Translators: /event (a coordinator creates an event people sign up for), start: offers
# the draft left unfinished. %(date)s = the day it was begun; %(title)s = its title, or
# its kind if it has none yet.
RESUME = N_("You have an unfinished event from %(date)s: %(title)s. Continue it?")
# Translators: /event (a coordinator creates an event people sign up for), start: goes on
# with the unfinished draft; step 4: goes on without more language versions.
# Button; at most 17 characters on a phone.
CONTINUE = NP_("button", "Continue")
# Translators: /event (a coordinator creates an event people sign up for), start, and a
# phenomenon report's start: deletes the unfinished draft and begins anew.
# Button; at most 36 characters on a phone.
START_OVER = NP_("button", "Start over")
# Translators: /event (a coordinator creates an event people sign up for), after Delete
# draft.
DELETED = N_("The draft was deleted. Nothing was sent.")
# Translators: /event (a coordinator creates an event people sign up for), step 1: above
# the buttons of the kinds. /cancel is a command: keep it.
ASK_KIND = N_("What kind of event? (/cancel stops; the draft is kept.)")
# Translators: /event (a coordinator creates an event people sign up for), step 2: asks
# for the title in Finnish, the language every event has.
ASK_TITLE = N_("Write the title in Finnish (Suomi). Other languages can be added next.")
# Translators: /event (a coordinator creates an event people sign up for), step 3: asks
# for the description in Finnish. "Skip" is the button below.
ASK_DESCRIPTION = N_("Write a short description in Finnish, or tap Skip.")
# Translators: /event (a coordinator creates an event people sign up for), steps 3 and 4:
# goes on without a description. Button; at most 17 characters on a phone.
SKIP = NP_("button", "Skip")
# Translators: /event (a coordinator creates an event people sign up for), step 4: offers
# versions in other languages, above a button per language. %(order)s = the languages
# tried in turn, joined by →, starting with "their own language".
ASK_LANGUAGES = N_(
    "Add the title and description in another language? People whose language has none "
    "get: %(order)s."
)
# Translators: /event (a coordinator creates an event people sign up for), step 4: a line
# under the offer once a version was added. %(languages)s = the languages' own names,
# comma-separated.
VERSIONS = N_("Versions so far: %(languages)s.")
# Translators: /event (a coordinator creates an event people sign up for), step 4: the
# first item of %(order)s in "Add the title ...", lower case, followed by → and language
# names.
THEIR_OWN = N_("their own language")
# Translators: /event (a coordinator creates an event people sign up for), step 4b: asks
# for the title of one language version. %(language)s = the language's own name, e.g.
# Svenska.
ASK_VARIANT_TITLE = N_("Write the title in %(language)s.")
# Translators: /event (a coordinator creates an event people sign up for), step 4b: asks
# for the description of that version. %(language)s = the language's own name. "Skip" is
# the button below.
ASK_VARIANT_DESCRIPTION = N_("Write the description in %(language)s, or tap Skip.")
# Translators: Main menu (coordinators): starts /event.
# Button; at most 36 characters on a phone.
MENU_LABEL = N_("Create an event")


# --------------------------------------------------------------------- start and resume


async def start(update: Update, ctx: Ctx) -> int | None:
    """Offers the unfinished draft, or asks the kind of a new event."""
    await ctx.answer()
    assert ctx.contact is not None
    draft = await ctx.session.scalar(
        select(Event)
        .where(Event.status == EventStatus.DRAFT, Event.created_by_contact_id == ctx.contact.id)
        .order_by(Event.updated_at.desc())
        .limit(1)
    )
    if draft is None:
        return await _ask_kind(ctx)
    with d.Creating.edit(ctx) as data:
        data.id = draft.id
    title = tx.event_title(draft, ctx.tr.language) or ctx._(tx.KIND_LABELS[draft.kind])
    rows = [
        [(ctx._(CONTINUE), "evc_resume", "go")],
        [(ctx._(START_OVER), "evc_resume", "new")],
    ]
    await ctx.say(
        ctx._(RESUME)
        % {
            "date": ctx.tr.date(draft.created_at.astimezone(ctx.services.settings.zone).date()),
            "title": title,
        },
        ctx.keyboard(rows),
    )
    return d.Step.RESUME


async def resume(update: Update, ctx: Ctx) -> int | None:
    """Goes on where the draft stopped, or deletes it and starts again."""
    await ctx.answer()
    event = await d.draft(ctx)
    if ctx.arg == "new" or event is None:
        if event is not None:
            await ctx.session.delete(event)
        d.Creating().save(ctx)
        return await _ask_kind(ctx, edit=True)
    return await _next_missing(ctx, event)


async def _next_missing(ctx: Ctx, event: Event) -> int:
    if not event.title.get("fi"):
        await ctx.show(ctx._(ASK_TITLE))
        return d.Step.TITLE
    if event.starts_at is None:
        return await _ask_languages(ctx, event, edit=True)
    if event.duration_minutes is None:
        return await details.ask_duration(ctx, edit=True)
    if not event.link and not event.place:
        await ctx.show(ctx._(d.ASK_WHERE))
        return d.Step.WHERE
    if not event.audience:
        return await details.ask_capacity(ctx, edit=True)
    if event.signup_deadline is None:
        return await details.ask_deadline(ctx, edit=True)
    return await details.preview(ctx, event, edit=True)


async def _ask_kind(ctx: Ctx, edit: bool = False) -> int:
    rows = [[(ctx._(label), "evc_kind", kind.value)] for kind, label in tx.KIND_LABELS.items()]
    markup = ctx.keyboard([*rows, cancel_row(ctx)])
    if edit:
        await ctx.show(ctx._(ASK_KIND), markup)
    else:
        await ctx.say(ctx._(ASK_KIND), markup)
    return d.Step.KIND


async def pick_kind(update: Update, ctx: Ctx) -> int | None:
    """Stores the draft (the first answer) and asks the Finnish title."""
    try:
        kind = EventKind(ctx.arg)
    except ValueError:
        return None
    assert ctx.contact is not None
    now = ctx.services.now()
    event = Event(
        uid=uuid.uuid4().hex,
        kind=kind,
        status=EventStatus.DRAFT,
        title={},
        description={},
        timezone=ctx.services.settings.timezone,
        audience={},
        sequence=0,
        created_by_contact_id=ctx.contact.id,
        created_at=now,
        updated_at=now,
    )
    ctx.session.add(event)
    await ctx.session.flush()
    with d.Creating.edit(ctx) as data:
        data.id = event.id
    await ctx.answer()
    await ctx.show(ctx._(ASK_TITLE))
    return d.Step.TITLE


# ------------------------------------------------------------------------------- texts


@d.drafted
async def got_title(update: Update, ctx: Ctx, event: Event) -> int | None:
    text = d.typed(update)
    if text is None:
        return await d.reprompt(update, ctx)
    checked = rules.check_text(text, rules.TITLE_LIMIT)
    if isinstance(checked, rules.Refusal):
        await d.refuse(ctx, checked)
        return None
    event.title = {**event.title, "fi": checked}
    d.touch(ctx, event)
    await ctx.say(ctx._(ASK_DESCRIPTION), ctx.keyboard([[(ctx._(SKIP), "evc_skip", "")]]))
    return d.Step.DESCRIPTION


@d.drafted
async def got_description(update: Update, ctx: Ctx, event: Event) -> int | None:
    text = d.typed(update)
    if text is None and update.callback_query is None:
        return await d.reprompt(update, ctx)
    if text is not None:
        checked = rules.check_text(text, rules.DESCRIPTION_LIMIT)
        if isinstance(checked, rules.Refusal):
            await d.refuse(ctx, checked)
            return None
        event.description = {**event.description, "fi": checked}
        d.touch(ctx, event)
    await ctx.answer()
    return await _ask_languages(ctx, event, edit=False)


def _languages_text(ctx: Ctx, event: Event) -> str:
    order = " → ".join([ctx._(THEIR_OWN), ENDONYMS["fi"]])
    text = ctx._(ASK_LANGUAGES) % {"order": order}
    if len(event.title) > 1:
        names = ", ".join(ENDONYMS[code] for code in LANGUAGES if code in event.title)
        text += "\n" + ctx._(VERSIONS) % {"languages": names}
    return text


async def _ask_languages(ctx: Ctx, event: Event, *, edit: bool) -> int:
    missing = [code for code in LANGUAGES if code not in event.title]
    rows: list[list[ButtonSpec]] = [
        [(ENDONYMS[code], "evc_lang", code) for code in missing[i : i + 2]]
        for i in range(0, len(missing), 2)
    ]
    rows.append([(ctx._(CONTINUE), "evc_langs_done", "")])
    if edit and ctx.pressed_message_id() is not None:
        await ctx.show(_languages_text(ctx, event), ctx.keyboard(rows))
    else:
        await ctx.say(_languages_text(ctx, event), ctx.keyboard(rows))
    return d.Step.LANGUAGES


@d.drafted
async def pick_language(update: Update, ctx: Ctx, event: Event) -> int | None:
    if ctx.arg not in LANGUAGES:
        return None
    with d.Creating.edit(ctx) as data:
        data.variant = ctx.arg
    await ctx.answer()
    await ctx.show(ctx._(ASK_VARIANT_TITLE) % {"language": ENDONYMS[ctx.arg]})
    return d.Step.VARIANT_TITLE


@d.drafted
async def got_variant_title(update: Update, ctx: Ctx, event: Event) -> int | None:
    text, language = d.typed(update), d.Creating.of(ctx).variant
    if text is None or language is None or language not in LANGUAGES:
        return await d.reprompt(update, ctx)
    checked = rules.check_text(text, rules.TITLE_LIMIT)
    if isinstance(checked, rules.Refusal):
        await d.refuse(ctx, checked)
        return None
    event.title = {**event.title, language: checked}
    d.touch(ctx, event)
    await ctx.say(
        ctx._(ASK_VARIANT_DESCRIPTION) % {"language": ENDONYMS[language]},
        ctx.keyboard([[(ctx._(SKIP), "evc_skip", "")]]),
    )
    return d.Step.VARIANT_DESCRIPTION


@d.drafted
async def got_variant_description(update: Update, ctx: Ctx, event: Event) -> int | None:
    text, language = d.typed(update), d.Creating.of(ctx).variant
    no_answer = text is None and update.callback_query is None
    if no_answer or language is None or language not in LANGUAGES:
        return await d.reprompt(update, ctx)
    if text is not None:
        checked = rules.check_text(text, rules.DESCRIPTION_LIMIT)
        if isinstance(checked, rules.Refusal):
            await d.refuse(ctx, checked)
            return None
        event.description = {**event.description, language: checked}
        d.touch(ctx, event)
    await ctx.answer()
    return await _ask_languages(ctx, event, edit=False)


@d.drafted
async def languages_done(update: Update, ctx: Ctx, event: Event) -> int | None:
    await ctx.answer()
    await ctx.show(d.ask_start_text(ctx))
    return d.Step.START


async def delete_draft(update: Update, ctx: Ctx) -> int | None:
    event = await d.draft(ctx)
    if event is not None:
        await ctx.session.delete(event)
    await ctx.answer()
    await ctx.show(ctx._(DELETED))
    return END


def build_flow() -> Flow:
    role = Role.COORDINATOR
    text_or: dict[int, Any] = {
        d.Step.DESCRIPTION: [
            on_text(got_description),
            on_button("evc_skip", got_description),
        ],
        d.Step.VARIANT_DESCRIPTION: [
            on_text(got_variant_description),
            on_button("evc_skip", got_variant_description),
        ],
    }
    states: dict[int, Any] = {
        d.Step.RESUME: [on_button("evc_resume", resume)],
        d.Step.KIND: [on_button("evc_kind", pick_kind)],
        d.Step.TITLE: [on_text(got_title)],
        **text_or,
        d.Step.LANGUAGES: [
            on_button("evc_lang", pick_language),
            on_button("evc_langs_done", languages_done),
        ],
        d.Step.VARIANT_TITLE: [on_text(got_variant_title)],
        d.Step.START: [on_text(details.got_start)],
        d.Step.DURATION: [
            on_button("evc_len", details.got_duration),
            on_text(details.got_duration),
        ],
        d.Step.WHERE: [on_text(details.got_where)],
        d.Step.CAPACITY: [
            on_button("evc_nolimit", details.got_capacity),
            on_text(details.got_capacity),
        ],
        d.Step.AUDIENCE: [on_button("evc_seg", details.pick_segment)],
        d.Step.AUDIENCE_VALUE: [
            on_button("evc_val", details.pick_value),
            on_button("evc_aud", details.change_audience),
        ],
        d.Step.DEADLINE: [
            on_button("evc_dl", details.got_deadline),
            on_text(details.got_deadline),
        ],
        d.Step.PREVIEW: [
            on_button("evc_publish", details.do_publish),
            on_button("evc_aud", details.change_audience),
        ],
    }
    return Flow(
        domain="events",
        name="event_create",
        role=role,
        entry_points=[
            on_command("event", start),
            on_button("evc_new", start),
        ],
        states=states,
        fallbacks=[on_button("evc_delete", delete_draft)],
        reprompt=d.reprompt,
        reprompts=dict.fromkeys(d.BUTTON_STEPS, d.reprompt_buttons),
        menu=[MenuItem(MENU_LABEL, "evc_new", role, position=72)],
        # Translators: Command list (Telegram's / menu and /help): what the command /event does;
        # short, no full stop.
        commands=[("event", N_("Create an event with sign-ups"), role)],
    )
