"""The catalogs: complete, not fuzzy, placeholders intact, really translated, in sync."""

from __future__ import annotations

import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import i18n_tool
from bot.app import build_router
from bot.features import FEATURES
from bot.i18n import DOMAINS, LANGUAGES, Catalogs, normalise_language
from handlers.checkin import rounds_flow as checkin_rounds
from handlers.checkin.report import STATUS_LABELS
from handlers.phenomena import report_texts as phenomena

SAMI = ("se", "smn", "sms")


def _messages(language: str, domain: str) -> list[object]:
    catalog = i18n_tool.read_catalog(i18n_tool.po_path(language, domain), language)
    return [m for m in catalog if m.id]


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete_and_consistent(language: str, domain: str) -> None:
    problems = []
    for message in _messages(language, domain):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)  # type: ignore[attr-defined]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)  # type: ignore[attr-defined]
        plural = isinstance(message.id, tuple)  # type: ignore[attr-defined]
        if message.fuzzy:  # type: ignore[attr-defined]
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(strings):
            problems.append(f"missing: {ids[0]!r}")
        for text in strings:
            if text and not i18n_tool.placeholders_match(ids[-1], text, plural):
                problems.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", SAMI)
def test_sami_entries_are_not_finnish_or_english(language: str, domain: str) -> None:
    finnish = {m.id: m.string for m in _messages("fi", domain)}  # type: ignore[attr-defined]
    copies = []
    for message in _messages(language, domain):
        source = message.id if isinstance(message.id, str) else message.id[0]  # type: ignore[attr-defined]
        text = message.string if isinstance(message.string, str) else message.string[0]  # type: ignore[attr-defined]
        words = re.sub(r"%\(\w+\)[sdif]|/\w+|\d+", "", source)
        if len(words.split()) < 2:
            continue  # a lone word like "OK" or a name may be the same in every language
        fi = finnish.get(message.id)  # type: ignore[attr-defined]
        fi_text = fi if isinstance(fi, str) or fi is None else fi[0]
        if text in (source, fi_text):
            copies.append(source)
    assert not copies, f"{language}/{domain}: untranslated copies: {copies}"


@pytest.mark.parametrize("language", SAMI)
def test_sami_catalogs_have_three_plural_forms(language: str) -> None:
    for domain in DOMAINS:
        text = i18n_tool.po_path(language, domain).read_text(encoding="utf-8")
        assert "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);" in text


def test_skolt_uses_the_modifier_prime() -> None:
    for domain in DOMAINS:
        text = i18n_tool.po_path("sms", domain).read_text(encoding="utf-8")
        body = text.split('msgid "', 2)[-1]
        assert "\u00b4" not in body, "use ʹ (U+02B9), not the acute accent ´ (U+00B4)"


def test_catalogs_are_in_sync_with_the_sources() -> None:
    """Every string in the code is in the templates and catalogs (run `make i18n-update`)."""
    templates = i18n_tool.extract_in_memory()
    for domain, template in templates.items():
        wanted = {m.id for m in template if m.id}
        for language in LANGUAGES:
            have = {m.id for m in _messages(language, domain)}  # type: ignore[attr-defined]
            missing = wanted - have
            assert not missing, f"{language}/{domain} lacks {sorted(map(str, missing))[:5]}"


def test_every_language_has_a_review_state() -> None:
    for row in i18n_tool.status():
        assert row.review in {"none", "partial", "complete"}


def test_rewriting_a_catalog_keeps_its_review_state(tmp_path: Path) -> None:
    """An update must never silently undo a native speaker's "reviewed" mark."""
    path = tmp_path / "phenomena.po"
    source = i18n_tool.po_path("se", "phenomena")
    path.write_text(
        source.read_text(encoding="utf-8").replace(
            f"{i18n_tool.REVIEW_HEADER}: none", f"{i18n_tool.REVIEW_HEADER}: complete"
        ),
        encoding="utf-8",
    )
    catalog = i18n_tool.read_catalog(path, "se")
    i18n_tool.write_catalog(path, catalog, "se")
    assert i18n_tool.review_state(path) == "complete"
    assert path.read_text(encoding="utf-8").count(i18n_tool.REVIEW_HEADER) == 1
    fresh = tmp_path / "new.po"
    i18n_tool.write_catalog(fresh, catalog, "sms")
    assert i18n_tool.review_state(fresh) == "none"


def test_translator_plurals_and_formats() -> None:
    catalogs = Catalogs()
    se = catalogs.get("se")
    # three distinct plural slots are selected for 1, 2 and 5 in Sámi
    assert [se.plural_index(n) for n in (1, 2, 5)] == [0, 1, 2]
    assert catalogs.get("fi").percent(0.72) == "72\xa0%"
    assert catalogs.get("en").percent(0.72) == "72%"
    assert catalogs.get("fi").date(date(2026, 5, 3)) == "3. toukokuuta 2026"
    assert catalogs.get("sms").date(date(2026, 5, 3)) == "3.5.2026"
    when = datetime(2026, 5, 3, 9, 30, tzinfo=UTC)
    assert "12.30" in catalogs.get("fi").datetime(when, ZoneInfo("Europe/Helsinki"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_key_means_one_thing_in_every_domain(language: str) -> None:
    """Issue 12.1: a msgid translated differently in two domains ("Done": fi "Toteutunut" in
    checkin, "Valmis" in phenomena) must be split with a context."""
    assert i18n_tool.ambiguous(language) == []


def test_a_short_word_shared_by_features_has_a_context() -> None:
    """A bare one- or two-word message used by two features is a word whose meaning depends on
    where it is shown ("Done", "Back", "Cancel"): it gets a context (``NP_``)."""
    domains_of: dict[str, set[str]] = {}
    for domain, template in i18n_tool.extract_in_memory().items():
        for message in template:
            text = message.id if isinstance(message.id, str) else ""
            short = text and len(text.split()) <= 2 and not i18n_tool.placeholders(text)
            if short and message.context is None:
                domains_of.setdefault(text, set()).add(domain)
    shared = sorted(text for text, domains in domains_of.items() if len(domains) > 1)
    assert shared == []


@pytest.mark.parametrize(
    ("domain", "label", "expected"),
    [
        ("checkin", STATUS_LABELS["done"], "Čađahuvvon"),
        ("phenomena", phenomena.DONE, "Válmmas"),
        ("kylabot", phenomena.DONE, "Válmmas"),
        ("kylabot", STATUS_LABELS["done"], "Čađahuvvon"),
    ],
)
def test_a_word_keeps_its_meaning_from_every_domain(domain: str, label: str, expected: str) -> None:
    assert Catalogs().get("se", domain)._(label) == expected


def test_every_flow_looks_up_the_domain_its_strings_are_extracted_into() -> None:
    flows = build_router().flows
    for feature in FEATURES:
        for build in feature.parts().flows:
            module = sys.modules[build.__module__]
            expected = i18n_tool.domain_of(Path(module.__file__ or ""))
            flow = flows[build().name]
            assert (flow.name, flow.domain) == (flow.name, expected)


# Plural nouns that follow a count in this project's English messages.
PLURAL_NOUNS = (
    "organisations",
    "measures",
    "people",
    "persons",
    "characters",
    "days",
    "weeks",
    "months",
    "hours",
    "minutes",
    "messages",
    "reports",
    "recipients",
    "answers",
    "contacts",
    "photos",
    "videos",
    "replies",
    "additions",
    "rounds",
    "themes",
    "broadcasts",
    "deliveries",
    "times",
)
# Message limits are always in the thousands (4,096 characters), never 1 or 2.
NEVER_ONE = {"%(limit)s", "%(length)s"}


def test_every_count_before_a_plural_noun_goes_through_ngettext() -> None:
    """Issue 12.5: "It asks 1 organisations", "0/1 organisations finished"."""
    count_noun = re.compile(rf"({i18n_tool.PLACEHOLDER.pattern})\s+({'|'.join(PLURAL_NOUNS)})\b")
    offenders = []
    for template in i18n_tool.extract_in_memory().values():
        for message in template:
            if not isinstance(message.id, str):
                continue  # an ngettext entry
            for found in count_noun.finditer(message.id):
                if found.group(1) not in NEVER_ONE:
                    offenders.append(message.id)
    assert offenders == []


@pytest.mark.parametrize(
    ("language", "n", "expected"),
    [
        ("en", 1, "Q1, started 1.12.: 0/1 organisation finished, open"),
        ("en", 2, "Q1, started 1.12.: 0/2 organisations finished, open"),
        ("sv", 1, "Q1, startad 1.12.: 0/1 organisation klar, open"),
    ],
)
def test_a_count_chooses_its_plural_form(language: str, n: int, expected: str) -> None:
    tr = Catalogs().get(language, "checkin")
    values = {"round": "Q1", "date": "1.12.", "answered": "0", "asked": str(n), "state": "open"}
    assert tr.counted(checkin_rounds.ROUND_LINE, n) % values == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("fi", "fi"),
        ("sv-FI", "sv"),
        ("se", "se"),
        ("sme", "se"),
        ("smn", "smn"),
        ("de", None),
        (None, None),
    ],
)
def test_telegram_language_codes_map_to_ours(code: str | None, expected: str | None) -> None:
    assert normalise_language(code) == expected
