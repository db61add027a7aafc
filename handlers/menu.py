"""The main menu and /help: what this person can do, by role, in their language."""

from __future__ import annotations

from telegram import Update

from bot.context import Ctx
from bot.flow import Flow, on_command
from bot.i18n import N_
from storage.models import Role

MENU_TITLE = N_("What would you like to do?")
HELP_TITLE = N_("Commands you can use:")
NOT_UNDERSTOOD = N_("I did not understand that. Please choose from the menu.")


async def show_menu(ctx: Ctx, title: str | None = None) -> None:
    """Sends the menu buttons; they work at any time (not tied to a conversation)."""
    items = ctx.services.router.menu(ctx.role)
    rows = [[(ctx._(item.label), item.action, "")] for item in items]
    await ctx.say(title or ctx._(MENU_TITLE), ctx.keyboard(rows, scoped=False) if rows else None)


async def menu(update: Update, ctx: Ctx) -> int | None:
    """Shows the main menu."""
    await show_menu(ctx)
    return None


async def help_command(update: Update, ctx: Ctx) -> int | None:
    """Lists the commands of this person's role with their descriptions."""
    lines = [ctx._(HELP_TITLE)]
    lines += [f"/{name} — {ctx._(text)}" for name, text in ctx.services.router.commands(ctx.role)]
    await ctx.say("\n".join(lines))
    return None


async def idle(update: Update, ctx: Ctx) -> None:
    """Answers input that arrives outside any conversation."""
    if ctx.role is None:
        from bot.router import NOT_REGISTERED

        await ctx.say(ctx._(NOT_REGISTERED))
        return
    await show_menu(ctx, ctx._(NOT_UNDERSTOOD))


def build_flow() -> Flow:
    return Flow(
        name="menu",
        states={},
        entry_points=[on_command("menu", menu), on_command("help", help_command, min_role=None)],
        commands=[
            ("menu", N_("Show the main menu"), Role.CONTACT),
            ("help", N_("What this bot can do"), Role.CONTACT),
        ],
    )
