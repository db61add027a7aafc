"""Auditing an action taken in the chat: the person who acts and the update's time.

Handlers call ``audited(ctx, Action..., detail...)``; the shell calls
``storage.repos.audit.from_shell``. Both end in ``storage.repos.audit.record``.
"""

from __future__ import annotations

from typing import Any

from bot.context import Ctx
from storage.repos.audit import Action, record


def audited(ctx: Ctx, action: Action, **detail: Any) -> None:
    """Adds the event to the update's transaction: it commits, or rolls back, with the action."""
    record(ctx.session, ctx.contact, action, ctx.services.now(), via="chat", **detail)
