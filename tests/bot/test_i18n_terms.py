"""Each catalog uses its glossary's term for each key concept (locales/terms.yaml)."""

from __future__ import annotations

import pytest

from bot import i18n_terms
from bot.i18n import LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_uses_its_terms(language: str) -> None:
    """Issue 12.3: sms check-in strings said "du" where the catalog says "tuu"; se called both a
    report and a broadcast "dieđáhus" ("Mu dieđáhusat" beside "Sádde dieđáhusa")."""
    assert i18n_terms.problems(language) == []


def test_every_concept_has_a_term_in_every_language() -> None:
    for concept in i18n_terms.load().concepts:
        assert sorted(concept.terms) == sorted(LANGUAGES), concept.name


def test_a_broadcast_called_by_the_report_term_is_caught() -> None:
    terms = i18n_terms.load()
    found = i18n_terms.check_message(
        terms, "se", "broadcast", "Send a broadcast", "Sádde dieđáhusa"
    )
    assert found == [
        "se/broadcast: 'Send a broadcast' -> 'Sádde dieđáhusa': lacks the term for broadcast"
    ]


def test_skolt_your_is_tuu() -> None:
    terms = i18n_terms.load()
    found = i18n_terms.check_message(terms, "sms", "checkin", "Your answers", "Du vasttõõzz")
    assert found == ["sms/checkin: 'Your answers' -> 'Du vasttõõzz': uses '\\\\bdu\\\\b'"]
