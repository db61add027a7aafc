"""Plain Finnish (selkosuomi, ``fi@selko``): a language to choose, formatted as Finnish, and
read in Finnish wherever it has no text of its own (issue 18)."""

from __future__ import annotations

import gettext
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.messages.mofile import write_mo

from bot import cli_types, i18n_tool
from bot.harness import LocalBot
from bot.i18n import ENDONYMS, LANGUAGES, LOCALES_DIR, PLAIN_FINNISH, Catalogs
from bot.language import choose_language
from storage.models import Contact, Organisation, OrgKind
from tests.helpers import has_buttons, make_invite, make_org

NOT_UNDERSTOOD = "I did not understand that. Please choose from the menu."


def test_the_code_is_one_babel_and_gettext_both_accept() -> None:
    """``fi-x-selko`` is refused by Babel; the POSIX modifier form is read by both."""
    assert PLAIN_FINNISH == "fi@selko"
    assert Locale.parse(PLAIN_FINNISH).modifier == "selko"
    assert Locale.parse(PLAIN_FINNISH).language == "fi"
    found = gettext.find("kylabot", str(LOCALES_DIR), languages=[PLAIN_FINNISH])
    assert found == str(LOCALES_DIR / "fi@selko" / "LC_MESSAGES" / "kylabot.mo")
    assert len(PLAIN_FINNISH) <= 8  # the language columns are String(8)


def test_plain_finnish_comes_right_after_finnish() -> None:
    assert LANGUAGES[:2] == ("fi", PLAIN_FINNISH)
    assert ENDONYMS[PLAIN_FINNISH] == "Selkosuomi"


def test_the_cli_takes_the_private_use_tag_too() -> None:
    assert cli_types.language("fi-x-selko") == PLAIN_FINNISH
    assert cli_types.language("FI@SELKO") == PLAIN_FINNISH
    assert cli_types.language_text("fi-x-selko=Hei kaikki") == (PLAIN_FINNISH, "Hei kaikki")


def test_plain_finnish_is_formatted_as_finnish() -> None:
    catalogs = Catalogs()
    plain, finnish = catalogs.get(PLAIN_FINNISH), catalogs.get("fi")
    when = datetime(2026, 5, 3, 9, 30, tzinfo=UTC)
    zone = ZoneInfo("Europe/Helsinki")
    assert plain.date(date(2026, 5, 3)) == "3. toukokuuta 2026"
    assert plain.datetime(when, zone) == finnish.datetime(when, zone)
    assert plain.time(when, zone) == "12.30"
    assert plain.number(12345.5) == "12\xa0345,5"
    assert plain.percent(0.72) == "72\xa0%"
    assert plain.locale == Locale("fi")
    assert [plain.plural_index(n) for n in (1, 2, 5)] == [0, 1, 1]


def test_a_message_the_plain_catalog_lacks_is_shown_in_finnish(tmp_path: Path) -> None:
    """A new message not yet written in plain Finnish reads as Finnish, never as English."""
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    po = i18n_tool.po_path(PLAIN_FINNISH, "kylabot")
    catalog = i18n_tool.read_catalog(po, PLAIN_FINNISH)
    catalog.delete(NOT_UNDERSTOOD)
    with (locales / PLAIN_FINNISH / "LC_MESSAGES" / "kylabot.mo").open("wb") as handle:
        write_mo(handle, catalog)
    catalogs = Catalogs(locales)
    assert catalogs.get(PLAIN_FINNISH)._(NOT_UNDERSTOOD) == catalogs.get("fi")._(NOT_UNDERSTOOD)
    assert Catalogs().get(PLAIN_FINNISH)._(NOT_UNDERSTOOD) == "En ymmärtänyt. Valitse valikosta."


def test_an_organisation_can_default_to_plain_finnish() -> None:
    organisation = Organisation(
        name="Nellimin kyläyhdistys", kind=OrgKind.VILLAGE_ASSOCIATION, language=PLAIN_FINNISH
    )
    contact = Contact(language=None, organisation=organisation)
    assert choose_language(contact, "fi") == PLAIN_FINNISH
    contact.language = "sv"  # the person's own choice wins
    assert choose_language(contact, "fi") == "sv"


@pytest.mark.e2e
async def test_the_picker_shows_selkosuomi_after_suomi(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(1801, "Aino", language_code="fi")
    await user.send_text(f"/start {await make_invite(local_bot, org)}")
    picker = await user.wait_for_message(has_buttons)
    labels = [text for row in picker.buttons for text, _ in row]
    catalogs = local_bot.services.catalogs
    assert labels == [catalogs.language_label(code) for code in LANGUAGES]
    assert [ENDONYMS[code] for code in LANGUAGES][:3] == ["Suomi", "Selkosuomi", "Svenska"]
