"""Building message entities as Telegram does: UTF-16 offsets, and its parse error text."""

from __future__ import annotations

from typing import Any

from bot.emulator.models import ApiError, JSONDict, bad_request


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units (astral characters such as most emoji count twice)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def entity_error(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")


def byte_offset(src: str, index: int) -> int:
    return len(src[:index].encode("utf-8"))


class EntityBuilder:
    """Accumulates plain text and entities while a parser walks the source."""

    __slots__ = ("entities", "parts", "pos")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.entities: list[JSONDict] = []

    def add(self, chunk: str) -> None:
        if chunk:
            self.parts.append(chunk)
            self.pos += utf16_len(chunk)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        length = self.pos - start
        if length > 0:
            entity: JSONDict = {"type": kind, "offset": start, "length": length}
            entity.update(extra)
            self.entities.append(entity)

    def result(self) -> tuple[str, list[JSONDict]]:
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), self.entities
