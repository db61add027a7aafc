"""Paging: a page number from a button is clamped, and ◀ ▶ lead to the neighbouring pages."""

from __future__ import annotations

from bot.paging import Page, in_rows, page_of


def test_a_page_in_the_middle_has_both_arrows() -> None:
    page = page_of("1", total=21, size=8)
    assert page == Page(number=1, pages=3, size=8)
    assert page.offset == 8
    assert page.items(list(range(21))) == list(range(8, 16))
    assert page.nav("go") == [[("◀", "go", "0"), ("▶", "go", "2")]]


def test_the_first_and_the_last_page_have_one_arrow() -> None:
    assert page_of(0, total=21, size=8).nav("go") == [[("▶", "go", "1")]]
    last = page_of("2", total=21, size=8)
    assert last.items(list(range(21))) == [16, 17, 18, 19, 20]
    assert last.nav("go") == [[("◀", "go", "1")]]


def test_a_list_of_one_page_has_no_arrow_row() -> None:
    assert page_of("0", total=5, size=5).nav("go") == []


def test_stale_or_made_up_numbers_are_clamped() -> None:
    assert page_of("99", total=21, size=8).number == 2  # the list got shorter meanwhile
    assert page_of("-1", total=21, size=8).number == 0  # not digits: the first page
    assert page_of("x", total=21, size=8).number == 0
    assert page_of(-3, total=21, size=8).number == 0


def test_an_empty_list_is_one_empty_page() -> None:
    page = page_of("4", total=0, size=5)
    assert page == Page(number=0, pages=1, size=5)
    assert page.items([]) == []
    assert page.nav("go") == []


def test_every_item_is_on_exactly_one_page() -> None:
    for total in range(0, 30):
        for size in (1, 2, 5, 8):
            pages = page_of(0, total, size).pages
            seen = [
                item
                for number in range(pages)
                for item in page_of(number, total, size).items(list(range(total)))
            ]
            assert seen == list(range(total)), (total, size)


def test_buttons_two_to_a_row() -> None:
    buttons = [(str(i), "pick", str(i)) for i in range(5)]
    assert in_rows(buttons) == [buttons[0:2], buttons[2:4], buttons[4:5]]
    assert in_rows([]) == []
