"""The main menu, /help and /cancel: what this person can do, by role, in their language.

/cancel and the Cancel button are the way out of every flow: the router tries them in any
running flow after the flow's own routes (a flow may still own /cancel, as the broadcast draft
does), so no step is a dead end.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.commands import command_list
from bot.context import ButtonSpec, Ctx
from bot.flow import END, Flow, Route, on_button, on_command
from bot.i18n import N_, NP_
from bot.router import NOT_REGISTERED
from handlers.desk.button import desk_row, publish_button
from storage.models import Role

# Translators: Main menu (/menu): the title above the menu buttons.
MENU_TITLE = N_("What would you like to do?")
# Translators: /help: the title above the list of commands and their descriptions.
HELP_TITLE = N_("Commands you can use:")
# Translators: Main menu: the title above the menu buttons when the person wrote text the
# bot did not expect.
NOT_UNDERSTOOD = N_("I did not understand that. Please choose from the menu.")
# Translators: Any guided conversation: the button that leaves it (what was answered stays
# saved). Button; at most 17 characters on a phone.
CANCEL = NP_("button", "Cancel")
# Translators: Any guided conversation: replaces the question after Cancel or /cancel; the
# menu follows.
CANCELLED = N_("Cancelled. What you already answered is saved.")
CANCEL_ACTION = "cancel"


async def show_menu(ctx: Ctx, title: str | None = None) -> None:
    """Sends the menu buttons; they work at any time (not tied to a conversation)."""
    items = ctx.services.router.menu(ctx.role)
    rows = [[(ctx._(item.label), item.action, "")] for item in items]
    markup = ctx.keyboard(rows, scoped=False) if rows else None
    desk = desk_row(ctx)
    if desk:
        markup = InlineKeyboardMarkup([*(markup.inline_keyboard if markup else ()), desk])
    await ctx.say(title or ctx._(MENU_TITLE), markup)


async def publish_menus(ctx: Ctx) -> None:
    """Publishes what the person's role and language offer beside the chat: the command list
    and the menu button (the desk's, for coordinators). Called wherever either changes."""
    assert ctx.contact is not None
    await ctx.set_commands(command_list(ctx.services.router, ctx.contact.role, ctx.tr))
    await publish_button(ctx)


async def menu(update: Update, ctx: Ctx) -> int | None:
    """Shows the main menu."""
    await show_menu(ctx)
    return None


async def help_command(update: Update, ctx: Ctx) -> int | None:
    """Lists the commands of this person's role with their descriptions."""
    if ctx.role is None:
        # Before joining no command is open; say how to join rather than list nothing.
        await ctx.say(ctx._(NOT_REGISTERED))
        return None
    lines = [ctx._(HELP_TITLE)]
    lines += [f"/{name} — {ctx._(text)}" for name, text in ctx.services.router.commands(ctx.role)]
    await ctx.say("\n".join(lines))
    return None


async def idle(update: Update, ctx: Ctx) -> None:
    """Answers input that arrives outside any conversation."""
    if ctx.role is None:
        await ctx.say(ctx._(NOT_REGISTERED))
        return
    await show_menu(ctx, ctx._(NOT_UNDERSTOOD))


def cancel_row(ctx: Ctx) -> list[ButtonSpec]:
    """A Cancel button for a flow's keyboard; the router's fallback (``cancel``) takes it."""
    return [(ctx._(CANCEL), CANCEL_ACTION, "")]


async def cancel(update: Update, ctx: Ctx) -> int | None:
    """Leaves the running flow (answers already stored stay) and shows the menu."""
    await ctx.answer()
    if ctx.conversation.flow is None:
        await _menu_or_how_to_join(ctx)  # nothing to leave: the menu is where /cancel leads
        return None
    await ctx.show(ctx._(CANCELLED))
    await _menu_or_how_to_join(ctx)
    return END


async def _menu_or_how_to_join(ctx: Ctx) -> None:
    """The menu; before joining it would be empty, so say how to join instead."""
    if ctx.role is None:
        await ctx.say(ctx._(NOT_REGISTERED))
    else:
        await show_menu(ctx)


def cancel_route() -> Route:
    """/cancel outside any flow: shows the menu instead of "unknown command"."""
    return on_command("cancel", cancel, min_role=None)


def cancel_fallbacks() -> list[Route]:
    """/cancel and the Cancel button in any flow, even before joining."""
    return [on_command("cancel", cancel, min_role=None), on_button(CANCEL_ACTION, cancel, None)]


def build_flow() -> Flow:
    return Flow(
        name="menu",
        states={},
        entry_points=[on_command("menu", menu), on_command("help", help_command, min_role=None)],
        commands=[
            # Translators: Command list (Telegram's / menu and /help): what the command /menu does;
            # short, no full stop.
            ("menu", N_("Show the main menu"), Role.CONTACT),
            # Translators: Command list (Telegram's / menu and /help): what the command /help does;
            # short, no full stop.
            ("help", N_("What this bot can do"), Role.CONTACT),
        ],
    )
