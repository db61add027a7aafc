"""Properties of the catalog placeholder check (bot/i18n_tool.py placeholders_match).

A translation with the source's placeholders, in any order and among any words, passes; one
with a placeholder missing, added, renamed or of another type fails. A plural form may leave
out only the count ("yksi toimenpide" for 1).
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.i18n_tool import placeholders_match

NAMES = st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True)
TYPES = st.sampled_from("sdif")
named = st.builds(lambda name, kind: f"%({name}){kind}", NAMES, TYPES)
placeholder = st.one_of(named, TYPES.map(lambda kind: f"%{kind}"), NAMES.map("{{{}}}".format))
# Words around the placeholders: anything but the characters a placeholder is made of.
words = st.text(st.characters(blacklist_characters="%{}()"), max_size=15)
COUNTS = {"%(count)d", "%(n)d"}


def sentence(parts: list[str], fillers: list[str]) -> str:
    """``parts`` with a filler before each and one at the end."""
    pieces = [f"{filler}{part}" for filler, part in zip(fillers, parts, strict=False)]
    return "".join(pieces) + (fillers[len(parts)] if len(fillers) > len(parts) else "")


@st.composite
def source_and_translation(
    draw: st.DrawFn, *, min_size: int = 0
) -> tuple[list[str], str, list[str]]:
    """Placeholders, a source with them, and the same placeholders in another order."""
    parts = draw(st.lists(placeholder, min_size=min_size, max_size=5, unique=True))
    source = sentence(
        parts, draw(st.lists(words, min_size=len(parts) + 1, max_size=len(parts) + 1))
    )
    shuffled = draw(st.permutations(parts))
    return parts, source, shuffled


def translated(draw: st.DrawFn, parts: list[str]) -> str:
    fillers = draw(st.lists(words, min_size=len(parts) + 1, max_size=len(parts) + 1))
    return sentence(parts, fillers)


@given(source_and_translation(), st.booleans(), st.data())
def test_the_same_placeholders_in_any_order_pass(
    case: tuple[list[str], str, list[str]], plural: bool, data: st.DataObject
) -> None:
    _, source, shuffled = case
    assert placeholders_match(source, translated(data.draw, shuffled), plural)


@given(source_and_translation(min_size=1), st.booleans(), st.data())
def test_a_missing_placeholder_fails_unless_it_is_a_plurals_count(
    case: tuple[list[str], str, list[str]], plural: bool, data: st.DataObject
) -> None:
    _, source, shuffled = case
    gone = data.draw(st.sampled_from(shuffled))
    kept = [p for p in shuffled if p != gone]
    allowed = plural and gone in COUNTS
    assert placeholders_match(source, translated(data.draw, kept), plural) is allowed


@given(source_and_translation(), placeholder, st.booleans(), st.data())
def test_an_extra_placeholder_fails(
    case: tuple[list[str], str, list[str]], extra: str, plural: bool, data: st.DataObject
) -> None:
    parts, source, shuffled = case
    extended = [*shuffled, extra]
    if extra in parts and plural:
        return  # the same placeholder twice: a plural form may repeat one (checked as a set)
    assert not placeholders_match(source, translated(data.draw, extended), plural)


@given(source_and_translation(min_size=1), st.booleans(), st.data())
def test_a_renamed_or_retyped_placeholder_fails(
    case: tuple[list[str], str, list[str]], plural: bool, data: st.DataObject
) -> None:
    parts, source, shuffled = case
    index = data.draw(st.integers(0, len(shuffled) - 1))
    changed = data.draw(placeholder.filter(lambda p: p not in parts))
    renamed = [*shuffled[:index], changed, *shuffled[index + 1 :]]
    assert not placeholders_match(source, translated(data.draw, renamed), plural)


def test_the_plural_exception_is_only_the_count() -> None:
    source = "%(count)d measures for %(organisation)s"
    assert placeholders_match(source, "yksi toimenpide: %(organisation)s", plural=True)
    assert not placeholders_match(source, "%(count)d toimenpidettä", plural=True)
    assert not placeholders_match(source, "yksi toimenpide: %(organisation)s", plural=False)
