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


def test_a_word_the_outside_check_found_is_caught() -> None:
    """Skolt "kaav" is "wife" (coffee is kaaʹff): issue 18's first finding."""
    terms = i18n_terms.load()
    found = i18n_terms.check_message(terms, "sms", "events", "Virtual coffee", "Virtuaal kaav")
    assert found == ["sms/events: 'Virtual coffee' -> 'Virtuaal kaav': uses '\\\\bkaav\\\\b'"]


def test_a_broadcast_called_by_the_report_term_is_caught() -> None:
    """By the dictionaries a broadcast is dieđáhus ("tiedote") and a report almmuhus
    ("ilmoitus"); issue 18 found the catalog had them the other way round."""
    terms = i18n_terms.load()
    found = i18n_terms.check_message(
        terms, "se", "broadcast", "Send a broadcast", "Sádde almmuhusa"
    )
    assert found == [
        "se/broadcast: 'Send a broadcast' -> 'Sádde almmuhusa': lacks the term for broadcast"
    ]


def test_skolt_your_is_tuu() -> None:
    terms = i18n_terms.load()
    found = i18n_terms.check_message(terms, "sms", "checkin", "Your answers", "Du vasttõõzz")
    assert found == ["sms/checkin: 'Your answers' -> 'Du vasttõõzz': uses '\\\\bdu\\\\b'"]


def test_the_open_points_are_plain_lines() -> None:
    """An open point with ": " in it read as a YAML mapping and broke `make i18n-status`."""
    for language, points in i18n_terms.load().uncertain.items():
        assert [type(p) for p in points] == [str] * len(points), language
