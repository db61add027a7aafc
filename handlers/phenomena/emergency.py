"""Words that suggest an emergency, per language, so the 112 notice is shown again.

Issue 12, item 11: matching every word as a prefix made "Dangerous crossing by the school"
an emergency ("danger"), and the coordinator saw the report marked as one. Each language now
lists whole words (matched only as a whole word) and real stems (a word that starts with the
stem: Finnish and Sámi inflect, "tulipalossa", "heahtedilli"). A text is checked against its
writer's language and, because people mix languages and the Sámi lists are drafts, against
Finnish and English too; Swedish "brand" is not matched in an English "brand new".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final


@dataclass(frozen=True)
class Words:
    whole: tuple[str, ...]  # only the word itself ("help", not "helpful")
    stems: tuple[str, ...] = ()  # the word and its inflections or compounds


# The Sámi entries are drafts for the native reviewer (see locales/GLOSSARY.md).
EMERGENCY_WORDS: Final[dict[str, Words]] = {
    "fi": Words(
        whole=("apua", "hätä", "hätää", "hätään", "hädässä"),
        stems=("tulipalo", "hätätila", "onnettomuu", "loukkaantu", "hengenvaar", "hukku", "kadonn"),
    ),
    "sv": Words(
        whole=(
            "hjälp",
            "brand",
            "branden",
            "brinner",
            "olycka",
            "olyckan",
            "skadad",
            "skadade",
            "livsfara",
            "försvunnen",
            "försvunnet",
            "försvunna",
        ),
        stems=("nödsituation", "nödläge"),
    ),
    "se": Words(
        whole=("veahkki", "veahki", "buollá", "buollin", "lihkuhisvuohta"),
        stems=("heahte", "heahti"),
    ),
    "smn": Words(whole=("iše", "tulâ", "veehi"), stems=("hääti",)),
    "sms": Words(whole=("veäʹǩǩ", "veäkk"), stems=()),
    "en": Words(
        whole=("help", "fire", "danger", "urgent", "missing", "injured", "hurt", "drowning"),
        stems=("emergenc", "accident"),
    ),
}
ALWAYS: Final = ("fi", "en")  # checked in every language's text


@cache
def _pattern(language: str) -> re.Pattern[str]:
    languages = dict.fromkeys((language, *ALWAYS))  # ordered, no repeats
    lists = [EMERGENCY_WORDS[code] for code in languages if code in EMERGENCY_WORDS]
    whole = [re.escape(w) for words in lists for w in words.whole]
    stems = [re.escape(s) for words in lists for s in words.stems]
    parts = [r"(?<!\d)112(?!\d)", r"(?<!\w)(?:" + "|".join(whole) + r")(?!\w)"]
    if stems:
        parts.append(r"(?<!\w)(?:" + "|".join(stems) + r")")
    return re.compile("|".join(parts), re.IGNORECASE)


def suggests_emergency(text: str | None, language: str) -> bool:
    """Whether ``text``, written by someone using ``language``, suggests an emergency."""
    return bool(text) and _pattern(language).search(text or "") is not None
