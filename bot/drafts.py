"""Callbacks that work on a draft: the draft is loaded for them, or the flow ends politely.

Most steps of a flow that builds something (a report, a broadcast, an addition) begin the same
way: load this chat's draft, and if it is gone (sent meanwhile, deleted, cleaned up after a
week, sent from another device) end the flow with the feature's "no longer open" message. That
was written by hand 28 times (issue 9). A feature now says once how its draft is loaded and what
"gone" says::

    drafted = with_draft(_report, end_with(GONE))

    @drafted
    async def describe(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
        ...

and the decorated step is an ordinary flow callback ``(update, ctx)`` for ``on_text`` and the
rest, while mypy checks that the step's third parameter is what the loader returns.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Update

from bot.context import Ctx
from bot.flow import END, Callback

D = TypeVar("D")

Loader = Callable[[Ctx], Awaitable[D | None]]
Gone = Callable[[Ctx], Awaitable[int | None]]
DraftStep = Callable[[Update, Ctx, D], Awaitable[int | None]]


def with_draft(load: Loader[D], gone: Gone) -> Callable[[DraftStep[D]], Callback]:
    """A decorator for steps that need the draft ``load`` finds; ``gone`` runs when it is None.

    ``gone`` decides the flow's next state itself (``end_with`` returns ``END``).
    """

    def drafted(step: DraftStep[D]) -> Callback:
        @functools.wraps(step)
        async def callback(update: Update, ctx: Ctx) -> int | None:
            draft = await load(ctx)
            if draft is None:
                return await gone(ctx)
            return await step(update, ctx, draft)

        return callback

    return drafted


def end_with(message: str, *, edit: bool = False) -> Gone:
    """Ends the flow with ``message`` (an ``N_`` text): answers a pressed button, then says it,
    or with ``edit`` puts it in place of the pressed message (a new message for typed input)."""

    async def gone(ctx: Ctx) -> int:
        await ctx.answer()
        if edit:
            await ctx.show(ctx._(message))
        else:
            await ctx.say(ctx._(message))
        return END

    return gone
