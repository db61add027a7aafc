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


@pytest.mark.parametrize("junk", [None, "", "lang:fi", "zz~a~b", "~~"])
def test_foreign_data_decodes_to_none_or_harmless(junk: str | None) -> None:
    decoded = ButtonData.decode(junk)
    assert decoded is None or decoded.action == ""
