"""/coffee: opting in to the monthly coffee roulette, its languages, opting out, and answers.

Opting in asks which languages the person can meet in (their own is ticked to start with); a
Skolt Sámi speaker who also ticks Finnish can be paired with a Finnish speaker. Opting out
stops it at once: no pairing, no "Did you meet?" from then on. The answers to "Did you meet?"
and "Stay in?" come from buttons that work at any time. Coordinators also see each round's
figures: how many were paired and how many met.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from telegram import InlineKeyboardMarkup, Update

from bot.context import ButtonSpec, Ctx
from bot.flow import END, Flow, MenuItem, on_button, on_command
from bot.flow_data import FlowData
from bot.i18n import ENDONYMS, N_, NP_, SPOKEN_LANGUAGES, base_language
from handlers.checkin.scheduling import next_fire
from handlers.events import roulette
from handlers.events.coffee_figures import recent_round_figures
from handlers.menu.conversation import cancel_row
from storage.models import CoffeeMatch, CoffeeParticipant, Role
from storage.repos import coffee as repo


class Step(IntEnum):
    LANGUAGES = 1


@dataclass
class Choosing(FlowData):
    """The languages ticked so far, in the order of SPOKEN_LANGUAGES (plain Finnish is a way
    of writing for a reader, not a language to meet in)."""

    languages: list[str] = field(default_factory=list)


# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# /coffee for someone not taking part: explains it above the language buttons (✅ ticked,
# ▫️ not). "Done" is the button.
ABOUT = N_(
    "Virtual coffee: once a month you are paired with someone from another organisation of "
    "the network, for a short chat online. Which languages can you meet in? Tap them, then "
    "Done."
)
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# Change languages: above the language buttons. "Done" is the button.
CHANGE_ASK = N_("Which languages can you meet in? Tap them, then Done.")
DONE = NP_("button", "Done")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# pop-up box (at most 200 characters): Done with no language ticked.
NEED_LANGUAGE = N_("Choose at least one language.")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# after Done. %(date)s = the day of the next pairing, or "not scheduled". /coffee is a
# command: keep it.
JOINED = N_("You are in! Next pairing: %(date)s. /coffee changes your languages or stops it.")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# /coffee for someone taking part. %(languages)s = the languages' own names,
# comma-separated; %(date)s = the day of the next pairing, or "not scheduled".
STATUS = N_("You take part in virtual coffee, in: %(languages)s. Next pairing: %(date)s.")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# /coffee for someone taking part: picks the languages again.
# Button; at most 36 characters on a phone.
CHANGE = N_("Change languages")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# /coffee for someone taking part: leaves the pairings.
# Button; at most 36 characters on a phone.
STOP = N_("Stop taking part")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# after Stop taking part or No, stop. /coffee is a command: keep it.
STOPPED = N_("You no longer take part in virtual coffee. /coffee joins again.")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# an answer to Stay in? from someone who already left. /coffee is a command: keep it.
NOT_IN = N_("You do not take part in virtual coffee. /coffee joins.")
THANKS = {
    # Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
    # added under "Did you meet ...?" after Yes.
    "yes": N_("Great, thank you!"),
    # Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
    # added under "Did you meet ...?" after Not yet.
    "not_yet": N_("Thank you. There is still time: write to them directly."),
    # Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
    # added under "Did you meet ...?" after No.
    "no": N_("Thank you for telling us. Next month brings a new pair."),
}
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# after Yes, stay in.
STAYING = N_("Good, you are in the next pairing.")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# /coffee for coordinators: the heading of the figures. %(count)s = people taking part
# now, a numeral.
ROUNDS = N_("Virtual coffee rounds (taking part now: %(count)s):")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# /coffee for coordinators: one month's figures. %(date)s = the day of the pairing;
# %(paired)s = people paired; %(met)s = people who said they met; %(rate)s = that as a
# percentage; %(open)s = people who did not answer; numerals.
ROUND_LINE = N_("%(date)s: paired %(paired)s · met %(met)s (%(rate)s) · no answer %(open)s")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# /coffee for coordinators: there has been no pairing.
NO_ROUNDS = N_("No virtual coffee rounds yet.")
# Translators: Virtual coffee (/coffee: once a month people are paired for a chat online),
# in place of the date of the next pairing when none is scheduled; lower case.
UNKNOWN_DATE = N_("not scheduled")
# Translators: Main menu: opens /coffee. Button; at most 36 characters on a phone.
MENU_LABEL = N_("Virtual coffee")
USE_BUTTONS = N_("Please choose with the buttons.")
CHAT_ROUNDS = 6  # rounds in a coordinator's /coffee


async def _next_pairing(ctx: Ctx) -> str:
    services = ctx.services
    schedule = await roulette.coffee_schedule(
        ctx.session, services.settings.timezone, services.now()
    )
    fire = next_fire(schedule.cron, schedule.timezone, services.now()) if schedule.active else None
    return (
        ctx.tr.date(fire.astimezone(services.settings.zone).date()) if fire else ctx._(UNKNOWN_DATE)
    )


async def coffee(update: Update, ctx: Ctx) -> int | None:
    """Shows the person's part in the roulette, or asks their languages to join."""
    await ctx.answer()
    assert ctx.contact is not None
    participant = await repo.participant(ctx.session, ctx.contact.id)
    figures = await _rounds_text(ctx) if ctx.has_role(Role.COORDINATOR) else ""
    if participant is None or not participant.active:
        chosen = Choosing(languages=[base_language(ctx.tr.language)])
        chosen.save(ctx)
        await ctx.say(_join(ctx.tr._(ABOUT), figures), _language_keyboard(ctx, chosen))
        return Step.LANGUAGES
    names = ", ".join(ENDONYMS[c] for c in SPOKEN_LANGUAGES if c in participant.languages)
    text = ctx._(STATUS) % {"languages": names, "date": await _next_pairing(ctx)}
    rows = [[(ctx._(CHANGE), "cf_change", "")], [(ctx._(STOP), "cf_stop", "")]]
    await ctx.say(_join(text, figures), ctx.keyboard(rows))
    return Step.LANGUAGES


def _join(text: str, figures: str) -> str:
    return f"{text}\n\n{figures}" if figures else text


def _language_keyboard(ctx: Ctx, data: Choosing) -> InlineKeyboardMarkup:
    chosen = set(data.languages)
    rows: list[list[ButtonSpec]] = [
        [
            (("✅ " if code in chosen else "▫️ ") + ENDONYMS[code], "cf_lang", code)
            for code in SPOKEN_LANGUAGES[i : i + 2]
        ]
        for i in range(0, len(SPOKEN_LANGUAGES), 2)
    ]
    rows.append([(ctx._(DONE), "cf_done", "")])
    rows.append(cancel_row(ctx))
    return ctx.keyboard(rows)


async def change(update: Update, ctx: Ctx) -> int | None:
    await ctx.answer()
    assert ctx.contact is not None
    participant = await repo.participant(ctx.session, ctx.contact.id)
    with Choosing.edit(ctx) as chosen:
        chosen.languages = (
            list(participant.languages) if participant else [base_language(ctx.tr.language)]
        )
    await ctx.show(ctx._(CHANGE_ASK), _language_keyboard(ctx, chosen))
    return Step.LANGUAGES


async def toggle(update: Update, ctx: Ctx) -> int | None:
    """Ticks or unticks a language."""
    await ctx.answer()
    if ctx.arg not in SPOKEN_LANGUAGES:
        return None
    with Choosing.edit(ctx) as data:
        chosen = set(data.languages) ^ {ctx.arg}
        data.languages = [code for code in SPOKEN_LANGUAGES if code in chosen]
    message = update.callback_query.message if update.callback_query else None
    text = getattr(message, "text", None) or ctx._(CHANGE_ASK)
    await ctx.show(text, _language_keyboard(ctx, data))
    return None


async def done(update: Update, ctx: Ctx) -> int | None:
    """Opts the person in with the ticked languages."""
    chosen: list[str] = [c for c in SPOKEN_LANGUAGES if c in set(Choosing.of(ctx).languages)]
    if not chosen:
        await ctx.answer(ctx._(NEED_LANGUAGE), alert=True)
        return None
    await ctx.answer()
    assert ctx.contact is not None
    now = ctx.services.now()
    participant = await repo.participant(ctx.session, ctx.contact.id)
    if participant is None:
        participant = CoffeeParticipant(
            contact_id=ctx.contact.id, active=False, opted_in_at=now, counting_since=now
        )
        ctx.session.add(participant)
    if not participant.active:  # (re)joining: earlier rounds no longer count as misses
        participant.opted_in_at = now
        participant.counting_since = now
    participant.active = True
    participant.opted_out_at = None
    participant.asked_to_stay_at = None
    participant.languages = chosen
    await ctx.session.flush()
    await ctx.show(ctx._(JOINED) % {"date": await _next_pairing(ctx)})
    return END


async def stop(update: Update, ctx: Ctx) -> int | None:
    """Opts out at once."""
    await ctx.answer()
    assert ctx.contact is not None
    participant = await repo.participant(ctx.session, ctx.contact.id)
    if participant is not None and participant.active:
        participant.active = False
        participant.opted_out_at = ctx.services.now()
    await ctx.show(ctx._(STOPPED))
    return END


async def answer_met(update: Update, ctx: Ctx) -> int | None:
    """Stores the answer to "Did you meet?" (the latest answer counts)."""
    match_id, _, answer = ctx.arg.partition(":")
    assert ctx.contact is not None
    match = await ctx.session.get(CoffeeMatch, int(match_id)) if match_id.isdigit() else None
    if match is None or match.contact_id != ctx.contact.id or answer not in THANKS:
        await ctx.answer()
        await ctx.close_keyboard()
        return None
    match.answer = answer
    match.answered_at = ctx.services.now()
    await ctx.answer()
    message = update.callback_query.message if update.callback_query else None
    question = getattr(message, "text", None) or ""
    await ctx.show(f"{question}\n\n{ctx._(THANKS[answer])}".strip())
    return None


async def answer_stay(update: Update, ctx: Ctx) -> int | None:
    """ "Stay in?": yes counts misses afresh; no opts out."""
    assert ctx.contact is not None
    participant = await repo.participant(ctx.session, ctx.contact.id)
    await ctx.answer()
    if participant is None or not participant.active:
        await ctx.show(ctx._(NOT_IN))
        return None
    if ctx.arg == "yes":
        participant.asked_to_stay_at = None
        participant.counting_since = ctx.services.now()
        await ctx.show(ctx._(STAYING))
        return None
    return await stop(update, ctx)


async def _rounds_text(ctx: Ctx) -> str:
    """Each recent round's figures: paired, met (and the rate), not answered."""
    rounds = await recent_round_figures(ctx.session, CHAT_ROUNDS)
    taking_part = await repo.taking_part(ctx.session)
    lines = [ctx._(ROUNDS) % {"count": ctx.tr.number(taking_part)}]
    if not rounds:
        lines.append(ctx._(NO_ROUNDS))
    for found, figures in rounds:
        lines.append(
            ctx._(ROUND_LINE)
            % {
                "date": ctx.tr.date(found.started_at.astimezone(ctx.services.settings.zone).date()),
                "paired": ctx.tr.number(figures.paired),
                "met": ctx.tr.number(figures.met),
                "rate": ctx.tr.percent(figures.rate),
                "open": ctx.tr.number(figures.unanswered),
            }
        )
    return "\n".join(lines)


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    await ctx.say(ctx._(USE_BUTTONS))
    return None


def build_flow() -> Flow:
    contact = Role.CONTACT
    return Flow(
        domain="events",
        name="coffee",
        entry_points=[
            on_command("coffee", coffee, min_role=contact),
            on_button("cf_menu", coffee, min_role=contact),
            on_button("cf_met", answer_met, min_role=contact),
            on_button("cf_stay", answer_stay, min_role=contact),
        ],
        states={
            Step.LANGUAGES: [
                on_button("cf_lang", toggle, contact),
                on_button("cf_done", done, contact),
                on_button("cf_change", change, contact),
                on_button("cf_stop", stop, contact),
            ]
        },
        reprompt=reprompt,
        menu=[MenuItem(MENU_LABEL, "cf_menu", contact, position=45)],
        # Translators: Command list (Telegram's / menu and /help): what the command /coffee does;
        # short, no full stop.
        commands=[("coffee", N_("Virtual coffee: meet someone new every month"), contact)],
    )
