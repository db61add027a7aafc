"""Lists longer than one message's worth of buttons, a page at a time.

A page number travels in a button's ``arg`` (``◀`` and ``▶`` carry the neighbouring pages), so a
stale or hand-made number must never fail: it is clamped to the pages there are. Three lists
built this by hand (the reporter's and the coordinators' municipality pickers, the coordinators'
report list; issue 9); they share this now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.context import ButtonSpec

T = TypeVar("T")

PREVIOUS = "◀"
NEXT = "▶"


@dataclass(frozen=True)
class Page:
    """One page of a list of ``total`` items, ``size`` a page; ``number`` counts from 0."""

    number: int
    pages: int
    size: int

    @property
    def offset(self) -> int:
        """Index of the page's first item in the whole list."""
        return self.number * self.size

    def items(self, everything: Sequence[T]) -> list[T]:
        """This page's part of ``everything``."""
        return list(everything[self.offset : self.offset + self.size])

    def nav(self, action: str) -> list[list[ButtonSpec]]:
        """The ``◀ ▶`` row (each sends ``action`` with the page it leads to), or no row at all
        on a list of one page."""
        row: list[ButtonSpec] = []
        if self.number > 0:
            row.append((PREVIOUS, action, str(self.number - 1)))
        if self.number < self.pages - 1:
            row.append((NEXT, action, str(self.number + 1)))
        return [row] if row else []


def page_of(arg: str | int, total: int, size: int) -> Page:
    """The page a button asked for (``ctx.arg``), clamped to the pages of ``total`` items;
    anything that is not a number means the first page."""
    if isinstance(arg, str):
        arg = int(arg) if arg.isdigit() else 0
    pages = max(1, -(-total // size))
    return Page(number=max(0, min(arg, pages - 1)), pages=pages, size=size)


def in_rows(buttons: Sequence[ButtonSpec], width: int = 2) -> list[list[ButtonSpec]]:
    """``buttons`` laid out ``width`` to a row (short labels such as municipalities)."""
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]
