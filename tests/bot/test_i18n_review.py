"""Messages marked for the native reviewer (``# unreviewed: reason``, issue 18)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog

from bot import i18n_tool


def test_every_unreviewed_mark_gives_a_short_reason() -> None:
    """A reason longer than a line would be wrapped by Babel into a comment without the tag."""
    for language in ("se", "smn", "sms"):
        for domain, message, _ in i18n_tool.unreviewed(language):
            for comment in message.user_comments:
                reason = comment.removeprefix(i18n_tool.UNREVIEWED).strip()
                assert comment.startswith(i18n_tool.UNREVIEWED), (domain, comment)
                assert 10 <= len(reason) <= 85, (domain, comment)


def test_skolt_plural_entries_wait_for_the_reviewer() -> None:
    """CLDR's one/two/other or the glossary's 1 / 2-6 / 7+: a native speaker settles it."""
    plurals = []
    for domain in i18n_tool.DOMAINS:
        for message in i18n_tool.read_catalog(i18n_tool.po_path("sms", domain), "sms"):
            if isinstance(message.id, tuple):
                plurals.append((domain, message.id[0], i18n_tool.unreviewed_reason(message)))
    assert plurals != []
    unmarked = [p for p in plurals if "plural:" not in (p[2] or "")]
    assert unmarked == []


def test_an_update_keeps_the_unreviewed_mark(tmp_path: Path) -> None:
    """`kylabot i18n update` merges the template into the catalog; the mark must survive it."""
    path = tmp_path / "events.po"
    catalog = Catalog(locale="sms", domain="events")
    catalog.add(
        "Waitlist: %(count)s",
        "Vuârddemlista: %(count)s",
        user_comments=["unreviewed: waitlist: vuârddemlista is in no reference"],
    )
    template = Catalog(domain="events")
    template.add("Waitlist: %(count)s", locations=[("handlers/events/texts.py", 1)])
    catalog.update(template, no_fuzzy_matching=True)
    i18n_tool.write_catalog(path, catalog, "sms")
    (message,) = [m for m in i18n_tool.read_catalog(path, "sms") if m.id]
    assert i18n_tool.unreviewed_reason(message) == "waitlist: vuârddemlista is in no reference"


def test_status_counts_the_marked_messages() -> None:
    rows = {row.language: row.unreviewed for row in i18n_tool.status()}
    assert rows["sms"] == len(i18n_tool.unreviewed("sms"))
    assert rows["fi"] == 0
