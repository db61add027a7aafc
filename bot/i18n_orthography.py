"""Letters that do not belong to a Sámi language's orthography (issue 18).

A machine-assisted draft mixes up look-alike letters that a reader sees at once and a test does
not, unless it knows the alphabet: the Skolt catalog had ġ (U+0121, Maltese) where Skolt writes
ǧ (U+01E7) and ľ (Slovak) which Skolt does not have. Each Sámi catalog may use the basic Latin
letters (names, "Telegram", commands) and its own letters, from CLDR's exemplar sets as
``locales/GLOSSARY.md`` section 11 lists them; anything else is reported. ð (eth) for đ, the
acute accent ´ for Skolt's prime ʹ, and an apostrophe (' or ’) inside a word are the usual
keyboard substitutes and are named separately.
"""

from __future__ import annotations

import re
import unicodedata

_BASIC = "abcdefghijklmnopqrstuvwxyz"
# Each language's own letters (lower case; capitals are checked by folding).
_LETTERS = {
    "se": _BASIC + "áčđŋšŧž",
    # å and ö are CLDR's auxiliary letters for Inari (loanwords, Finnish names).
    "smn": _BASIC + "âáäčđŋšžåö",
    # ʹ (U+02B9) is Skolt's softness mark and ʼ (U+02BC) its consonant separator: both letters.
    "sms": _BASIC + "âåäčđǧǥǩŋõšžʒǯ" + "ʹʼ",
}
# Keyboard substitutes, reported with the letter meant.
SUBSTITUTES = {
    "ð": "đ (U+0111), not ð (eth)",
    "ġ": "ǧ (U+01E7), not ġ (U+0121)",
    "ľ": "l: ľ is not a Skolt letter",
    "´": "ʹ (U+02B9), not the acute accent ´ (U+00B4)",
}
_APOSTROPHE_IN_WORD = re.compile(r"(?<=\w)['’](?=\w)")
# Placeholders, commands and links are not text in the language.
_NOT_TEXT = re.compile(r"%\(\w+\)[sdif]|/\w+|https?://\S+|\{\w*\}")


def foreign_letters(language: str, text: str) -> list[str]:
    """The characters of ``text`` that ``language`` does not write, each with what to write."""
    allowed = _LETTERS[language]
    text = _NOT_TEXT.sub(" ", unicodedata.normalize("NFC", text))
    found = []
    for char in dict.fromkeys(text):
        if char in SUBSTITUTES:
            found.append(f"{char!r}: write {SUBSTITUTES[char]}")
        elif unicodedata.category(char).startswith("L") and char.casefold() not in allowed:
            found.append(f"{char!r} (U+{ord(char):04X}) is not a letter of {language}")
    if _APOSTROPHE_IN_WORD.search(text):
        found.append("an apostrophe inside a word (Skolt writes ʼ U+02BC or ʹ U+02B9)")
    return found


SAMI = tuple(_LETTERS)
