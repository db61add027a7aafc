"""The Sámi catalogs write only their own letters (issue 18's outside check)."""

from __future__ import annotations

import pytest

from bot import i18n_tool
from bot.i18n import DOMAINS
from bot.i18n_orthography import SAMI, foreign_letters


@pytest.mark.parametrize("language", SAMI)
def test_catalog_letters_belong_to_the_orthography(language: str) -> None:
    """Issue 18: the Skolt catalog wrote ġ (U+0121) fourteen times for ǧ and ľ twice."""
    problems = []
    for domain in DOMAINS:
        for message in i18n_tool.read_catalog(i18n_tool.po_path(language, domain), language):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in (str(s) for s in strings if s and message.id):
                problems += [
                    f"{domain}: {text[:50]!r}: {p}" for p in foreign_letters(language, text)
                ]
    assert problems == []


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("sms", "Muʹttem äiʹġġ", ["'ġ': write ǧ (U+01E7), not ġ (U+0121)"]),
        ("sms", "tuõlľum", ["'ľ': write l: ľ is not a Skolt letter"]),
        ("sms", "Vaʹlljed ǩiõl, käunnʼjam", []),
        ("sms", "Va´lljed", ["'´': write ʹ (U+02B9), not the acute accent ´ (U+00B4)"]),
        ("se", "ðieđáhus", ["'ð': write đ (U+0111), not ð (eth)"]),
        ("se", "Vástit %(name)s /help", []),
        ("se", "õ", ["'õ' (U+00F5) is not a letter of se"]),
        ("smn", "Va'ljii", ["an apostrophe inside a word (Skolt writes ʼ U+02BC or ʹ U+02B9)"]),
        ("smn", "Valjii ’kielâ’.", []),
    ],
)
def test_a_foreign_letter_is_named(language: str, text: str, expected: list[str]) -> None:
    assert foreign_letters(language, text) == expected
