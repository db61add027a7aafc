"""Properties of button data (bot/flow.py ButtonData): what is encoded decodes to itself, the
64-byte limit is counted in bytes, and any text a client sends decodes without an exception."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.flow import CALLBACK_DATA_LIMIT, SEPARATOR, ButtonData

generations = st.none() | st.integers(0, 2**40)
actions = st.text(st.characters(blacklist_characters=SEPARATOR), max_size=20)
# Arguments may hold the separator ("12~done"): only the first two separate the fields.
args = st.text(max_size=40) | st.lists(st.text(max_size=8), max_size=4).map(SEPARATOR.join)


@given(generations, actions, args)
def test_encoded_data_decodes_to_itself_or_is_refused_for_its_bytes(
    generation: int | None, action: str, arg: str
) -> None:
    button = ButtonData(generation, action, arg)
    hex_generation = "" if generation is None else format(generation, "x")
    size = len(f"{hex_generation}~{action}~{arg}".encode())
    if size > CALLBACK_DATA_LIMIT:
        with pytest.raises(ValueError, match="64 bytes"):
            button.encode()
        return
    data = button.encode()
    assert len(data.encode()) == size
    assert ButtonData.decode(data) == button


@given(generations, st.tuples(actions, actions).map(SEPARATOR.join), args)
def test_an_action_with_the_separator_is_refused(
    generation: int | None, action: str, arg: str
) -> None:
    with pytest.raises(ValueError, match="contains"):
        ButtonData(generation, action, arg).encode()


@given(st.none() | st.text(max_size=80) | args)
def test_any_data_decodes_to_a_button_or_none(data: str | None) -> None:
    """A client may send anything: it is a button (the fields between the first two
    separators) or nothing, never an exception."""
    decoded = ButtonData.decode(data)
    if decoded is not None:
        assert data is not None
        _, action, arg = data.split(SEPARATOR, 2)
        assert (decoded.action, decoded.arg) == (action, arg)
