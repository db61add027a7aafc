"""Button data: short, within Telegram's 64 bytes, and robust to junk."""

from __future__ import annotations

import pytest

from bot.flow import CALLBACK_DATA_LIMIT, ButtonData


def test_round_trip_scoped_and_global() -> None:
    scoped = ButtonData(255, "status", "12:done")
    assert scoped.encode() == "ff~status~12:done"
    assert ButtonData.decode(scoped.encode()) == scoped
    unscoped = ButtonData(None, "ci_start", "7")
    assert unscoped.encode() == "~ci_start~7"
    assert ButtonData.decode("~ci_start~7") == unscoped


def test_limit_counts_bytes_not_characters() -> None:
    # 31 characters of Skolt Sámi are 62 bytes: over the limit although short in characters
    arg = "ǩ" * 31
    assert len(f"1~a~{arg}") < CALLBACK_DATA_LIMIT
    with pytest.raises(ValueError, match="64 bytes"):
        ButtonData(1, "a", arg).encode()


@pytest.mark.parametrize(
    ("junk", "expected"),
    [
        (None, None),
        ("", None),
        ("lang:fi", None),  # another bot's or an old version's data: no separators
        ("zz~a~b", None),  # a generation that is not hexadecimal
        ("~~", ButtonData(None, "", "")),  # well-formed but empty: no route has action ""
    ],
)
def test_foreign_data_decodes_to_none_or_harmless(
    junk: str | None, expected: ButtonData | None
) -> None:
    assert ButtonData.decode(junk) == expected
