"""The emulated people of the chaos run: each answers the check-in as a person would.

A person waits for the invitation (a late organisation's people for the reminder), taps Start
(Continue), taps a status on the measure, writes a comment, and is done when the comment is
confirmed. When a colleague of the same organisation was quicker, the bot says everything is
answered and the person taps "Go through again" first. Every tap and comment that reached the
emulator is recorded, so the checks can look for each one in the database.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from dataclasses import dataclass, field

from bot.emulator import BotApiEmulator, EmulatedUser, SentMessage

INVITATION = "Check-in "
REMINDER = "Reminder: "
ALL_ANSWERED = "All measures of check-in"
ASK_COMMENT = "Add a comment?"
COMMENT_SAVED = "Your comment is saved"
STATUSES = {"done": "Done", "in_progress": "In progress", "not_done": "Not done"}


@dataclass
class Person:
    """One person's script and what they did."""

    index: int
    user: EmulatedUser
    late: bool
    status: str  # the MeasureStatus value they tap
    stage: str = "waiting"
    taps: int = 0  # updates they caused (taps and messages)
    answered: bool = False  # the status tap was made
    comment: str | None = None  # the comment sent
    finished: bool = False


@dataclass
class Crowd:
    people: list[Person]
    step_timeout: float
    think: tuple[float, float] = (0.5, 3.0)
    rng: random.Random = field(default_factory=lambda: random.Random(11))

    async def run(self, deadline: float) -> None:
        """Everyone acts at once; returns when all are done or stuck, or at ``deadline``."""
        loop = asyncio.get_running_loop()
        tasks = [asyncio.create_task(self._one(p, deadline)) for p in self.people]
        try:
            await asyncio.wait_for(
                asyncio.gather(*tasks, return_exceptions=True),
                max(1.0, deadline - loop.time()),
            )
        except TimeoutError:
            pass
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _pause(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.think))

    async def _one(self, person: Person, deadline: float) -> None:
        user = person.user
        loop = asyncio.get_running_loop()
        prefix, button = (REMINDER, "Continue") if person.late else (INVITATION, "Start")
        try:
            person.stage = "reminder" if person.late else "invitation"
            invitation = await user.wait_for_message(
                lambda m: (m.text or "").startswith(prefix),
                timeout=max(1.0, deadline - loop.time()),
                after=-1,
            )
            await self._pause()
            person.stage = "start"
            mark = user.mark()
            await user.tap_data(_button_data(invitation, button), invitation.message_id)
            person.taps += 1
            shown = await user.wait_for_message(
                lambda m: "1/1" in (m.text or "") or (m.text or "").startswith(ALL_ANSWERED),
                timeout=self.step_timeout,
                after=mark,
            )
            if (shown.text or "").startswith(ALL_ANSWERED):
                person.stage = "review"
                mark = user.mark()
                await user.tap_data(_button_data(shown, "Go through again"), shown.message_id)
                person.taps += 1
                shown = await user.wait_for_message(
                    lambda m: "1/1" in (m.text or ""), timeout=self.step_timeout, after=mark
                )
            await self._pause()
            person.stage = "status"
            mark = user.mark()
            await user.tap_data(_button_data(shown, STATUSES[person.status]), shown.message_id)
            person.taps += 1
            person.answered = True
            await user.wait_for_message(
                lambda m: ASK_COMMENT in (m.text or ""), timeout=self.step_timeout, after=mark
            )
            await self._pause()
            person.stage = "comment"
            text = f"chaos comment {person.index}"
            mark = user.mark()
            await user.send_text(text)
            person.taps += 1
            person.comment = text
            await user.wait_for_message(
                lambda m: COMMENT_SAVED in (m.text or ""), timeout=self.step_timeout, after=mark
            )
            person.stage = "finished"
            person.finished = True
        except (TimeoutError, LookupError):
            return  # stuck at ``stage``: reported, and the checks still count what was done


def _button_data(message: SentMessage, label: str) -> str:
    for row in message.buttons:
        for text, data in row:
            if text == label:
                return data
    raise LookupError(f"no button {label!r} on message {message.message_id}")


def crowd(
    emulator: BotApiEmulator, network_people: list[tuple[int, bool]], step_timeout: float
) -> Crowd:
    """People from ``(telegram id, late)`` pairs, each with a status of their own."""
    statuses = list(STATUSES)
    people = [
        Person(
            index,
            emulator.user(telegram_id, f"Person {index}", language_code="en"),
            late,
            statuses[index % len(statuses)],
        )
        for index, (telegram_id, late) in enumerate(network_people)
    ]
    return Crowd(people, step_timeout)


def stages(people: list[Person]) -> dict[str, int]:
    """Where the people who did not finish got stuck."""
    return dict(Counter(p.stage for p in people if not p.finished))
