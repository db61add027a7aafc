"""Reading raw values into a dataclass's typed fields: conversions, bounds, parse and check."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest

from bot.config_fields import Invalid, Rule, Secret, read_fields, setting


def _upper(value: str) -> str:
    return value.upper()


def _words(value: object) -> tuple[str, ...]:
    if not isinstance(value, str):
        raise ValueError("words")
    return tuple(value.split())


@dataclass(frozen=True, slots=True)
class Sample:
    name: str = setting("x", check=_upper)
    nickname: str | None = None
    count: int = setting(1, ge=0)
    ratio: float = 0.5
    enabled: bool = False
    key: Secret | None = None
    words: tuple[str, ...] = setting((), parse=_words)


def test_only_the_given_fields_are_read() -> None:
    assert read_fields(Sample, {}) == {}
    assert read_fields(Sample, {"name": "a", "other": "ignored"}) == {"name": "A"}


def test_each_type_is_converted() -> None:
    read = read_fields(
        Sample,
        {
            "nickname": "n",
            "count": "2",
            "ratio": "0.25",
            "enabled": "yes",
            "key": "k",
            "words": "a b",
        },
    )
    assert read == {
        "nickname": "n",
        "count": 2,
        "ratio": 0.25,
        "enabled": True,
        "key": Secret("k"),
        "words": ("a", "b"),
    }


def test_none_is_taken_only_where_the_annotation_allows_it() -> None:
    assert read_fields(Sample, {"nickname": None, "key": None}) == {"nickname": None, "key": None}
    with pytest.raises(Invalid) as caught:
        read_fields(Sample, {"count": None})
    assert (caught.value.name, caught.value.expected) == ("count", "a whole number at least 0")


def test_the_parse_replaces_the_conversion_by_type() -> None:
    with pytest.raises(Invalid) as caught:
        read_fields(Sample, {"words": 3})
    assert (caught.value.name, caught.value.expected) == ("words", "words")


@pytest.mark.parametrize(
    ("rule", "kind", "expected"),
    [
        (Rule(ge=1, le=60), "a whole number", "a whole number from 1 to 60"),
        (Rule(ge=0), "a whole number", "a whole number at least 0"),
        (Rule(gt=0), "a number", "a number greater than 0"),
        (Rule(gt=0, le=60), "a number", "a number greater than 0 and at most 60"),
        (Rule(), "a number", "a number"),
    ],
)
def test_bounds_in_words(rule: Rule, kind: str, expected: str) -> None:
    assert rule.expected(kind) == expected


@pytest.mark.parametrize("value", [math.nan, -math.inf, 0.0, 60.5])
def test_values_outside_bounds_are_refused(value: float) -> None:
    with pytest.raises(ValueError) as caught:
        Rule(gt=0, le=60).within(value, "a number")
    assert str(caught.value) == "a number greater than 0 and at most 60"


def test_a_type_without_a_converter_is_a_wiring_mistake() -> None:
    @dataclass(frozen=True)
    class Odd:
        when: complex = 0j

    with pytest.raises(TypeError) as caught:
        read_fields(Odd, {"when": "1j"})
    assert str(caught.value) == "Odd.when: no converter for <class 'complex'>; give a parse"


def test_a_secret_compares_by_value_and_never_prints() -> None:
    assert Secret("a") == Secret("a") and Secret("a") != Secret("b")
    assert (repr(Secret("a")), str(Secret("a"))) == ("Secret('**********')", "**********")
