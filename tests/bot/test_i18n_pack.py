"""The reviewer's round trip: pack, edit as a reviewer in Poedit would, unpack (issue 18).

Everything runs on a copy of locales/; the packs here have no pages (the pages are proved in
test_i18n_pages.py), so no bot is started.
"""

from __future__ import annotations

import gettext
import shutil
from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from bot import i18n_review, i18n_tool
from bot.cli import main
from bot.i18n import DOMAINS, LANGUAGES, LOCALES_DIR, Catalogs
from bot.i18n_cli import review_table
from bot.i18n_pack import MANIFEST, pack
from bot.i18n_unpack import Refused, unpack

DAY = date(2026, 12, 3)
REVIEWER = "Ánne Guttorm"
Key = tuple[str | None, str]
Edit = Callable[[Catalog], None]

CANCELLED = (None, "Cancelled. What you already answered is saved.")  # kylabot
CANCEL = ("button", "Cancel")  # kylabot, and several features' catalogs
LATER = ("button", "Later")  # checkin


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    copy = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, copy, ignore=shutil.ignore_patterns("*.mo"))
    return copy


async def make_pack(locales: Path, tmp_path: Path, language: str = "sms") -> Path:
    folder = tmp_path / "pack"
    await pack(language, folder, locales=locales, walkthroughs=(), today=DAY)
    return folder


def review(folder: Path, domain: str, change: Edit, language: str = "sms") -> None:
    """What a reviewer's tool does to a file: reads it, applies ``change``, writes it back
    (rewrapped, as Poedit does) with the reviewer's name."""
    path = folder / f"{domain}-{language}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    change(catalog)
    catalog.last_translator = f"{REVIEWER} <anne@example.fi>"
    buffer = BytesIO()
    write_po(buffer, catalog, width=76)
    path.write_bytes(buffer.getvalue())


def message(catalog: Catalog, key: Key) -> Message:
    found = catalog.get(key[1], key[0])
    assert found is not None, key
    return found


def retranslate(key: Key, text: str | tuple[str, ...]) -> Edit:
    """The reviewer corrects a translation (Poedit clears "Needs work" on an edit)."""

    def change(catalog: Catalog) -> None:
        found = message(catalog, key)
        found.string = text
        found.flags.discard("fuzzy")

    return change


def confirm(key: Key) -> Edit:
    """The reviewer clears "Needs work" on a translation that is right."""
    return lambda catalog: message(catalog, key).flags.discard("fuzzy")


def drop_note(key: Key) -> Edit:
    """The reviewer deletes the message's "unreviewed:" note (and leaves the flag)."""

    def change(catalog: Catalog) -> None:
        found = message(catalog, key)
        found.user_comments = [c for c in found.user_comments if "unreviewed:" not in c]

    return change


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def state(locales: Path) -> dict[tuple[str, str, Key], tuple[object, ...]]:
    """Every message of every catalog: translation, translator comments, flags."""
    found = {}
    for language in LANGUAGES:
        for domain in DOMAINS:
            catalog = i18n_tool.read_catalog(i18n_tool.po_path(language, domain, locales), language)
            for m in catalog:
                if m.id:
                    key = (m.context, i18n_review.ids(m)[0])
                    found[language, domain, key] = (m.string, m.user_comments, sorted(m.flags))
    return found


def first_plural(locales: Path, domain: str = "checkin") -> Key:
    catalog = i18n_tool.read_catalog(i18n_tool.po_path("sms", domain, locales), "sms")
    return next((m.context, m.id[0]) for m in catalog if isinstance(m.id, tuple))


def first_marked(locales: Path, domain: str = "phenomena") -> Key:
    """A message of ``domain`` carrying an "unreviewed:" note."""
    catalog = i18n_tool.read_catalog(i18n_tool.po_path("sms", domain, locales), "sms")
    return next(
        (m.context, str(m.id))
        for m in catalog
        if m.id and not isinstance(m.id, tuple) and i18n_tool.unreviewed_reason(m)
    )


async def test_the_pack_flags_what_waits_for_review_and_says_how(
    locales: Path, tmp_path: Path
) -> None:
    folder = await make_pack(locales, tmp_path)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([*(f"{d}-sms.po" for d in DOMAINS), MANIFEST, "README.txt", "pages"])
    with (folder / "kylabot-sms.po").open("rb") as handle:
        packed = read_po(handle)
    cancelled = message(packed, CANCELLED)
    finnish = Catalogs().get("fi")._(CANCELLED[1])
    assert f"Finnish: {finnish}" in cancelled.auto_comments
    assert cancelled.fuzzy  # nobody has confirmed it yet
    assert packed.num_plurals == 3
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "kylabot i18n unpack FOLDER --reviewer" in readme
    assert "Sääʹmǩiõll (sms)" in readme


async def test_unpack_marks_exactly_the_edited_messages_reviewed(
    locales: Path, tmp_path: Path
) -> None:
    folder = await make_pack(locales, tmp_path)
    plural = first_plural(locales)
    marked = first_marked(locales)
    before = state(locales)
    forms = before["sms", "checkin", plural][0]
    assert isinstance(forms, tuple) and len(forms) == 3
    review(folder, "kylabot", retranslate(CANCELLED, "Jõõskkum. Mâiʹd ton vaʹsttiǩ, lij ruõkkum."))
    review(folder, "kylabot", confirm(CANCEL))
    review(folder, "checkin", retranslate(plural, (forms[0], forms[2], forms[2])))
    review(folder, "phenomena", drop_note(marked))
    others = {k: v for k, v in snapshot(locales).items() if k.endswith(".po") and "sms/" not in k}

    done = unpack(folder, reviewer=None, today=DAY, locales=locales)

    after = state(locales)
    changed = {k for k in after if after[k] != before[k]}
    wanted = {CANCELLED, CANCEL, plural, marked}
    # "Cancel" is in several catalogs: one key means one thing everywhere
    assert changed == {k for k in before if k[0] == "sms" and k[2] in wanted}
    for language, domain, key in changed:
        catalog = i18n_tool.read_catalog(i18n_tool.po_path(language, domain, locales), language)
        found = message(catalog, key)
        assert i18n_review.is_reviewed(found)
        assert [(m.name, m.day) for m in i18n_review.marks(found)] == [(REVIEWER, DAY)]
        assert i18n_tool.unreviewed_reason(found) is None
        assert not found.fuzzy
    assert after["sms", "kylabot", CANCELLED][0] == "Jõõskkum. Mâiʹd ton vaʹsttiǩ, lij ruõkkum."
    assert after["sms", "checkin", plural][0] == (forms[0], forms[2], forms[2])
    assert {k: v for k, v in snapshot(locales).items() if k in others} == others
    assert done.reviewer == REVIEWER
    assert done.counts["kylabot"] == {"reviewed": 2}
    # the catalogs are compiled again: the bot reads how much is reviewed from them
    counts = {(r.language, r.domain): r for r in i18n_tool.review_status(locales)}
    assert counts["sms", "kylabot"].reviewed == 2
    mo = i18n_tool.po_path("sms", "kylabot", locales).with_suffix(".mo")
    with mo.open("rb") as handle:
        info = gettext.GNUTranslations(handle).info()
    assert info["x-reviewed"] == f"2/{counts['sms', 'kylabot'].total}"


def with_limit(locales: Path, key: Key, limit: int) -> None:
    """The developers' note on a button, as the code's translator comment writes it."""
    path = i18n_tool.po_path("sms", "kylabot", locales)
    catalog = i18n_tool.read_catalog(path, "sms")
    found = message(catalog, key)
    found.auto_comments = [
        *(c for c in found.auto_comments if "characters on a phone" not in c),
        f"A button: at most {limit} characters on a phone.",
    ]
    i18n_tool.write_catalog(path, catalog, "sms")


def added(catalog: Catalog) -> None:
    catalog.add("A message the code does not have", "Ođđ saaǥǥ")


BROKEN: dict[str, tuple[str, Edit, str]] = {
    "a renamed placeholder": (
        "kylabot",
        retranslate(("language picker", "%(language)s (draft)"), "%(ǩiõll)s (konseʹpt)"),
        "placeholders: the source has %(language)s, the translation %(ǩiõll)s",
    ),
    "a missing placeholder": (
        "kylabot",
        retranslate(("language picker", "%(language)s (draft)"), "Konseʹpt"),
        "placeholders: the source has %(language)s, the translation none",
    ),
    "an added placeholder": (
        "kylabot",
        retranslate(CANCELLED, "Jõõskkum %(count)s."),
        "placeholders: the source has none, the translation %(count)s",
    ),
    "a percent placeholder": (
        "kylabot",
        retranslate(CANCELLED, "Jõõskkum %s."),
        "placeholders: the source has none, the translation %s",
    ),
    "markup the bot would show as typed": (
        "kylabot",
        retranslate(CANCELLED, "<b>Jõõskkum.</b>"),
        "markup: has </b> <b> unlike the source (the bot sends plain text: a tag shows as typed)",
    ),
    "an unbalanced tag": (
        "kylabot",
        retranslate(CANCELLED, "Jõõskkum.</i>"),
        "markup: has </i> unlike the source (the bot sends plain text: a tag shows as typed)",
    ),
    "a button over its length": (
        "kylabot",
        retranslate(CANCEL, "Jõõsk tõt"),
        "button: 9 characters, at most 6 fit on a phone: 'Jõõsk tõt'",
    ),
    "an empty translation": ("kylabot", retranslate(CANCELLED, " "), "the translation is empty"),
    "a message not in the catalog": (
        "kylabot",
        added,
        "not in the catalog (the English text is changed in the code)",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
async def test_unpack_refuses_a_broken_edit_and_changes_nothing(
    case: str, locales: Path, tmp_path: Path
) -> None:
    domain, edit, problem = BROKEN[case]
    with_limit(locales, CANCEL, 6)
    folder = await make_pack(locales, tmp_path)
    review(folder, "kylabot", retranslate(CANCELLED, "Jõõskkum, mâiʹd ton vaʹsttiǩ lij ruõkkum."))
    review(folder, domain, edit)
    before = snapshot(locales)
    with pytest.raises(Refused) as refused:
        unpack(folder, reviewer=REVIEWER, today=DAY, locales=locales)
    assert len(refused.value.lines) == 1
    assert refused.value.lines[0].startswith("sms/kylabot: ")
    assert refused.value.lines[0].endswith(problem)
    assert snapshot(locales) == before


def two_forms(key: Key) -> Edit:
    """A tool set to two plural forms (Poedit's guess for an unknown language) rewrites the
    header and keeps two of the three forms."""

    def change(catalog: Catalog) -> None:
        catalog.mime_headers = [("Plural-Forms", "nplurals=2; plural=(n != 1);")]
        found = message(catalog, key)
        found.string = tuple(found.string)[:2]
        found.flags.discard("fuzzy")

    return change


def empty_dual(key: Key) -> Edit:
    def change(catalog: Catalog) -> None:
        found = message(catalog, key)
        one, _two, many = found.string
        found.string = (one, "", many)
        found.flags.discard("fuzzy")

    return change


def plurals(locales: Path, domain: str = "checkin") -> int:
    catalog = i18n_tool.read_catalog(i18n_tool.po_path("sms", domain, locales), "sms")
    return sum(isinstance(m.id, tuple) for m in catalog)


@pytest.mark.parametrize(
    ("edit", "problem", "every_plural"),
    [
        # the tool's header cuts every plural message of the file to two forms: each is refused
        (two_forms, "plural: 2 forms, the catalog's Plural-Forms asks for 3", True),
        (empty_dual, "the translation is empty", False),
    ],
)
async def test_a_broken_sami_plural_is_refused(
    edit: Callable[[Key], Edit], problem: str, every_plural: bool, locales: Path, tmp_path: Path
) -> None:
    plural = first_plural(locales)
    folder = await make_pack(locales, tmp_path)
    review(folder, "checkin", edit(plural))
    before = snapshot(locales)
    with pytest.raises(Refused) as refused:
        unpack(folder, reviewer=REVIEWER, today=DAY, locales=locales)
    lines = refused.value.lines
    assert len(lines) == (plurals(locales) if every_plural else 1)
    assert [line.startswith("sms/checkin: ") and line.endswith(problem) for line in lines] == [
        True
    ] * len(lines)
    assert snapshot(locales) == before


async def test_each_problem_gets_its_own_line(locales: Path, tmp_path: Path) -> None:
    folder = await make_pack(locales, tmp_path)
    review(folder, "kylabot", retranslate(CANCELLED, "<b>%s</b>"))
    review(folder, "kylabot", added)
    with pytest.raises(Refused) as refused:
        unpack(folder, reviewer=REVIEWER, today=DAY, locales=locales)
    assert len(refused.value.lines) == 3


async def test_a_reviewer_must_be_named(locales: Path, tmp_path: Path) -> None:
    folder = await make_pack(locales, tmp_path)
    path = folder / "kylabot-sms.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    retranslate(CANCELLED, "Jõõskkum.")(catalog)
    buffer = BytesIO()
    write_po(buffer, catalog)  # Last-Translator stays the draft's "kylabot team"
    path.write_bytes(buffer.getvalue())
    before = snapshot(locales)
    with pytest.raises(Refused) as refused:
        unpack(folder, reviewer=None, today=DAY, locales=locales)
    assert refused.value.lines == [
        "who reviewed? Give --reviewer NAME (the files name no Last-Translator)"
    ]
    assert snapshot(locales) == before


async def test_a_review_mark_is_lost_when_the_text_changes(locales: Path, tmp_path: Path) -> None:
    folder = await make_pack(locales, tmp_path)
    review(folder, "kylabot", confirm(CANCELLED))
    unpack(folder, reviewer=None, today=DAY, locales=locales)
    path = i18n_tool.po_path("sms", "kylabot", locales)
    reviewed = {(r.language, r.domain): r.reviewed for r in i18n_tool.review_status(locales)}
    assert reviewed["sms", "kylabot"] == 1
    # a developer changes the translation: status no longer counts it, and update drops it
    catalog = i18n_tool.read_catalog(path, "sms")
    message(catalog, CANCELLED).string = "Jõõskkum."
    i18n_tool.write_catalog(path, catalog, "sms")
    reviewed = {(r.language, r.domain): r.reviewed for r in i18n_tool.review_status(locales)}
    assert reviewed["sms", "kylabot"] == 0
    assert "# reviewed: " in path.read_text(encoding="utf-8")
    i18n_tool.update(("kylabot",), locales)
    assert "# reviewed: " not in path.read_text(encoding="utf-8")


def test_a_changed_source_invalidates_the_mark() -> None:
    """The mark's hash covers the context, both msgids and every form."""
    original = Message(("%(count)s seat", "%(count)s seats"), ("a", "b", "c"), context="event")
    i18n_review.mark_reviewed(original, REVIEWER, DAY)
    assert i18n_review.is_reviewed(original)
    comments = original.user_comments
    for changed in (
        Message(("%(count)s seat", "%(count)s places"), ("a", "b", "c"), context="event"),
        Message(("%(count)s seat", "%(count)s seats"), ("a", "b", "d"), context="event"),
        Message(("%(count)s seat", "%(count)s seats"), ("a", "b", "c"), context="coffee"),
    ):
        changed.user_comments = list(comments)
        assert not i18n_review.is_reviewed(changed)


async def test_a_reviewer_asks_for_another_look(locales: Path, tmp_path: Path) -> None:
    """A message confirmed before and flagged now loses its mark and says who asked."""
    first = await make_pack(locales, tmp_path)
    review(first, "checkin", confirm(LATER))
    unpack(first, reviewer=None, today=DAY, locales=locales)
    again = tmp_path / "again"
    await pack("sms", again, locales=locales, walkthroughs=(), today=DAY)

    def flag(catalog: Catalog) -> None:
        message(catalog, LATER).flags.add("fuzzy")

    review(again, "checkin", flag)
    unpack(again, reviewer="Ivan Semenoff", today=date(2026, 12, 4), locales=locales)
    path = i18n_tool.po_path("sms", "checkin", locales)
    found = message(i18n_tool.read_catalog(path, "sms"), LATER)
    assert not i18n_review.is_reviewed(found)
    assert i18n_tool.unreviewed_reason(found) == "Ivan Semenoff asked for another look (2026-12-04)"
    assert not found.fuzzy


def test_the_picker_calls_a_mostly_unreviewed_language_a_draft(locales: Path) -> None:
    i18n_tool.compile_all(locales)
    catalogs = Catalogs(locales)
    assert [catalogs.is_draft(code) for code in LANGUAGES] == [
        code in ("se", "smn", "sms") for code in LANGUAGES
    ]
    assert catalogs.language_label("sms") == "Sääʹmǩiõll (konseʹpt)"
    # Written by the team, not drafted by machine: no outside sign-off does not make a draft.
    assert catalogs.language_label("fi@selko") == "Selkosuomi"
    assert catalogs.language_label("fi") == "Suomi"
    assert catalogs.language_label("sv") == "Svenska"
    for domain in DOMAINS:  # a reviewer confirms every Skolt message
        path = i18n_tool.po_path("sms", domain, locales)
        catalog = i18n_tool.read_catalog(path, "sms")
        for found in catalog:
            if found.id:
                i18n_review.mark_reviewed(found, REVIEWER, DAY)
        i18n_tool.write_catalog(path, catalog, "sms")
    i18n_tool.compile_all(locales, ("sms",))
    assert Catalogs(locales).language_label("sms") == "Sääʹmǩiõll"


def test_the_commands_say_in_one_line_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["i18n", "pack", "se", "--out", str(tmp_path / "full")]) == 2
    assert main(["i18n", "unpack", str(tmp_path / "full")]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"kylabot: {tmp_path / 'full'} is not an empty folder: choose a new one for the pack",
        f"kylabot: {tmp_path / 'full'} has no {MANIFEST}: give the folder `kylabot i18n pack` made",
    ]
    assert (tmp_path / "full" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_status_shows_reviewed_and_unreviewed_per_language_and_catalog(
    locales: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = i18n_tool.po_path("sms", "kylabot", locales)
    catalog = i18n_tool.read_catalog(path, "sms")
    i18n_review.mark_reviewed(message(catalog, CANCELLED), REVIEWER, DAY)
    i18n_tool.write_catalog(path, catalog, "sms")
    review_table(i18n_tool.review_status(locales))
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line for line in lines[2:]}
    assert lines[1].split() == ["lang", *DOMAINS, "all"]
    assert list(rows) == list(LANGUAGES)
    counts = {(r.language, r.domain): r for r in i18n_tool.review_status(locales)}
    kylabot = counts["sms", "kylabot"]
    assert (kylabot.reviewed, kylabot.unreviewed) == (1, kylabot.total - 1)
    assert rows["sms"].split()[1:4] == ["1", "/", str(kylabot.total - 1)]
    assert rows["sms"].endswith("draft")
    assert not rows["fi"].endswith("draft")
