"""Whether the bot can reach a person: blocking the bot, and coming back (issue 19, item 5).

Telegram says in two ways that a person blocked the bot: a ``my_chat_member`` update whose new
status is "kicked", and a 403 "bot was blocked by the user" to every send meanwhile (the sender
then marks the contact inactive, ``storage.repos.outbox.mark_inactive``). Unblocking sends a
``my_chat_member`` update back to "member", but some clients send none: then the person's next
message or button tap is the sign, since a blocked chat cannot write to the bot. Either way
the contact is active again, and every broadcast, round invitation, reminder, event notice
and digest reaches them again (they all ask ``Contact.active``).

``Contact.active`` means only this: Telegram lets the bot write to the person. A deliberate
pause (/stop: ``opted_out``) and an erased identity (/forget: no Telegram id, so no update
finds the contact) are kept apart and never undone here, so a paused person who unblocks is
welcomed back but still gets no bulk messages.

The router calls ``member_changed`` for ``my_chat_member`` updates (no flow sees them) and
``seen`` before routing any other update; both write in the update's transaction.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus

from bot.audit import audited
from bot.context import Ctx
from bot.i18n import N_
from storage.repos.audit import Action

# Translators: Any chat, unprompted: sent when a person who had blocked the bot unblocks
# it.
WELCOME_BACK = N_("Welcome back! You will get the network's messages again.")
# Translators: Any chat, unprompted: sent when a person who had blocked the bot unblocks
# it while their messages are still paused with /stop. /resume is a command: keep it as
# is.
WELCOME_BACK_PAUSED = N_(
    "Welcome back! Messages from the bot are still paused. /resume turns them back on."
)

# The bot's status in a private chat the person blocked; "left" is the same for other chats.
GONE = frozenset({ChatMemberStatus.BANNED, ChatMemberStatus.LEFT})


async def member_changed(update: Update, ctx: Ctx) -> None:
    """Marks the person unreachable on a block; on an unblock, active again and welcomed."""
    change = update.my_chat_member
    assert change is not None
    contact = ctx.contact
    if contact is None:
        # A stranger or a forgotten person: nothing to change, and a conversation row made
        # for this update would keep the chat id /forget erased.
        if ctx.conversation in ctx.session.new:
            ctx.session.expunge(ctx.conversation)
        return
    old, new = change.old_chat_member.status, change.new_chat_member.status
    if new in GONE:
        if contact.active:
            contact.active = False
            audited(ctx, Action.CONTACT_BLOCKED, update="my_chat_member")
        return  # no reply: Telegram would refuse it
    if new == ChatMemberStatus.MEMBER and old in GONE:
        _return(ctx, "my_chat_member")
        await ctx.say(ctx._(WELCOME_BACK_PAUSED if contact.opted_out else WELCOME_BACK))


def seen(ctx: Ctx) -> None:
    """A message or tap from the person: they can be reached, whatever a 403 said earlier."""
    _return(ctx, "message")


def _return(ctx: Ctx, kind: str) -> None:
    contact = ctx.contact
    if contact is not None and not contact.active and contact.forgotten_at is None:
        contact.active = True
        audited(ctx, Action.CONTACT_RETURNED, update=kind)
