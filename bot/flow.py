"""Guided conversations whose state lives in the database.

python-telegram-bot's ConversationHandler keeps its state in memory and its persistence loads
it once at start-up (python-telegram-bot#5225), so it cannot be the source of truth when a
restart must resume every open conversation or several processes share one database. A flow
here is declared the way ConversationHandler is (entry points, states, fallbacks; small async
callbacks returning the next state), but the router reads and writes the state in the
``conversation`` table on every update.

Button ``callback_data`` is ``<generation>~<action>~<arg>``: short ids, never labels, at most
64 bytes. The generation is the chat's conversation counter; a button from an earlier
conversation no longer matches and gets a clear "this button has expired" answer. Buttons meant
to work outside any conversation (a round invitation, a menu) carry an empty generation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Final

from telegram import Message, Update

from storage.models import Role

if TYPE_CHECKING:
    from bot.context import Ctx

END: Final = -1
CALLBACK_DATA_LIMIT: Final = 64  # bytes, not characters
SEPARATOR: Final = "~"

Callback = Callable[[Update, "Ctx"], Awaitable[int | None]]


@dataclass(frozen=True)
class ButtonData:
    generation: int | None
    action: str
    arg: str

    def encode(self) -> str:
        if SEPARATOR in self.action:  # the arg may hold it (split at the first two only)
            raise ValueError(f"button action {self.action!r} contains {SEPARATOR!r}")
        generation = "" if self.generation is None else format(self.generation, "x")
        data = f"{generation}{SEPARATOR}{self.action}{SEPARATOR}{self.arg}"
        if len(data.encode("utf-8")) > CALLBACK_DATA_LIMIT:
            raise ValueError(f"callback_data over {CALLBACK_DATA_LIMIT} bytes: {data!r}")
        return data

    @classmethod
    def decode(cls, data: str | None) -> ButtonData | None:
        if not data:
            return None
        parts = data.split(SEPARATOR, 2)
        if len(parts) != 3:
            return None
        generation, action, arg = parts
        try:
            return cls(int(generation, 16) if generation else None, action, arg)
        except ValueError:
            return None


class Matcher:
    """Decides whether a route takes an update; may put what it parsed on the context."""

    def match(self, update: Update, ctx: Ctx) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class Command(Matcher):
    name: str

    def match(self, update: Update, ctx: Ctx) -> bool:
        message = update.message
        if message is None or not message.text or not message.text.startswith("/"):
            return False
        head, *args = message.text.split()
        command = head[1:].split("@", 1)[0].lower()
        if command != self.name:
            return False
        ctx.args = args
        return True


@dataclass(frozen=True)
class Button(Matcher):
    action: str

    def match(self, update: Update, ctx: Ctx) -> bool:
        data = ctx.button_data
        if data is None or data.action != self.action:
            return False
        ctx.arg = data.arg
        return True


class Text(Matcher):
    """A plain text message that is not a command."""

    def match(self, update: Update, ctx: Ctx) -> bool:
        message = update.message
        return bool(message and message.text and not message.text.startswith("/"))


class Location(Matcher):
    def match(self, update: Update, ctx: Ctx) -> bool:
        return bool(update.message and update.message.location)


class Media(Matcher):
    """A photo, voice message, video, video note, audio or document."""

    def match(self, update: Update, ctx: Ctx) -> bool:
        return media_of(update.message) is not None


class AnyMessage(Matcher):
    def match(self, update: Update, ctx: Ctx) -> bool:
        return update.message is not None


def media_of(message: Message | None) -> tuple[str, str] | None:
    """(kind, file_id) of a message's media, or None."""
    if message is None:
        return None
    if message.photo:
        return "photo", message.photo[-1].file_id
    for kind in ("voice", "video", "video_note", "audio", "document"):
        item = getattr(message, kind)
        if item is not None:
            return kind, item.file_id
    return None


@dataclass(frozen=True)
class Route:
    matcher: Matcher
    callback: Callback
    min_role: Role | None = None  # None: anyone, even a person not yet onboarded


def on_command(name: str, callback: Callback, min_role: Role | None = Role.CONTACT) -> Route:
    return Route(Command(name), callback, min_role)


def on_button(action: str, callback: Callback, min_role: Role | None = Role.CONTACT) -> Route:
    return Route(Button(action), callback, min_role)


def on_text(callback: Callback) -> Route:
    return Route(Text(), callback)


def on_location(callback: Callback) -> Route:
    return Route(Location(), callback)


def on_media(callback: Callback) -> Route:
    return Route(Media(), callback)


def on_any_message(callback: Callback) -> Route:
    return Route(AnyMessage(), callback)


@dataclass(frozen=True)
class MenuItem:
    """An entry of the main menu; pressing it sends the global button ``action``."""

    label: str  # marked with N_() where defined, translated when shown
    action: str
    min_role: Role = Role.CONTACT
    position: int = 50


@dataclass(frozen=True)
class Flow:
    """A guided conversation: how it is entered, its states, and what ends or redirects it.

    ``reprompt`` is called when input does not fit the current state (a sticker where a button
    is expected, a stale button): it should explain and ask the current question again, and must
    not change anything already stored. ``reprompts`` gives a state its own (the router picks it,
    so a flow's reprompt need not dispatch on the state by hand); ``reprompt`` serves the rest.

    ``domain`` is the catalog its strings are extracted into (``i18n_tool.domain_of`` of its
    module); the router looks the flow's texts up there first.

    ``role`` is the minimum role of every route of the flow (entry points, states, fallbacks),
    text and media routes included: a route's own ``min_role`` can only raise it. The router
    applies it once, when it is built (``with_flow_role``), so a coordinator flow says so once
    instead of on each of its buttons.
    """

    name: str
    states: Mapping[int, Sequence[Route]]
    entry_points: Sequence[Route] = ()
    fallbacks: Sequence[Route] = ()
    reprompt: Callback | None = None
    reprompts: Mapping[int, Callback] = field(default_factory=dict)
    menu: Sequence[MenuItem] = field(default_factory=tuple)
    commands: Sequence[tuple[str, str, Role]] = ()  # (command, N_(description), min role)
    domain: str = "kylabot"
    role: Role | None = None

    def reprompt_for(self, state: int | None) -> Callback | None:
        """What asks ``state``'s question again: its own reprompt, else the flow's."""
        if state is not None and state in self.reprompts:
            return self.reprompts[state]
        return self.reprompt


def stricter(first: Role | None, second: Role | None) -> Role | None:
    """The higher of two minimum roles (``None`` is "anyone")."""
    if first is None:
        return second
    if second is None:
        return first
    return first if first.rank >= second.rank else second


def with_flow_role(flow: Flow) -> Flow:
    """The flow with its ``role`` folded into every route's ``min_role``."""
    if flow.role is None:
        return flow

    def routes(declared: Sequence[Route]) -> tuple[Route, ...]:
        return tuple(
            replace(route, min_role=stricter(route.min_role, flow.role)) for route in declared
        )

    return replace(
        flow,
        entry_points=routes(flow.entry_points),
        states={state: routes(declared) for state, declared in flow.states.items()},
        fallbacks=routes(flow.fallbacks),
    )
