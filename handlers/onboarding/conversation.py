"""Onboarding: an invite link binds a person to their organisation, in their language, with consent.

``/start <token>`` checks the invite, asks for the language, shows the privacy notice and asks
for consent. Nothing about the person is stored before they agree; the invite is used only then,
so an abandoned start does not burn the link. Every bad link gets the same answer, which says
nothing about any organisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from telegram import InlineKeyboardMarkup, Update

from bot.context import ButtonSpec, Ctx
from bot.flow import END, Flow, on_button, on_command
from bot.flow_data import FlowData
from bot.i18n import ENDONYMS, LANGUAGES, N_
from handlers.menu.conversation import publish_menus, show_menu
from handlers.privacy.conversation import privacy_notice
from storage.models import Contact, Invite, Role
from storage.repos.people import redeem_invite, usable_invite


class Step(IntEnum):
    LANGUAGE = 1
    CONSENT = 2


@dataclass
class Joining(FlowData):
    """The invite being redeemed (None: an admin from KYLABOT_ADMINS) and the chosen language."""

    invite_id: int | None = None
    language: str | None = None


# Translators: Joining (/start with an invite link), step 1: the link's invite is unknown,
# used or expired.
BAD_INVITE = N_(
    "This invite link does not work. It may have expired or been used already. "
    "Please ask your coordinator for a new link."
)
# Translators: Joining: /start without an invite link from someone who has not joined.
NO_INVITE = N_(
    "Welcome! This bot serves the Lapland safety and wellbeing network. To join, open the "
    "invite link your coordinator sent you."
)
# Translators: Joining, step 1, and /language: the question above the buttons with each
# language's own name.
CHOOSE_LANGUAGE = N_("Choose your language:")
# Translators: Joining, step 2: asks for consent right after the privacy notice, above the
# buttons I agree / No, thank you.
ASK_CONSENT = N_("Do you agree that your answers are stored as described above?")
# Translators: Joining, step 2: gives consent and joins.
# Button; at most 36 characters on a phone.
AGREE = N_("I agree")
# Translators: Joining, step 2: declines; nothing is stored.
# Button; at most 36 characters on a phone.
DECLINE = N_("No, thank you")
# Translators: Joining, step 2: replaces the question after the person declined.
DECLINED = N_(
    "All right. Nothing about you was stored. If you change your mind, open the invite link again."
)
# Translators: Joining, done: the person joined with an invite. %(name)s = their first
# name in Telegram; %(organisation)s = the organisation's name.
WELCOME = N_("Welcome, %(name)s! You now answer for %(organisation)s.")
# Translators: Joining, done: an administrator joined (no organisation). %(name)s = their
# first name in Telegram.
WELCOME_ADMIN = N_("Welcome, %(name)s! You are an administrator of this bot.")


def language_keyboard(ctx: Ctx, action: str, *extra: Sequence[ButtonSpec]) -> InlineKeyboardMarkup:
    """Every language by its own name, then any ``extra`` rows (a Cancel button).

    A language most of whose messages no native speaker has reviewed says so in its own words
    ("Sääʹmǩiõll (…)"): its readers should know they read a draft (issue 18)."""
    catalogs = ctx.services.catalogs
    rows: list[Sequence[ButtonSpec]] = [
        [(catalogs.language_label(code), action, code)] for code in LANGUAGES
    ]
    return ctx.keyboard([*rows, *extra])


async def start(update: Update, ctx: Ctx) -> int | None:
    """Checks the invite and asks for the language."""
    user = update.effective_user
    assert user is not None
    token = ctx.args[0] if ctx.args else ""
    is_admin = user.id in ctx.services.settings.admins
    if not token:
        if ctx.role is not None:
            await show_menu(ctx)
            return END
        if not is_admin:
            await ctx.say(ctx._(NO_INVITE))
            return END
    else:
        invite = await usable_invite(ctx.session, token, ctx.services.now())
        if invite is None:
            await ctx.say(ctx._(BAD_INVITE))
            return END
        Joining(invite_id=invite.id).save(ctx)
    await ctx.say(ctx._(CHOOSE_LANGUAGE), language_keyboard(ctx, "lang"))
    return Step.LANGUAGE


async def choose_language(update: Update, ctx: Ctx) -> int | None:
    """Stores the language for now and shows the privacy notice in it."""
    if ctx.arg not in LANGUAGES:
        await ctx.answer()
        return None
    data = Joining.of(ctx)
    data.language = ctx.arg
    data.save(ctx)
    ctx.tr = ctx.services.catalogs.get(ctx.arg)
    await ctx.show(f"{ctx._(CHOOSE_LANGUAGE)} {ENDONYMS[ctx.arg]}")
    await ctx.say(privacy_notice(ctx))
    await ctx.say(
        ctx._(ASK_CONSENT),
        ctx.keyboard([[(ctx._(AGREE), "consent", "yes")], [(ctx._(DECLINE), "consent", "no")]]),
    )
    return Step.CONSENT


async def consent(update: Update, ctx: Ctx) -> int | None:
    """Binds the person on "I agree"; forgets the attempt on "No"."""
    user = update.effective_user
    assert user is not None
    data = Joining.of(ctx)
    language = data.language or "fi"
    ctx.tr = ctx.services.catalogs.get(language)
    if ctx.arg != "yes":
        await ctx.show(ctx._(DECLINED))
        await ctx.forget_chat()  # "Nothing about you was stored" must stay true
        return END
    now = ctx.services.now()
    if data.invite_id is None:
        if user.id not in ctx.services.settings.admins:
            await ctx.show(ctx._(BAD_INVITE))
            return END
        contact = await _admin_contact(ctx, language)
    else:
        invite = await ctx.session.get(Invite, data.invite_id)
        if invite is None or invite.used_at is not None or invite.expires_at <= now:
            await ctx.show(ctx._(BAD_INVITE))  # used by someone else meanwhile, or expired
            return END
        contact = await redeem_invite(ctx.session, invite, user.id, user.first_name, language, now)
        if user.id in ctx.services.settings.admins:
            contact.role = Role.ADMIN
    ctx.contact = contact
    await ctx.close_keyboard()
    name = user.first_name or ""
    if contact.organisation is not None:
        text = ctx._(WELCOME) % {"name": name, "organisation": contact.organisation.name}
    else:
        text = ctx._(WELCOME_ADMIN) % {"name": name}
    await ctx.say(text)
    await publish_menus(ctx)  # the role's commands, and the desk's menu button or the default
    await show_menu(ctx)
    return END


async def _admin_contact(ctx: Ctx, language: str) -> Contact:
    user = ctx.update.effective_user
    assert user is not None
    contact = ctx.contact or Contact(telegram_user_id=user.id)
    contact.role = Role.ADMIN
    contact.language = language
    contact.display_name = user.first_name
    contact.consent_at = ctx.services.now()
    contact.active = True
    ctx.session.add(contact)
    await ctx.session.flush()
    await ctx.session.refresh(contact, ["organisation"])
    return contact


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    """Asks the current onboarding question again."""
    if ctx.conversation.state == Step.LANGUAGE:
        await ctx.say(ctx._(CHOOSE_LANGUAGE), language_keyboard(ctx, "lang"))
    else:
        ctx.tr = ctx.services.catalogs.get(Joining.of(ctx).language or ctx.tr.language)
        await ctx.say(
            ctx._(ASK_CONSENT),
            ctx.keyboard([[(ctx._(AGREE), "consent", "yes")], [(ctx._(DECLINE), "consent", "no")]]),
        )
    return None


def build_flow() -> Flow:
    return Flow(
        name="onboarding",
        entry_points=[on_command("start", start, min_role=None)],
        states={
            Step.LANGUAGE: [on_button("lang", choose_language, min_role=None)],
            Step.CONSENT: [on_button("consent", consent, min_role=None)],
        },
        reprompt=reprompt,
    )
