"""The feature list is the one source of what the application contains."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Table

from bot.feature import DataSection, Feature, Parts, check_unique
from bot.features import FEATURES
from bot.i18n import DOMAINS, LOCALES_DIR
from handlers.privacy.mydata import NOT_IN_MYDATA
from storage.models import Base, load_all

HANDLERS = Path(__file__).resolve().parents[2] / "handlers"
PERSON_COLUMNS = {"chat_id", "telegram_user_id"}


def holds_personal_data(table: Table) -> bool:
    """A table that points at a contact, or keeps a Telegram chat or user id."""
    return any(
        foreign_key.column.table.name == "contact"
        for column in table.columns
        for foreign_key in column.foreign_keys
    ) or bool(PERSON_COLUMNS & {column.name for column in table.columns})


def test_mydata_covers_every_table_that_holds_personal_data() -> None:
    load_all()  # every table, not only those of the models this process has used so far
    personal = {t.name for t in Base.metadata.sorted_tables if holds_personal_data(t)}
    covered = {
        table
        for feature in FEATURES
        for section in feature.parts().data_sections
        for table in section.tables
    }
    assert "contact" in personal  # the derivation itself works
    assert sorted(personal - covered - NOT_IN_MYDATA.keys()) == []


def test_every_exemption_from_mydata_is_a_real_table_not_also_covered() -> None:
    load_all()
    tables = {t.name for t in Base.metadata.sorted_tables}
    covered = {t for f in FEATURES for s in f.parts().data_sections for t in s.tables}
    assert NOT_IN_MYDATA.keys() <= tables
    assert not NOT_IN_MYDATA.keys() & covered


def test_every_feature_folder_is_listed_and_every_listed_feature_is_a_folder() -> None:
    folders = sorted(p.parent.name for p in HANDLERS.glob("*/feature.py"))
    assert sorted(feature.name for feature in FEATURES) == folders


def test_each_feature_domain_has_its_catalog_and_every_catalog_a_feature() -> None:
    domains = {feature.domain for feature in FEATURES} | {"kylabot"}
    assert set(DOMAINS) == domains
    for domain in domains:
        assert (LOCALES_DIR / f"{domain}.pot").is_file()


async def _nothing(session: object, contact: object) -> None:
    return None


def test_two_sections_with_one_key_are_refused() -> None:
    """The old bug: two features defined the /mydata section "checkin_answers"."""
    first = Feature(name="a")
    second = Feature(name="b")
    parts = [
        Parts(data_sections=(DataSection("answers", ("answer",), _nothing),)),
        Parts(data_sections=(DataSection("answers", ("answer",), _nothing),)),
    ]
    with pytest.raises(ValueError, match="section 'answers' is defined twice"):
        check_unique([first, second], parts)


def test_the_features_wire_without_a_duplicate() -> None:
    check_unique(FEATURES, [feature.parts() for feature in FEATURES])
