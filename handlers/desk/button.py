"""The way into the desk from the chat: the menu button beside the input field, and /menu.

A coordinator or admin gets a Web App menu button (``setChatMenuButton`` for their chat) that
opens ``KYLABOT_DESK_URL``; anyone else gets Telegram's default button back. The button is an
effect written to the outbox in the transaction that changes the role or the language (never a
call inside it), so it cannot disagree with what was stored. Unset ``KYLABOT_DESK_URL``:
nothing is published and /menu shows no desk item.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, WebAppInfo

from bot.config import Settings
from bot.context import Ctx
from bot.i18n import Translator
from handlers.desk import texts
from storage.models import Role

DEFAULT_BUTTON: dict[str, Any] = {"type": "default"}


def opens_desk(settings: Settings, role: Role | None) -> bool:
    return settings.desk_url is not None and role is not None and role.rank >= Role.COORDINATOR.rank


def menu_button(settings: Settings, role: Role | None, tr: Translator) -> dict[str, Any]:
    """The chat's menu button for a person of ``role``: the desk, or Telegram's default."""
    if not opens_desk(settings, role):
        return dict(DEFAULT_BUTTON)
    return {"type": "web_app", "text": tr._(texts.DESK), "web_app": {"url": settings.desk_url}}


def desired_url(settings: Settings, role: Role | None) -> str | None:
    """What the chat's menu button should open (``Contact.desk_button``); None: the default."""
    return settings.desk_url if opens_desk(settings, role) else None


async def publish_button(ctx: Ctx) -> None:
    """Writes this chat's menu button for the person's current role (after the commit), and
    notes on the contact what it opens. Unset ``KYLABOT_DESK_URL``, only a chat that still
    has the desk's button from before gets the default back."""
    settings = ctx.services.settings
    contact = ctx.contact
    if settings.desk_url is None and (contact is None or contact.desk_button is None):
        return
    tr = ctx.services.catalogs.get(ctx.tr.language, "desk")
    await ctx.set_menu_button(menu_button(settings, ctx.role, tr))
    if contact is not None:
        contact.desk_button = desired_url(settings, ctx.role)


async def clear_button(ctx: Ctx) -> None:
    """Gives the chat Telegram's default button back (the person leaves: /forget)."""
    contact = ctx.contact
    if opens_desk(ctx.services.settings, ctx.role) or (contact and contact.desk_button):
        await ctx.set_menu_button(dict(DEFAULT_BUTTON))
    if contact is not None:
        contact.desk_button = None


def desk_row(ctx: Ctx) -> list[InlineKeyboardButton]:
    """The /menu row that opens the desk, for coordinators and admins; empty for the rest."""
    settings = ctx.services.settings
    if not opens_desk(settings, ctx.role) or settings.desk_url is None:
        return []
    label = ctx.services.catalogs.get(ctx.tr.language, "desk")._(texts.DESK)
    return [InlineKeyboardButton(label, web_app=WebAppInfo(settings.desk_url))]
