"""``kylabot chat`` driven as a person would: typed lines in, the bot's messages out."""

from __future__ import annotations

import subprocess
import sys

from bot.i18n import Catalogs


def test_chat_onboards_and_answers_in_inari_sami() -> None:
    # The language keyboard is the first keyboard: Suomi=1 ... Anarâškielâ=4, then "I agree"=1.
    lines = "4\n1\n/help\n:quit\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--lang", "smn"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    tr = Catalogs().get("smn")
    assert tr._("Change the language") in result.stdout
    assert "[4] Anarâškielâ" in result.stdout
