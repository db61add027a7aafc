"""Terminology check: each catalog uses its language's term for each key concept.

``locales/terms.yaml`` names the concepts (a broadcast, a phenomenon report, a check-in...), the
English words that mean them and each language's term. A translation of a message that names a
concept must use that term, and must not use another concept's term (North Sámi once called
both a report and a broadcast "dieđáhus", so "My reports" sat beside "Send a broadcast" with the
same noun). Machine-assisted Sámi catalogs drift like this unnoticed; a reviewer can only fix
what is listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from bot.i18n import LOCALES_DIR
from bot.i18n_tool import po_path, read_catalog

TERMS_FILE = LOCALES_DIR / "terms.yaml"
# Placeholders and /commands name no concept ("/broadcasts", "%(round)s").
_NOT_WORDS = re.compile(r"%\(\w+\)[sdif]|/\w+|\{\w*\}")


@dataclass(frozen=True)
class Concept:
    name: str
    source: re.Pattern[str]
    domains: tuple[str, ...]
    terms: dict[str, tuple[str, ...]]
    # Where each Sámi term is attested: dictionary, file and entry (issue 18).
    sources: dict[str, str] = field(default_factory=dict)

    def named_in(self, source: str) -> bool:
        return bool(self.source.search(_NOT_WORDS.sub(" ", source)))

    def used_in(self, language: str, translation: str, ignore: tuple[str, ...] = ()) -> bool:
        text = _NOT_WORDS.sub(" ", translation).casefold()
        terms = (t for t in self.terms.get(language, ()) if t not in ignore)
        return any(term.casefold() in text for term in terms)


@dataclass(frozen=True)
class Terms:
    concepts: tuple[Concept, ...]
    avoid: dict[str, tuple[re.Pattern[str], ...]]
    homonyms: dict[str, tuple[str, ...]]
    uncertain: dict[str, tuple[str, ...]]


@cache
def load() -> Terms:
    raw: dict[str, Any] = yaml.safe_load(TERMS_FILE.read_text(encoding="utf-8"))
    concepts = tuple(
        Concept(
            name,
            re.compile(spec["source"], re.IGNORECASE),
            tuple(spec["domains"]),
            {language: tuple(terms) for language, terms in spec["terms"].items()},
            dict(spec.get("sources", {})),
        )
        for name, spec in raw["concepts"].items()
    )
    avoid = {
        language: tuple(re.compile(p, re.IGNORECASE) for p in patterns)
        for language, patterns in raw.get("avoid", {}).items()
    }
    homonyms = {language: tuple(words) for language, words in raw.get("homonyms", {}).items()}
    uncertain = {language: tuple(terms) for language, terms in raw.get("uncertain", {}).items()}
    return Terms(concepts, avoid, homonyms, uncertain)


def problems(language: str) -> list[str]:
    """Every translation of ``language`` that misses a concept's term or uses another's."""
    terms = load()
    found = []
    domains = {domain for concept in terms.concepts for domain in concept.domains}
    for domain in sorted(domains):
        for message in read_catalog(po_path(language, domain), language):
            if not message.id:
                continue
            source = message.id if isinstance(message.id, str) else message.id[-1]
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in (str(s) for s in strings if s):
                found += check_message(terms, language, domain, str(source), text)
    return found


def check_message(terms: Terms, language: str, domain: str, source: str, text: str) -> list[str]:
    result = []
    where = f"{language}/{domain}: {source[:60]!r} -> {text[:60]!r}"
    concepts = [c for c in terms.concepts if domain in c.domains]
    named = {c.name for c in concepts if c.named_in(source)}
    for concept in concepts:
        # A concept with no sourced term in ``language`` is not checked there (terms.yaml).
        sourced = bool(concept.terms.get(language))
        if concept.name in named and sourced and not concept.used_in(language, text):
            result.append(f"{where}: lacks the term for {concept.name}")
        homonyms = terms.homonyms.get(language, ())
        if named and concept.name not in named and concept.used_in(language, text, homonyms):
            result.append(f"{where}: uses the term for {concept.name}, which it does not mean")
    for pattern in terms.avoid.get(language, ()):
        if pattern.search(text):
            result.append(f"{where}: uses {pattern.pattern!r}")
    return result
