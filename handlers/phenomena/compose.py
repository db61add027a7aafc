"""Writing in parts: text, photos and voice messages, with their limits and the 112 notice.

A report's description (handlers/phenomena/conversation.py) and an addition to a sent report
(handlers/phenomena/follow_up_flow.py) are written the same way: every text message or
attachment is one part, stored at once so an interruption loses nothing; a part over Telegram's
limit, past the total or of a kind that cannot be stored gets one line saying why and leaves
what was given before as it was; and every part is read for words that suggest an emergency,
which brings the 112 notice back. This was written twice, with two different warnings (issue 9).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from telegram import Message

from bot.context import Ctx
from bot.flow import media_of
from bot.i18n import N_
from handlers.phenomena.emergency import suggests_emergency

MAX_MESSAGE: Final = 4096  # Telegram's own limit for one message
MAX_TOTAL: Final = 12000  # the whole text, all parts together
MAX_MEDIA: Final = 10
ACCEPTED_MEDIA: Final = ("photo", "voice", "video", "video_note")

# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), and /myreports (a reporter adds to a sent report), sent first, after ⚠️.
# 112 is Finland's emergency number: keep it.
SAFETY = N_(
    "Please note: this channel is not watched in real time. In an emergency, call 112 right away."
)
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), and /myreports (a reporter adds to a sent report), sent again after ⚠️ when
# a message mentions an emergency. 112 is the emergency number: keep it.
SAFETY_AGAIN = N_(
    "If someone is in danger now, call 112 right away. This channel is not watched in real time."
)
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), step 2: the message had no text.
EMPTY_TEXT = N_("The message was empty. Please write a few words about what is happening.")
# Translators: Phenomenon report (/phenomenon: a contact tells coordinators about a local
# phenomenon), and /myreports (a reporter adds to a sent report), one message is too long.
# %(length)s = its length in characters; %(limit)s = the limit, 4,096; numerals.
TOO_LONG = N_(
    "That message is %(length)s characters long; one message can have at most %(limit)s. "
    "Please send it in shorter parts: each part is added to your report."
)


@dataclass(frozen=True)
class Wording:
    """What a composer says in its own words (``N_`` texts): a report and an addition word
    these differently ("your description", "your addition")."""

    total_too_long: str  # with %(limit)s
    too_many_media: str  # with %(limit)s
    unsupported: str


@dataclass(frozen=True)
class Part:
    """One message taken as a part.

    ``text`` is the whole text with the part joined, or None when the part was refused (the
    person has been told why; nothing is to be stored). ``emergency``: the part suggests an
    emergency and the 112 notice was shown again, refused or not.
    """

    text: str | None
    attachment: dict[str, str] | None = None
    emergency: bool = False


async def warn_if_emergency(ctx: Ctx, text: str | None) -> bool:
    """Shows the 112 notice again when ``text`` suggests an emergency; True if it did."""
    if not suggests_emergency(text, ctx.tr.language):
        return False
    await ctx.say("⚠️ " + ctx._(SAFETY_AGAIN))
    return True


async def join_text(ctx: Ctx, current: str, text: str, total_too_long: str) -> str | None:
    """``current`` with ``text`` added as a new part; None (with a hint) when it cannot be taken."""
    if len(text) > MAX_MESSAGE:
        await ctx.say(
            ctx._(TOO_LONG)
            % {"length": ctx.tr.number(len(text)), "limit": ctx.tr.number(MAX_MESSAGE)}
        )
        return None
    joined = f"{current}\n\n{text}" if current else text
    if len(joined) > MAX_TOTAL:
        await ctx.say(ctx._(total_too_long) % {"limit": ctx.tr.number(MAX_TOTAL)})
        return None
    return joined


async def take_part(
    ctx: Ctx, message: Message | None, current: str, media_count: int, wording: Wording
) -> Part:
    """Reads a text message, or a photo, voice message or video with its caption, as the next
    part after ``current`` (the text so far) and ``media_count`` attachments."""
    if message is not None and message.text is not None:
        text = message.text.strip()
        if not text:
            await ctx.say(ctx._(EMPTY_TEXT))
            return Part(None)
        emergency = await warn_if_emergency(ctx, text)
        whole = await join_text(ctx, current, text, wording.total_too_long)
        return Part(whole, emergency=emergency)
    found = media_of(message)
    if message is None or found is None or found[0] not in ACCEPTED_MEDIA:
        await ctx.say(ctx._(wording.unsupported))
        return Part(None)
    if media_count >= MAX_MEDIA:
        await ctx.say(ctx._(wording.too_many_media) % {"limit": ctx.tr.number(MAX_MEDIA)})
        return Part(None)
    caption = (message.caption or "").strip()
    emergency = await warn_if_emergency(ctx, caption)
    joined: str | None = current
    if caption:
        joined = await join_text(ctx, current, caption, wording.total_too_long)
    if joined is None:
        return Part(None, emergency=emergency)
    kind, file_id = found
    return Part(joined, {"kind": kind, "file_id": file_id}, emergency)
