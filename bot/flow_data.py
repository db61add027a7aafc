"""A flow's data, typed: one dataclass per flow, kept in the conversation's JSON column.

Flows used to read ``ctx.data`` as a dict (41 reads in handlers, 16 of them wrapped in
``int(...)``, issue 9): a misspelt key or a value of the wrong kind showed only when a person
met it. A flow now declares what it keeps, once, and mypy checks every use (``Ctx`` no longer
offers the dict)::

    @dataclass
    class Answering(FlowData):
        round: int = 0
        ids: list[int] = field(default_factory=list)

    data = Answering.of(ctx)  # read
    data.idx = 2
    data.save(ctx)  # write: the whole record, as JSON

    with Answering.edit(ctx) as data:  # read, change, write
        data.idx = 2

The field names are the keys the flows stored before, so a conversation open at an upgrade goes
on where it was. Keys the class does not know are left out when it is read, missing ones take
their defaults; a value must be what JSON gives back (int, str, bool, None, and lists or dicts of
those). A record is a copy: a helper that changes the data takes the record as an argument
rather than reading its own, so two copies never overwrite each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from bot.context import Ctx


@dataclass
class FlowData:
    """Base of the flows' data classes (each a ``@dataclass`` whose fields all have defaults)."""

    @classmethod
    def of(cls, ctx: Ctx) -> Self:
        """This chat's flow data as the class's record (defaults for what is not stored)."""
        return cls.from_json(ctx.conversation.data)

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Self:
        names = {field.name for field in fields(cls)}
        return cls(**{key: value for key, value in stored.items() if key in names})

    def save(self, ctx: Ctx) -> None:
        """Stores the record as the chat's flow data (a new dict: SQLAlchemy sees the change)."""
        ctx.conversation.data = asdict(self)

    @classmethod
    @contextmanager
    def edit(cls, ctx: Ctx) -> Iterator[Self]:
        """Reads the record, lets the block change it, and stores it."""
        data = cls.of(ctx)
        yield data
        data.save(ctx)
