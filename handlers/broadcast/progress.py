"""What the coordinator sees while a broadcast is sent and when it has finished."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.i18n import N_, NN_, Translator
from storage.repos.broadcast import Figures

# Translators: /broadcast (coordinators send one message to many contacts), the progress
# message, updated while sending. %(id)s = the broadcast's number; %(sent)s = delivered so
# far; %(total)s = to send; %(failed)s = failed; all numerals.
PROGRESS = N_("Broadcast #%(id)s: sent %(sent)s/%(total)s · %(failed)s failed")
# Translators: /broadcast (coordinators send one message to many contacts), the progress
# message, a second line. %(count)s = messages still waiting, a numeral; %(time)s = date
# and time of the next attempt.
WAITING = N_("%(count)s wait for the end of quiet hours or a retry (next at %(time)s).")
# Translators: /broadcast (coordinators send one message to many contacts), the progress
# message once everything is sent. %(id)s = the broadcast's number; %(sent)s = delivered;
# %(total)s = to send; %(failed)s = failed; all numerals.
FINISHED = N_("Broadcast #%(id)s finished: sent %(sent)s/%(total)s · %(failed)s failed")
# Translators: /broadcast (coordinators send one message to many contacts), the summary
# sent after the last delivery. %(id)s = the broadcast's number; %(sent)s = people who got
# it, a numeral; %(total)s = people it was sent to, a numeral (the plural form follows
# it).
SUMMARY = NN_(
    "Broadcast #%(id)s is done. %(sent)s of %(total)s person got it.",
    "Broadcast #%(id)s is done. %(sent)s of %(total)s people got it.",
)
# Translators: /broadcast (coordinators send one message to many contacts), the summary's
# second line when nothing failed.
ALL_DELIVERED = N_("Everyone got the message.")
# Translators: /broadcast (coordinators send one message to many contacts), the summary:
# the heading above the reasons, each line "• count: reason".
NOT_DELIVERED = N_("Not delivered:")
REASONS = {
    # Translators: /broadcast (coordinators send one message to many contacts), the summary
    # after sending, one line under "Not delivered:" after a count: why those messages did not
    # arrive.
    "blocked": N_("blocked the bot (marked as left)"),
    # Translators: /broadcast (coordinators send one message to many contacts), the summary
    # after sending, one line under "Not delivered:" after a count: why those messages did not
    # arrive.
    "stopped": N_("paused messages or left before their turn"),
    # Translators: /broadcast (coordinators send one message to many contacts), the summary
    # after sending, one line under "Not delivered:" after a count: why those messages did not
    # arrive.
    "timeout": N_("Telegram did not answer in time, even after retries"),
    # Translators: /broadcast (coordinators send one message to many contacts), the summary
    # after sending, one line under "Not delivered:" after a count: why those messages did not
    # arrive.
    "network": N_("connection failed, even after retries"),
    # Translators: /broadcast (coordinators send one message to many contacts), the summary
    # after sending, one line under "Not delivered:" after a count: why those messages did not
    # arrive.
    "server_error": N_("Telegram had errors, even after retries"),
    # Translators: /broadcast (coordinators send one message to many contacts), the summary
    # after sending, one line under "Not delivered:" after a count: why those messages did not
    # arrive.
    "chat_not_found": N_("the chat no longer exists"),
    # Translators: /broadcast (coordinators send one message to many contacts), the summary
    # after sending, one line under "Not delivered:" after a count: why those messages did not
    # arrive.
    "rejected": N_("Telegram refused the message"),
    # Translators: /broadcast (coordinators send one message to many contacts), the summary
    # after sending, one line under "Not delivered:" after a count: why those messages did not
    # arrive.
    "error": N_("other errors"),
}


def progress_text(tr: Translator, broadcast_id: int, figures: Figures, zone: ZoneInfo) -> str:
    failed = figures.failed + figures.blocked
    text = tr._(PROGRESS) % {
        "id": broadcast_id,
        "sent": tr.number(figures.sent),
        "total": tr.number(figures.total),
        "failed": tr.number(failed),
    }
    if figures.waiting and figures.next_due is not None:
        text += "\n" + tr._(WAITING) % {
            "count": tr.number(figures.waiting),
            "time": tr.datetime(figures.next_due, zone),
        }
    return text


def finished_text(tr: Translator, broadcast_id: int, figures: Figures) -> str:
    return tr._(FINISHED) % {
        "id": broadcast_id,
        "sent": tr.number(figures.sent),
        "total": tr.number(figures.total),
        "failed": tr.number(figures.failed + figures.blocked),
    }


def summary_text(tr: Translator, broadcast_id: int, figures: Figures) -> str:
    lines = [
        tr.counted(SUMMARY, figures.total)
        % {
            "id": broadcast_id,
            "sent": tr.number(figures.sent),
            "total": tr.number(figures.total),
        }
    ]
    reasons = not_delivered(figures)
    if not reasons:
        lines.append(tr._(ALL_DELIVERED))
        return "\n".join(lines)
    lines.append(tr._(NOT_DELIVERED))
    for reason, count in reasons:
        lines.append(f"• {tr.number(count)}: {reason_label(tr, reason)}")
    return "\n".join(lines)


def not_delivered(figures: Figures) -> list[tuple[str, int]]:
    """The failures by reason, most first: the failed deliveries' errors and the people who
    blocked the bot ("blocked"). The chat's summary and the desk list the same."""
    reasons = dict(figures.failures)
    if figures.blocked:
        reasons["blocked"] = figures.blocked
    return sorted(reasons.items(), key=lambda item: -item[1])


def reason_label(tr: Translator, reason: str) -> str:
    """A failure reason in words; an error the bot has no words for is "other errors"."""
    return tr._(REASONS.get(reason, REASONS["error"]))
