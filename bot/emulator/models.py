"""Plain data types shared by the emulator's modules and its users.

They live apart from the server so tests and benchmarks can import them cheaply and so the
HTTP layer, the chat state and the emulated users agree on one vocabulary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

JSONDict = dict[str, Any]


class ApiError(Exception):
    """A Bot API error response, raised by method implementations and rendered by the server.

    Using an exception keeps the happy path of every method free of error plumbing; the
    server turns it into Telegram's ``{"ok": false, ...}`` shape with the same HTTP status.
    """

    def __init__(self, code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        body: JSONDict = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    """Build the 400 error Telegram uses for every validation failure."""
    return ApiError(400, f"Bad Request: {reason}")


@dataclass(frozen=True, slots=True)
class Upload:
    """A file part of a multipart request, decoupled from aiohttp's FileField."""

    filename: str | None
    content_type: str | None
    data: bytes


@dataclass(slots=True)
class SentMessage:
    """One message the bot sent to a chat, kept up to date when the bot edits it.

    ``text`` is the text *after* entity parsing (what the user sees), exactly like the
    ``text`` field Telegram returns; ``source_text`` keeps what the bot sent (with markup).
    ``seq`` is the position of the latest transcript event about this message, so
    ``EmulatedUser.wait_for_message(after=msg)`` can wait for something newer than it.
    """

    message_id: int
    chat_id: int
    text: str | None
    entities: list[JSONDict] = field(default_factory=list)
    reply_markup: JSONDict | None = None
    kind: str = "text"
    caption: str | None = None
    file_name: str | None = None
    file_bytes: bytes | None = None
    edited: int = 0
    date: int = 0
    raw: JSONDict = field(default_factory=dict)
    parse_mode: str | None = None
    source_text: str | None = None
    file_id: str | None = None
    seq: int = -1

    @property
    def content(self) -> str:
        """The visible body whatever the kind: text for text messages, caption for media."""
        if self.text is not None:
            return self.text
        return self.caption or ""

    @property
    def buttons(self) -> list[list[tuple[str, str]]]:
        """Inline keyboard rows as ``(text, callback_data)``; url buttons give their url."""
        return inline_rows(self.reply_markup)


def inline_rows(markup: JSONDict | None) -> list[list[tuple[str, str]]]:
    """Flatten an inline keyboard into ``(text, callback_data or url)`` rows."""
    if not markup:
        return []
    rows = markup.get("inline_keyboard")
    if not isinstance(rows, list):
        return []
    result: list[list[tuple[str, str]]] = []
    for row in rows:
        out: list[tuple[str, str]] = []
        for button in row:
            target = button.get("callback_data")
            if target is None:
                target = button.get("url", "")
            out.append((str(button.get("text", "")), str(target)))
        result.append(out)
    return result


@dataclass(frozen=True, slots=True)
class FaultPlan:
    """What can go wrong on the wire, per request of a matching method.

    Each request draws once from a seeded RNG, so a run is reproducible for the same
    request order. ``rate_drop`` closes the connection before the method runs (nothing is
    delivered); ``rate_lost_response`` runs the method and *then* drops the connection, which
    is how duplicates happen in real life when a client retries. ``rate_timeout`` holds the
    request ``timeout_hold`` seconds (longer than the client waits) and then drops it; half of
    those (drawn from the same RNG) ran the method first, as when Telegram took a message but its
    answer never came back in time, so a client cannot tell which. ``methods=None`` means all
    methods, including getUpdates.
    """

    latency: float = 0.0
    rate_429: float = 0.0
    retry_after: int = 1
    rate_5xx: float = 0.0
    rate_drop: float = 0.0
    methods: frozenset[str] | None = frozenset({"sendMessage"})
    seed: int = 0
    rate_lost_response: float = 0.0
    latency_everywhere: bool = False  # latency on every method, faults only on ``methods``
    rate_timeout: float = 0.0
    timeout_hold: float = 16.0  # the bot's sender gives up after 15 s

    def applies_to(self, method: str) -> bool:
        return self.methods is None or method in self.methods


@dataclass(slots=True)
class EmulatorStats:
    """Counters cheap enough to keep at thousands of requests per second."""

    requests: Counter[str] = field(default_factory=Counter)
    errors: Counter[int] = field(default_factory=Counter)
    sent_429: int = 0
    sent_5xx: int = 0
    drops: int = 0
    lost_responses: int = 0
    timeouts: int = 0
    # (chat_id, message_id) of messages delivered whose answer the client never got (a lost
    # response or a timeout after the method ran): a resend of one is Telegram's ambiguity,
    # not the bot's mistake, and benchmarks tell the two apart by this list.
    unanswered: list[tuple[int, int]] = field(default_factory=list)
    delivered: int = 0
    updates_queued: int = 0

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())

    def as_dict(self) -> JSONDict:
        return {
            "requests": dict(self.requests),
            "errors": {str(k): v for k, v in self.errors.items()},
            "sent_429": self.sent_429,
            "sent_5xx": self.sent_5xx,
            "drops": self.drops,
            "lost_responses": self.lost_responses,
            "timeouts": self.timeouts,
            "unanswered": len(self.unanswered),
            "delivered": self.delivered,
            "updates_queued": self.updates_queued,
        }
