"""Personal settings: language, and pausing or resuming messages from the bot."""

from __future__ import annotations

from enum import IntEnum

from telegram import Update

from bot.context import Ctx
from bot.flow import END, Flow, on_button, on_command
from bot.i18n import ENDONYMS, LANGUAGES, N_
from handlers.menu.conversation import cancel_row, publish_menus
from handlers.onboarding.conversation import CHOOSE_LANGUAGE, language_keyboard
from storage.models import Role

# Translators: /language, done: replaces the question once a language is chosen, already
# in that language. %(language)s = the language's own name, e.g. Suomi, Davvisámegiella.
LANGUAGE_SET = N_("From now on I speak %(language)s with you.")
# Translators: /stop: confirms that messages from the bot are paused. /resume is a
# command: keep it as is.
STOPPED = N_(
    "Paused. You will get no check-ins, reminders or announcements. "
    "I still answer when you write to me. /resume turns messages back on."
)
# Translators: /resume: confirms that messages are on again.
RESUMED = N_("Welcome back. Messages from the network are on again.")


class Step(IntEnum):
    LANGUAGE = 1


async def language(update: Update, ctx: Ctx) -> int | None:
    """Offers every language, plain Finnish among them."""
    await ctx.say(ctx._(CHOOSE_LANGUAGE), language_keyboard(ctx, "setlang", cancel_row(ctx)))
    return Step.LANGUAGE


async def set_language(update: Update, ctx: Ctx) -> int | None:
    """Stores the chosen language and answers in it."""
    if ctx.arg not in LANGUAGES or ctx.contact is None:
        return None
    ctx.contact.language = ctx.arg
    ctx.tr = ctx.services.catalogs.get(ctx.arg)
    await ctx.show(ctx._(LANGUAGE_SET) % {"language": ENDONYMS[ctx.arg]})
    await publish_menus(ctx)  # the command list and the desk's button, in the new language
    return END


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    """Offers the languages again."""
    return await language(update, ctx)


async def stop(update: Update, ctx: Ctx) -> int | None:
    """Pauses every message that is not a direct reply."""
    assert ctx.contact is not None
    ctx.contact.opted_out = True
    await ctx.say(ctx._(STOPPED))
    return None


async def resume(update: Update, ctx: Ctx) -> int | None:
    """Undoes /stop."""
    assert ctx.contact is not None
    ctx.contact.opted_out = False
    await ctx.say(ctx._(RESUMED))
    return None


def build_flow() -> Flow:
    return Flow(
        name="settings",
        entry_points=[
            on_command("language", language),
            on_command("stop", stop),
            on_command("resume", resume),
        ],
        states={Step.LANGUAGE: [on_button("setlang", set_language)]},
        reprompt=reprompt,
        commands=[
            # Translators: Command list (Telegram's / menu and /help): what the command /language
            # does; short, no full stop.
            ("language", N_("Change the language"), Role.CONTACT),
            # Translators: Command list (Telegram's / menu and /help): what the command /stop does;
            # short, no full stop.
            ("stop", N_("Pause messages from the bot"), Role.CONTACT),
            # Translators: Command list (Telegram's / menu and /help): what the command /resume
            # does; short, no full stop.
            ("resume", N_("Turn messages back on"), Role.CONTACT),
        ],
    )
