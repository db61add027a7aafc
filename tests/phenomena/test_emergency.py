"""Emergency words: whole words and real stems per language (issue 12, item 11)."""

from __future__ import annotations

import pytest

from handlers.phenomena.emergency import suggests_emergency


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fi", "Naapurissa on tulipalo!"),
        ("fi", "APUA, mummo kaatui"),
        ("fi", "Mies loukkaantui tiellä"),
        ("sv", "Det brinner i ladan"),
        ("sv", "Vi behöver hjälp"),
        ("sv", "Ett barn är försvunnet"),
        ("se", "Dát lea heahtedilli"),
        ("se", "Dárbbašan veahki"),
        ("smn", "Iše, tääl!"),
        ("smn", "Tulâ lii kuáđuist"),
        ("sms", "Veäʹǩǩ!"),
        ("sms", "Veäkk, pirrsa!"),
        ("en", "There is a fire on the road"),
        ("en", "A child is in danger"),
        ("en", "Two accidents this week"),
        ("sms", "Apua, tulipalo"),  # Finnish is matched in every language
        ("se", "call 112 now"),
    ],
)
def test_true_emergencies(language: str, text: str) -> None:
    assert suggests_emergency(text, language) is True


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fi", "Vaarallinen suojatie koulun luona"),
        ("fi", "Tie on huonossa kunnossa"),
        ("fi", "Hetta"),
        ("sv", "Vi behöver hjälpmedel till byahuset"),
        ("sv", "Farlig övergång vid skolan"),
        ("se", "Mii veahkehit boarrásiid"),
        ("se", "Skuvlla lahka lea várálaš luodda"),
        ("smn", "Išettâh-uv mu?"),
        ("smn", "Škoovlâ paldâ lii vaarâlâš kiäinu"),
        ("sms", "Veäkkteei pueʹtte jeäʹrben"),
        ("sms", "Škooul lââʹjjest lij vaarlaž kuäʹlǩ"),
        ("en", "Dangerous crossing by the school"),
        ("en", "Helpful neighbours cleared the road"),
        ("en", "Firewood delivery stopped"),
        ("en", "Our new brand of coffee"),  # Swedish "brand" only counts in Swedish
        ("fi", "1120 metres"),
        ("en", ""),
    ],
)
def test_false_emergencies(language: str, text: str) -> None:
    assert suggests_emergency(text, language) is False


def test_swedish_brand_counts_in_swedish() -> None:
    assert suggests_emergency("Brand i ladan", "sv") is True
