"""The shipped example plan carries the languages it claims, and a text in another language
is marked for the reader (issue 12, item 2)."""

from __future__ import annotations

import pytest

from bot.harness import LocalBot
from handlers.checkin.plan_file import load_plan_file
from handlers.checkin.rounds import START, localized_marked
from handlers.checkin.seed import EXAMPLE_PLAN, load_seed
from tests.checkin.support import invited_contact, label
from tests.helpers import has_buttons

ALL = {"fi", "sv", "se", "smn", "sms", "en"}
DEMO_VILLAGE_MEASURES = {"ky-1", "ky-2", "ky-3", "to-2"}


def test_example_plan_has_the_languages_its_header_claims() -> None:
    spec = load_plan_file(EXAMPLE_PLAN)
    assert set(spec.name) == ALL
    for theme in spec.themes:
        assert set(theme.name) == ALL, theme.key
        for measure in theme.measures:
            wanted = ALL if measure.key in DEMO_VILLAGE_MEASURES else {"fi", "sv", "en"}
            assert wanted <= set(measure.title), measure.key
            if measure.description:  # optional; when given, in the same languages as the title
                assert wanted <= set(measure.description), measure.key


def test_a_fallback_names_its_language() -> None:
    texts = {"fi": "Kylätalo", "sv": "Byhuset"}
    assert localized_marked(texts, "sv") == "Byhuset"
    assert localized_marked(texts, "sms") == "Kylätalo [Suomi]"
    assert localized_marked({"en": "Village hall"}, "se") == "Village hall [English]"
    assert localized_marked({}, "se") == ""


@pytest.mark.e2e
async def test_skolt_contact_sees_which_texts_are_finnish(local_bot: LocalBot) -> None:
    bot = local_bot
    user = await invited_contact(bot, "Inarin kunta", 5101, "sms")
    await user.tap(label(bot, "sms", START))
    first = await user.wait_for_message(has_buttons)
    lines = (first.text or "").split("\n")
    assert lines[:3] == [
        "1/4 · Leʹvddõõzz staanvuõtt",  # the theme has a Skolt Sámi name
        "",
        "Moottorikelkkareittien turvallisuusviestintä [Suomi]",  # the measure has none
    ]


def test_seed_comment_is_written_in_the_demo_language() -> None:
    answer = load_seed()["ky-2"]
    assert answer.comment == "Aggregaatti hankittu."  # an import stores the Finnish one
    assert answer.comment_in("sms") == "Generaattor lij ooʹstum."
    assert answer.comment_in("sv") == "Ett elverk har skaffats."
    assert load_seed()["lt-5"].comment_in("se") == "Rahoitus ei riittänyt."  # only Finnish given
