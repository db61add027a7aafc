"""Each catalog uses its glossary's term for each key concept (locales/terms.yaml)."""

from __future__ import annotations

import re

import pytest

from bot import i18n_terms
from bot.i18n import LANGUAGES
from bot.i18n_orthography import SAMI


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_uses_its_terms(language: str) -> None:
    """Issue 12.3: sms check-in strings said "du" where the catalog says "tuu"; se called both a
    report and a broadcast "dieđáhus" ("Mu dieđáhusat" beside "Sádde dieđáhusa")."""
    assert i18n_terms.problems(language) == []


def test_every_concept_has_a_term_in_every_language() -> None:
    """Every language is listed; only a Sámi language may have no term (none is sourced yet)."""
    for concept in i18n_terms.load().concepts:
        assert sorted(concept.terms) == sorted(LANGUAGES), concept.name
        unsourced = sorted(lang for lang, terms in concept.terms.items() if not terms)
        assert set(unsourced) <= set(SAMI), concept.name


# The public references a Sámi term may cite (issue 18).
REFERENCES = re.compile(
    r"^(dict-sme-fin|dict-fin-sme|dict-smn-fin|dict-fin-smn|dict-sme-smn|dict-sms-mul|lang-sms|"
    r"mediawiki) \S+ .*\w+ '[^']+'|-> \w+"
)


@pytest.mark.parametrize("language", SAMI)
def test_every_sami_term_names_its_dictionary_entry(language: str) -> None:
    """Issue 18: terms.yaml enforced words that say something else (smn "juuhâ", a river, for a
    round); a Sámi term is listed only with the dictionary file and entry that give it."""
    for concept in i18n_terms.load().concepts:
        source = concept.sources.get(language, "")
        if concept.terms[language]:
            assert REFERENCES.search(source), f"{concept.name}/{language}: {source!r}"
        else:
            assert source == "", concept.name


@pytest.mark.parametrize(
    ("language", "domain", "source", "text", "avoided"),
    [
        ("sms", "events", "Virtual coffee", "Virtuaal kaav", r"\bkaav\b"),  # "wife"
        ("sms", "phenomena", "Your files", "Tuu teâttõõzz", r"\bteâttõ"),  # "file"
        ("smn", "checkin", "Latest rounds:", "Majemuuh juuhâh:", "(?<!ucc)juuhâ"),  # "river"
        ("smn", "phenomena", "The whole village", "Olles siida", r"\bsiida\b"),  # North Sámi
        ("smn", "checkin", "Total", "Oktii", r"\boktii\b"),
        ("se", "kylabot", "Cancel", "Gaskkalduhte", "gaskkalduht"),  # "interrupt"
        ("se", "events", "You can meet in: %(languages)s", "Dehe sáhttibehtet", r"^dehe\b"),
    ],
)
def test_a_word_the_outside_check_found_is_caught(
    language: str, domain: str, source: str, text: str, avoided: str
) -> None:
    """Issue 18's outside check: words that say something else stay out of the catalogs."""
    found = i18n_terms.check_message(i18n_terms.load(), language, domain, source, text)
    assert found == [f"{language}/{domain}: {source!r} -> {text!r}: uses {avoided!r}"]


def test_the_open_points_are_plain_lines() -> None:
    """An open point with ": " in it read as a YAML mapping and broke `make i18n-status`."""
    for language, points in i18n_terms.load().uncertain.items():
        assert [type(p) for p in points] == [str] * len(points), language
