"""The draft hook: a step gets its draft, or the flow ends with the feature's "gone" message."""

from __future__ import annotations

from typing import Any, cast

from telegram import Update

from bot.context import Ctx
from bot.drafts import end_with, with_draft
from bot.flow import END


class FakeCtx:
    """Records what a callback said; only what ``end_with`` uses."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def _(self, message: str) -> str:
        return f"[{message}]"

    async def answer(self) -> None:
        self.calls.append(("answer", None))

    async def say(self, text: str) -> None:
        self.calls.append(("say", text))

    async def show(self, text: str) -> None:
        self.calls.append(("show", text))


UPDATE = cast(Update, None)  # the hook passes the update through untouched


def _ctx(fake: FakeCtx) -> Ctx:
    return cast(Ctx, fake)


async def test_a_step_gets_the_draft_the_loader_found() -> None:
    seen: list[str] = []

    async def load(ctx: Ctx) -> str | None:
        return "draft 7"

    drafted = with_draft(load, end_with("gone"))

    @drafted
    async def step(update: Update, ctx: Ctx, draft: str) -> int | None:
        """Uses the draft."""
        seen.append(draft)
        return 3

    fake = FakeCtx()
    assert await step(UPDATE, _ctx(fake)) == 3
    assert seen == ["draft 7"]
    assert fake.calls == []
    assert (step.__name__, step.__doc__) == ("step", "Uses the draft.")


async def test_a_missing_draft_ends_the_flow_without_running_the_step() -> None:
    seen: list[str] = []

    async def load(ctx: Ctx) -> str | None:
        return None

    @with_draft(load, end_with("gone"))
    async def step(update: Update, ctx: Ctx, draft: str) -> int | None:
        seen.append(draft)
        return 3

    fake = FakeCtx()
    assert await step(UPDATE, _ctx(fake)) == END
    assert seen == []
    assert fake.calls == [("answer", None), ("say", "[gone]")]


async def test_gone_can_replace_the_pressed_message() -> None:
    fake = FakeCtx()
    assert await end_with("gone", edit=True)(_ctx(fake)) == END
    assert fake.calls == [("answer", None), ("show", "[gone]")]
