"""Every conversation flow played through the emulator in one language, for the reviewer's pages.

A native reviewer reads a message best where it stands: after the question it answers, beside
its buttons (issue 18). Each feature lists its walkthroughs (``Parts.walkthroughs``): a script
that plays one flow with people whose language is the reviewed one, against the real
application and the Bot API emulator, as ``make demo`` does. ``kylabot i18n pack`` renders what
their phones showed (``bot.i18n_pages``). Scripts tap buttons by their action, never by their
label, so one script serves every language; what people type comes from ``SAMPLES`` in their
language.

All walkthroughs of a language share one bot and database and run in the feature list's order
(``bot.walkthrough_run``): the village and the coordinators' office exist from the start, with
the example plan imported. A page shows a person's chat from the moment the walkthrough put it
on the page until the walkthrough ended, so a later walkthrough's broadcast never appears on an
earlier page.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.emulator import EmulatedUser, SentMessage
from bot.flow import ButtonData
from bot.i18n import Translator
from bot.walkthrough_samples import sample
from storage.models import Contact, Organisation, Role
from storage.repos.people import create_invite

if TYPE_CHECKING:  # the harness runs the application, which lists the features' walkthroughs
    from bot.harness import LocalBot

# A Tuesday morning in Helsinki: invitations are not held by quiet hours, and the dates on the
# pages are the same every time a pack is made.
START = datetime(2026, 11, 10, 8, 0, tzinfo=UTC)
VILLAGE = "Sevettijärven kyläyhdistys"  # the example plan's village association (Inari)
# Where the coordinators work: not in the plan, so a round's invitation is not on their pages.
OFFICE = "Lapin hyvinvointialue"
FIRST_USER_ID = 7001
ANSWER_TIMEOUT = 30.0  # seconds: several languages are played side by side on 2 cores

ArgTest = str | Callable[[str], bool] | None


class RunningClock:
    """Real time, started at ``START``: timestamps move on, the dates do not change."""

    def __init__(self, start: datetime = START) -> None:
        self._start = start
        self._base = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self._start + (datetime.now(UTC) - self._base)

    def advance(self, delta: timedelta) -> None:
        """Days pass (a reminder or a follow-up falls due)."""
        self._start += delta


@dataclass(frozen=True)
class Walkthrough:
    """One flow played for the reviewer: ``name`` is the page's file name, ``title`` and
    ``about`` its heading and first line (English: the page's frame, not a message), ``flows``
    the router's flows it goes through (a test checks every flow has a page)."""

    name: str
    title: str
    about: str
    flows: tuple[str, ...]
    play: Callable[[Stage], Awaitable[None]]


@dataclass(frozen=True)
class Toast:
    """The short notice (or alert) Telegram shows after a tap, answered to the query."""

    after: int  # the tap's position in the chat's log
    text: str
    alert: bool


@dataclass
class Phone:
    """A person's chat as a page shows it: log positions ``start`` to ``end``."""

    label: str
    user: EmulatedUser
    start: int
    end: int | None = None
    toasts: list[Toast] = field(default_factory=list)


@dataclass(frozen=True)
class Played:
    walkthrough: Walkthrough
    phones: tuple[Phone, ...]


class Stage:
    """What a walkthrough script works with: the bot, the language, people, taps and waits."""

    def __init__(
        self,
        bot: LocalBot,
        clock: RunningClock,
        language: str,
        village: Organisation,
        office: Organisation,
    ) -> None:
        self.bot = bot
        self.clock = clock
        self.language = language
        self.village = village
        self.office = office
        self.phones: list[Phone] = []
        self._next_id = FIRST_USER_ID

    @property
    def tr(self) -> Translator:
        return self.bot.services.catalogs.get(self.language)

    def text(self, key: str) -> str:
        """What a person writes, in the stage's language (``bot.walkthrough_samples``)."""
        return sample(key, self.language)

    def text_in(self, key: str, language: str) -> str:
        return sample(key, language)

    def new_user(self, name: str) -> EmulatedUser:
        """A Telegram user not known to the bot, whose app is set to the stage's language."""
        user_id, self._next_id = self._next_id, self._next_id + 1
        return self.bot.emulator.user(user_id, name, language_code=self.language)

    async def person(
        self,
        name: str,
        label: str,
        *,
        role: Role = Role.CONTACT,
        organisation: Organisation | None = None,
        show: bool = True,
    ) -> EmulatedUser:
        """Someone who has joined (as onboarding leaves them), shown on the page unless
        ``show`` is false."""
        user = self.new_user(name)
        org = organisation or (self.office if role is not Role.CONTACT else self.village)
        async with self.bot.services.write() as session:
            session.add(
                Contact(
                    telegram_user_id=user.id,
                    organisation_id=org.id,
                    role=role,
                    language=self.language,
                    display_name=name,
                    consent_at=self.bot.services.now(),
                    active=True,
                )
            )
        if show:
            self.show(user, label)
        return user

    def travel(self, moment: datetime) -> None:
        """Moves the bot's clock on to ``moment`` (a reminder or a follow-up falls due)."""
        self.clock.advance(moment - self.bot.services.now())

    def show(self, user: EmulatedUser, label: str) -> None:
        """Puts ``user``'s chat on the page from now on."""
        self.phones.append(Phone(label, user, user.mark() + 1))

    async def invite(self, role: Role = Role.CONTACT) -> str:
        """A fresh invite token to the village (or, for a coordinator, the office)."""
        org = self.village if role is Role.CONTACT else self.office
        async with self.bot.services.write() as session:
            found = await session.get(Organisation, org.id)
            assert found is not None
            issued = await create_invite(session, found, role, timedelta(days=14), START)
        return issued.token

    async def settle(self) -> None:
        """Waits until the bot has handled everything and sent what it queued."""
        await self.bot.settle(timeout=30.0)

    async def send(self, user: EmulatedUser, text: str) -> None:
        """Writes ``text`` and waits for the bot's answer to it."""
        mark = user.mark()
        await user.send_text(text)
        await self._answered(user, mark, None)

    async def send_location(self, user: EmulatedUser, latitude: float, longitude: float) -> None:
        mark = user.mark()
        await user.send_location(latitude, longitude)
        await self._answered(user, mark, None)

    async def job(self, work: Awaitable[object], *told: EmulatedUser) -> None:
        """Runs ``work`` (what a scheduled job does) and waits until each of ``told`` has its
        message from it."""
        marks = [user.mark() for user in told]
        await work
        self.bot.services.wake_sender()  # a job's rows are sent at once, as the scheduler's are
        for user, mark in zip(told, marks, strict=True):
            await self.reaction(user, mark)
        await self.settle()

    async def reaction(self, user: EmulatedUser, mark: int) -> None:
        """Waits for a message (or edit) to ``user`` after ``mark`` (``user.mark()``): what a
        job started outside the chat sends."""
        await self._answered(user, mark - 1, None)

    async def _answered(self, user: EmulatedUser, mark: int, query: str | None) -> None:
        """Waits until the bot has reacted to what ``user`` did after ``mark`` (a message, an
        edit, or the answer to the tap's query), then until it has finished: a quiet pipeline
        alone can be seen for a moment before an update is even fetched."""
        deadline = time.monotonic() + ANSWER_TIMEOUT
        seen = mark + 2  # the first event after the person's own
        while True:
            if user.mark() >= seen:  # new events: read only those
                if any(event[0] in ("<", "edit", "del") for event in user.events()[seen:]):
                    break
                seen = user.mark() + 1
            if any(a["callback_query_id"] == query for a in user.callback_answers):
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"the bot did not answer {user!r} in {ANSWER_TIMEOUT} s")
            await asyncio.sleep(0.002)
        await self.settle()

    async def tap(self, user: EmulatedUser, action: str, arg: ArgTest = None) -> None:
        """Taps the newest button with this action (and argument), whatever its label."""
        message, data = self.button(user, action, arg)
        await self._press(user, message, data)

    async def tap_label(self, user: EmulatedUser, label: str) -> None:
        """Taps the newest button labelled ``label``: a name that is data, not a message (a
        municipality, a person)."""
        for message in reversed(user.messages):
            for row in message.buttons:
                for text, data in row:
                    if text == label:
                        await self._press(user, message, data)
                        return
        raise LookupError(f"no button {label!r} in {user!r}'s chat")

    async def _press(self, user: EmulatedUser, message: SentMessage, data: str) -> None:
        query = await user.tap_data(data, message_id=message.message_id)
        mark = user.mark()
        await self._answered(user, mark - 1, str(query["id"]))
        for answer in user.callback_answers:
            if answer["callback_query_id"] == query["id"] and answer.get("text"):
                self._phone(user).toasts.append(
                    Toast(mark, str(answer["text"]), bool(answer["show_alert"]))
                )

    def button(
        self, user: EmulatedUser, action: str, arg: ArgTest = None
    ) -> tuple[SentMessage, str]:
        """The newest message with such a button, and the button's data. ``arg`` is the
        button's argument, or a test of it (``lambda arg: arg.endswith(".d")``)."""
        for message in reversed(user.messages):
            for row in message.buttons:
                for _label, data in row:
                    button = ButtonData.decode(data)
                    if button is None or button.action != action:
                        continue
                    if arg is None or (
                        button.arg == arg if isinstance(arg, str) else arg(button.arg)
                    ):
                        return message, data
        raise LookupError(f"no button {action}~{arg} in {user!r}'s chat")

    def _phone(self, user: EmulatedUser) -> Phone:
        for phone in reversed(self.phones):
            if phone.user is user:
                return phone
        raise LookupError(f"{user!r} is not on the page")

    def close(self) -> tuple[Phone, ...]:
        """Ends the page: each chat as it stands now, later messages left out."""
        for phone in self.phones:
            phone.end = phone.user.mark() + 1
        phones, self.phones = tuple(self.phones), []
        return phones
