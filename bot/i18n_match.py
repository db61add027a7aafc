"""Which catalog messages a text on a phone shows: the translations, read as patterns.

A bubble is seldom one message: "Broadcast #1 to: Municipality: Inari" is two translations
with data in their placeholders, a report lists lines of several, and the phone wraps long
lines. Each translated form is turned into a pattern (its placeholders match any text, its
spaces any run of white space, a word at either end only a whole word) and looked for in the
text. The reviewer's pages name the messages of each bubble this way (``bot.i18n_pages``), and
the tests use the same index to prove a page shows no other language's message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from bot.i18n import DOMAINS, LOCALES_DIR
from bot.i18n_review import forms, ids
from bot.i18n_tool import po_path, read_catalog

# A message is known by its context and msgid (the singular of a plural one).
MessageKey = tuple[str | None, str]
# Under this many letters outside the placeholders a translation ("Ei", "Ja, %(place)s") says
# too little to be looked for inside a text (Finnish "ei" is in many a sentence); it is still
# recognised as a whole text, such as a button's.
MIN_LETTERS = 3
_SPACE = re.compile(r"\s+")
# bot.i18n_tool's placeholders, without a group: ``split`` keeps only the text between them
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


@dataclass(frozen=True)
class Template:
    """One translated form of one message, as a pattern."""

    key: MessageKey
    domain: str
    text: str
    pattern: re.Pattern[str] | None  # None: too short to look for inside a text
    anchor: str  # the longest word of its own text: a cheap first test
    whole: re.Pattern[str]  # the translation as a whole text

    @property
    def msgid(self) -> str:
        return self.key[1]


@dataclass(frozen=True)
class Found:
    """Where a template stands in a text: its span and the spans of its own words (the
    span minus its placeholders' values)."""

    template: Template
    start: int
    end: int
    literals: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, template: Template, match: re.Match[str], offset: int = 0) -> Found:
        """The place of ``match``; ``offset``: where the matched string starts in the text."""
        cuts = [match.span(group) for group in range(1, (match.re.groups or 0) + 1)]
        literals, position = [], match.start()
        for start, end in cuts:
            literals.append((position, start))
            position = end
        literals.append((position, match.end()))
        kept = tuple((a + offset, b + offset) for a, b in literals if b > a)
        return cls(template, match.start() + offset, match.end() + offset, kept)

    def covers(self, other: Found) -> bool:
        """Whether ``other`` stands inside this message's own words (not in a value)."""
        return any(a <= other.start and other.end <= b for a, b in self.literals)


def words_covered(found: Found, others: Iterable[Found]) -> bool:
    """Whether each of ``found``'s own words stands, at that place, among the own words of
    one of ``others``: then the reader sees those messages there, not ``found``'s."""
    spans = [span for other in others for span in other.literals]
    return all(any(a <= start and end <= b for a, b in spans) for start, end in found.literals)


def _regex(parts: list[str]) -> str:
    """The texts between placeholders, each placeholder any text, each space any spaces."""
    pieces = []
    for number, part in enumerate(parts):
        if number:
            pieces.append("(.+?)")
        pieces.append(r"\s+".join(re.escape(word) for word in _SPACE.split(part)))
    return "".join(pieces)


def template_pattern(text: str) -> tuple[re.Pattern[str] | None, str, re.Pattern[str]]:
    """The patterns of a translation: to search a text for (None if it has too few letters)
    with its anchor, and to match a whole text."""
    parts = [part.replace("%%", "%") for part in _PLACEHOLDER.split(text)]
    literal = "".join(p for p in parts if p)
    body = _regex(parts)
    whole = re.compile(
        _regex([p.replace("%%", "%") for p in _PLACEHOLDER.split(text.strip())]), re.DOTALL
    )
    if sum(ch.isalpha() for ch in literal) < MIN_LETTERS:
        return None, text.strip(), whole
    stripped = text.strip()
    if stripped[:1].isalnum():
        body = r"(?<!\w)" + body
    if stripped[-1:].isalnum():
        body += r"(?!\w)"
    anchor = max((w for p in parts if p for w in _SPACE.split(p)), key=len)
    return re.compile(body, re.DOTALL), anchor, whole


def templates_of(catalog: Catalog, domain: str) -> Iterator[Template]:
    """Every translated form of the catalog's messages; a short one ("Ij", "OK") is only
    recognised as a whole text (a button)."""
    for message in catalog:
        if not message.id:
            continue
        key: MessageKey = (message.context, ids(message)[0])
        for text in dict.fromkeys(forms(message)):
            if text.strip():
                yield Template(key, domain, text, *template_pattern(text))


class MessageIndex:
    """The recognisable messages of one language."""

    def __init__(self, language: str, templates: Iterable[Template]) -> None:
        self.language = language
        self.templates = tuple(templates)
        self.translations: dict[MessageKey, list[str]] = {}
        self.domains: dict[MessageKey, str] = {}
        for template in self.templates:
            self.translations.setdefault(template.key, []).append(template.text)
            self.domains.setdefault(template.key, template.domain)

    @classmethod
    def of(
        cls, language: str, locales: Path = LOCALES_DIR, domains: Iterable[str] = DOMAINS
    ) -> MessageIndex:
        templates: list[Template] = []
        for domain in domains:
            catalog = read_catalog(po_path(language, domain, locales), language)
            templates += templates_of(catalog, domain)
        return cls(language, templates)

    def find(self, text: str) -> list[Found]:
        """Every place in ``text`` where one of the messages stands."""
        found: list[Found] = []
        whole = text.strip()
        for template in self.templates:
            if template.pattern is None:
                match = template.whole.fullmatch(whole)
                if match is not None:
                    offset = text.index(whole)
                    found.append(Found.of(template, match, offset))
            elif template.anchor in text:
                found += (Found.of(template, m) for m in template.pattern.finditer(text))
        return found

    def keys_in(self, text: str) -> list[MessageKey]:
        """The messages ``text`` shows, the longest first, each once; a message inside a longer
        one's span ("Cancel" in "Cancel #2") is left out."""
        found = sorted(self.find(text), key=lambda f: (f.start - f.end, f.start))
        kept: list[Found] = []
        for candidate in found:
            # the same words in two messages (a word in two contexts) name both
            if not any(
                k.covers(candidate) and k.template.text != candidate.template.text for k in kept
            ):
                kept.append(candidate)
        return list(dict.fromkeys(f.template.key for f in sorted(kept, key=lambda f: f.start)))
