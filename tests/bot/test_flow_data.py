"""Typed flow data: a record per flow, read from and written to the conversation's JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

from bot.context import Ctx
from bot.flow_data import FlowData


@dataclass
class Sample(FlowData):
    round: int = 0
    ids: list[int] = field(default_factory=list)
    answer: int | None = None


def _ctx(stored: dict[str, Any]) -> Ctx:
    return cast(Ctx, SimpleNamespace(conversation=SimpleNamespace(data=stored)))


def test_a_record_reads_the_stored_keys_and_defaults_the_rest() -> None:
    ctx = _ctx({"round": 7, "ids": [3, 4]})
    assert Sample.of(ctx) == Sample(round=7, ids=[3, 4], answer=None)


def test_keys_from_before_an_upgrade_that_the_record_does_not_know_are_left_out() -> None:
    ctx = _ctx({"round": 7, "theme_name": "Kylien turvallisuus"})
    assert Sample.of(ctx) == Sample(round=7)


def test_save_writes_the_whole_record_as_a_new_dict() -> None:
    stored: dict[str, Any] = {"round": 7}
    ctx = _ctx(stored)
    data = Sample.of(ctx)
    data.answer = 12
    data.save(ctx)
    assert ctx.conversation.data == {"round": 7, "ids": [], "answer": 12}
    assert ctx.conversation.data is not stored  # SQLAlchemy sees a JSON column change
    assert stored == {"round": 7}


def test_edit_stores_what_the_block_changed() -> None:
    ctx = _ctx({})
    with Sample.edit(ctx) as data:
        data.ids = [1, 2]
    assert ctx.conversation.data == {"round": 0, "ids": [1, 2], "answer": None}
    assert Sample.of(ctx).ids == [1, 2]
