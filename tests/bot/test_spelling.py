"""The Finnish and Swedish catalogs pass a real speller: Voikko (fi) and Hunspell's sv_FI (sv).

Both are Debian packages (libvoikko1 voikko-fi, hunspell hunspell-sv) that CI installs
(`.ci/run`, which also sets KYLABOT_REQUIRE_SPELLERS=1 so that a missing speller fails there);
on a developer's machine without them the tests skip and say what to install.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable

import pytest

from bot import i18n_tool
from bot.i18n import DOMAINS

# Names and Telegram words the dictionaries do not know; a word passes when it starts with one
# of these (so inflected forms pass too: "Telegramissa", "botista").
ALLOWED = {
    "fi": (
        "telegram",
        "bot",
        "kylabot",
        "csv",
        "excel",
        "cron",
        "id",
        "plan",
        "import",
        "hytu",
        "javascript",
    ),
    "sv": ("telegram", "kylabot", "csv", "cron", "hytu"),
}
_NOT_WORDS = re.compile(r"%\(\w+\)[sdif]|/\w+|https?://\S+|\{\w*\}")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
INSTALL = "apt-get install libvoikko1 voikko-fi hunspell hunspell-sv"


def catalog_words(language: str) -> set[str]:
    """Every word of every translation in ``language``'s catalogs."""
    words: set[str] = set()
    for domain in DOMAINS:
        for message in i18n_tool.read_catalog(i18n_tool.po_path(language, domain), language):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in strings if message.id else ():
                words.update(_WORD.findall(_NOT_WORDS.sub(" ", str(text))))
    return words


def misspelled(
    language: str, words: Iterable[str], spell: Callable[[list[str]], set[str]]
) -> list[str]:
    """Words the speller rejects, after the allow-list and, for a hyphenated compound
    ("Muokkaa-painikkeella", "CSV-tiedosto"), after checking its parts one by one."""
    allowed = ALLOWED[language]
    candidates = sorted(w for w in words if not w.casefold().startswith(allowed))
    rejected = spell(candidates)
    parts = sorted({p for w in rejected if "-" in w for p in w.split("-")})
    bad_parts = spell([p for p in parts if not p.casefold().startswith(allowed)])
    return sorted(w for w in rejected if "-" not in w or any(p in bad_parts for p in w.split("-")))


def _unavailable(reason: str) -> None:
    if os.environ.get("KYLABOT_REQUIRE_SPELLERS") == "1":
        pytest.fail(f"{reason} (KYLABOT_REQUIRE_SPELLERS=1): {INSTALL}")
    pytest.skip(f"{reason}; install it to check spelling: {INSTALL}")


def voikko() -> Callable[[list[str]], set[str]]:
    """Voikko's spell check through its C API (libvoikko.so.1, as python3-libvoikko does)."""
    try:
        lib = ctypes.CDLL("libvoikko.so.1")
    except OSError:
        _unavailable("Voikko (libvoikko1) is not installed")
    lib.voikkoInit.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_char_p, ctypes.c_char_p]
    lib.voikkoInit.restype = ctypes.c_void_p
    lib.voikkoSpellCstr.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.voikkoSpellCstr.restype = ctypes.c_int
    error = ctypes.c_char_p()
    handle = lib.voikkoInit(ctypes.byref(error), b"fi", None)
    if not handle:
        _unavailable(f"Voikko has no Finnish dictionary (voikko-fi): {error.value!r}")

    def spell(words: list[str]) -> set[str]:
        return {w for w in words if lib.voikkoSpellCstr(handle, w.encode("utf-8")) != 1}

    return spell


def hunspell_sv() -> Callable[[list[str]], set[str]]:
    """Hunspell's command line with Finland's Swedish dictionary (hunspell-sv ships sv_FI)."""
    if shutil.which("hunspell") is None:
        _unavailable("Hunspell is not installed")

    def spell(words: list[str]) -> set[str]:
        done = subprocess.run(
            ["hunspell", "-d", "sv_FI", "-i", "utf-8", "-l"],
            input="\n".join(words),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or "Can't open" in done.stderr:
            _unavailable(f"Hunspell has no sv_FI dictionary (hunspell-sv): {done.stderr.strip()}")
        return set(done.stdout.split())

    return spell


SPELLERS = {"fi": voikko, "sv": hunspell_sv}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_catalog_is_spelled_correctly(language: str) -> None:
    """Issue 12.4: the Finnish and Swedish catalogs were never spell-checked."""
    spell = SPELLERS[language]()
    assert misspelled(language, catalog_words(language), spell) == []


@pytest.mark.parametrize(
    ("language", "words", "expected"),
    [
        (
            "fi",
            ["kyselly", "Telegramissa", "Muokkaa-painikkeella", "Muokkaa-painikeela"],
            ["Muokkaa-painikeela", "kyselly"],
        ),
        ("sv", ["avstämmning", "Telegram", "CSV-fil", "åtgärd"], ["avstämmning"]),
    ],
)
def test_the_speller_catches_a_typo(language: str, words: list[str], expected: list[str]) -> None:
    assert misspelled(language, words, SPELLERS[language]()) == expected
