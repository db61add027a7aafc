"""Privacy: what is stored and why, the person's own data, and erasing who they are.

What /mydata contains is gathered in ``mydata.py`` from every feature's ``data_sections``, so
this module never needs to know every table.
"""

from __future__ import annotations

import json
from enum import IntEnum

from telegram import Update

from bot.context import Ctx
from bot.flow import END, Flow, on_button, on_command
from bot.i18n import N_, NP_
from handlers.desk.button import clear_button
from handlers.privacy.mydata import collect_data
from storage.models import Role
from storage.repos.people import forget_contact

# Translators: /privacy, and Joining step 2 before the consent question: the privacy
# notice. Keep the line breaks; /forget, /mydata and /stop are commands: keep them as they
# are.
PRIVACY_NOTICE = N_(
    "Privacy notice\n\n"
    "What is stored: your Telegram user id, first name, language and organisation, and the "
    "answers and reports you send.\n"
    "Who sees it: the coordinators of the Lapland safety and wellbeing network. Reports show "
    "your organisation; your name only if you allow it.\n"
    "Why: to follow up the regional safety and wellbeing plan.\n"
    "How long: your identity until you leave (/forget); your organisation's answers for the "
    "plan period and five years after it.\n"
    "You can see your data with /mydata and erase your identity with /forget. "
    "/stop pauses all messages from the bot."
)
# Translators: /mydata: the caption of the JSON file with the person's data (at most 1024
# characters).
MYDATA_CAPTION = N_("This is everything kylabot stores about you.")
# Translators: /mydata from someone the bot knows nothing about.
NOT_KNOWN = N_("Nothing is stored about you.")
# Translators: /forget, step 1: the confirmation question above the buttons Yes, erase /
# Cancel.
CONFIRM_FORGET = N_(
    "Erase your identity? Your name and Telegram id are deleted and you leave the bot. "
    "Your organisation's answers stay, without your name. This cannot be undone."
)
# Translators: /forget, step 1: confirms erasing the identity.
# Button; at most 36 characters on a phone.
YES_ERASE = N_("Yes, erase")
CANCEL = NP_("button", "Cancel")
# Translators: /forget, done: replaces the question after the identity was erased; the
# last message the person gets.
FORGOTTEN = N_("Done. Your identity has been erased. Goodbye, and thank you.")
# Translators: /forget: replaces the question after Cancel.
KEPT = N_("Nothing was erased.")


class Step(IntEnum):
    CONFIRM = 1


def privacy_notice(ctx: Ctx) -> str:
    return ctx._(PRIVACY_NOTICE)


async def privacy(update: Update, ctx: Ctx) -> int | None:
    """Shows what is stored, who sees it and for how long."""
    await ctx.say(privacy_notice(ctx))
    return None


async def mydata(update: Update, ctx: Ctx) -> int | None:
    """Sends the person's own data as a JSON document."""
    if ctx.contact is None:
        await ctx.say(ctx._(NOT_KNOWN))
        return None
    document = await collect_data(ctx.session, ctx.contact, ctx.services.data_sections)
    payload = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    await ctx.send_file("document", "kylabot-mydata.json", payload, ctx._(MYDATA_CAPTION))
    return None


async def forget(update: Update, ctx: Ctx) -> int | None:
    """Asks for confirmation before erasing the person's identity."""
    await ctx.say(
        ctx._(CONFIRM_FORGET),
        ctx.keyboard([[(ctx._(YES_ERASE), "forget", "yes")], [(ctx._(CANCEL), "forget", "no")]]),
    )
    return Step.CONFIRM


async def confirm_forget(update: Update, ctx: Ctx) -> int | None:
    """Erases the identity on "Yes"; keeps everything on "Cancel"."""
    if ctx.arg != "yes" or ctx.contact is None:
        await ctx.show(ctx._(KEPT))
        return END
    await ctx.show(ctx._(FORGOTTEN))
    await clear_button(ctx)  # before forgetting: the role is still known here
    await forget_contact(ctx.session, ctx.contact, ctx.services.now())
    await ctx.forget_chat()
    return END


async def reprompt_forget(update: Update, ctx: Ctx) -> int | None:
    """Asks again for the erase confirmation."""
    return await forget(update, ctx)


def build_flow() -> Flow:
    return Flow(
        name="privacy",
        entry_points=[
            on_command("privacy", privacy, min_role=None),
            on_command("mydata", mydata),
            on_command("forget", forget),
        ],
        states={Step.CONFIRM: [on_button("forget", confirm_forget)]},
        reprompt=reprompt_forget,
        commands=[
            # Translators: Command list (Telegram's / menu and /help): what the command /privacy
            # does; short, no full stop.
            ("privacy", N_("What is stored about you and why"), Role.CONTACT),
            # Translators: Command list (Telegram's / menu and /help): what the command /mydata
            # does; short, no full stop.
            ("mydata", N_("Get your own data"), Role.CONTACT),
            # Translators: Command list (Telegram's / menu and /help): what the command /forget
            # does; short, no full stop.
            ("forget", N_("Erase your identity"), Role.CONTACT),
        ],
    )
