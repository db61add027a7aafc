"""Every catalog message tells its translator where it appears, what its placeholders hold and,
for a button, how many characters a phone shows (issue 18).

The context is a ``# Translators:`` comment written right before the message in the code, which
extraction turns into the ``#.`` lines Poedit and Weblate show. Button messages are found where
the code builds keyboards (``bot.i18n_buttons``); a label the analysis cannot follow to its
messages must be declared below, so a new button is never missed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message

from bot import i18n_buttons, i18n_tool
from bot.app import build_router
from bot.features import FEATURES
from bot.i18n import CONTEXT_SEPARATOR, DOMAINS, DRAFT_LANGUAGE, LANGUAGES
from bot.i18n_buttons import BUTTON, LIMITS, LabelSite, MessageKey, length_limit
from bot.segments import Segments
from handlers.broadcast.segments import ORG_KIND_LABELS
from handlers.checkin.rounds import CONTINUE, START

TAG = "Translators:"
# "%(count)s = number of measures", or a group: "%(lat)s, %(lon)s = latitude and longitude".
EXPLAINED = r"(?:, %\(\w+\)[sdif])* ="


def _key(text: str) -> MessageKey:
    context, separator, message = text.rpartition(CONTEXT_SEPARATOR)
    return (context if separator else None, message)


def _keys(texts: Iterable[str]) -> frozenset[MessageKey]:
    return frozenset(_key(text) for text in texts)


def _menu_labels() -> frozenset[MessageKey]:
    return _keys(item.label for flow in build_router().flows.values() for item in flow.menu)


def _segment_labels() -> frozenset[MessageKey]:
    return _keys(kind.label for kind in Segments.of(FEATURES).visible())


NO_MESSAGE: frozenset[MessageKey] = frozenset()
# Label sites the analysis cannot follow (an object's attribute, a parameter, a value computed at
# run time), by (file, label expression): what they can show, and how many buttons share a row.
DECLARED: dict[tuple[str, str], tuple[Callable[[], frozenset[MessageKey]], str | None]] = {
    # The main menu: every flow's menu entries.
    ("handlers/menu/conversation.py", "ctx._(item.label)"): (_menu_labels, "1"),
    # The audience pickers of /broadcast and /newevent: the visible segment kinds.
    ("handlers/broadcast/conversation.py", "ctx._(kind.label)"): (_segment_labels, "1"),
    ("handlers/events/create_details.py", "ctx._(kind.label)"): (_segment_labels, "1"),
    # A segment's values, two to a row: the kinds of organisation are messages; municipalities,
    # themes, languages and rounds are names from the data.
    ("handlers/broadcast/conversation.py", "label"): (
        lambda: _keys(ORG_KIND_LABELS.values()),
        "2",
    ),
    ("handlers/events/create_details.py", "label"): (lambda: _keys(ORG_KIND_LABELS.values()), "2"),
    # A round's invitation: "Start" or, for a round already begun, "Continue".
    ("handlers/checkin/rounds.py", "tr._(start_label)"): (lambda: _keys([START, CONTINUE]), "2"),
    # Names from the data, numbers and units: nothing to translate.
    ("handlers/events/create_details.py", "duration_label(ctx, minutes)"): (
        lambda: NO_MESSAGE,
        None,
    ),
    (
        "handlers/events/manage_flow.py",
        "('✅ ' if s.attended else '▫️ ') + _name(ctx, person)",
    ): (lambda: NO_MESSAGE, None),
    ("handlers/phenomena/coordinator.py", "municipality_name(key, ctx.tr.language)"): (
        lambda: NO_MESSAGE,
        None,
    ),
    ("handlers/phenomena/questions.py", "municipality_name(key, language)"): (
        lambda: NO_MESSAGE,
        None,
    ),
    ("handlers/phenomena/questions.py", "'🏠 ' + home"): (lambda: NO_MESSAGE, None),
    # The language picker, one language to a row: its own name, a draft marked in its words.
    ("handlers/onboarding/conversation.py", "catalogs.language_label(code)"): (
        lambda: _keys([DRAFT_LANGUAGE]),
        "1",
    ),
}


@pytest.fixture(scope="module")
def templates() -> dict[str, Catalog]:
    return i18n_tool.extract_in_memory()


@pytest.fixture(scope="module")
def sites() -> list[LabelSite]:
    return i18n_buttons.label_sites()


@pytest.fixture(scope="module")
def buttons(sites: list[LabelSite]) -> dict[MessageKey, list[str | None]]:
    """Every button message, with the layout of each place that shows it."""
    found: dict[MessageKey, list[str | None]] = {}
    for site in sites:
        declared = DECLARED.get(site.key)
        messages, layout = (declared[0](), declared[1]) if declared else (site.messages, None)
        for key in site.messages | messages:
            found.setdefault(key, []).append(site.layout or layout)
    return found


def _messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def _msgid(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _label(message: Message) -> str:
    return f"{message.context}|{_msgid(message)}" if message.context else _msgid(message)


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_says_where_it_appears(domain: str, templates: dict[str, Catalog]) -> None:
    bare = [
        _label(m)
        for m in _messages(templates[domain])
        if not m.auto_comments or not m.auto_comments[0].startswith(TAG)
    ]
    assert bare == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_placeholder_is_explained(domain: str, templates: dict[str, Catalog]) -> None:
    unexplained = []
    for message in _messages(templates[domain]):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        comment = " ".join(message.auto_comments)
        for placeholder in sorted({p for text in ids for p in i18n_tool.placeholders(text)}):
            if not re.search(re.escape(placeholder) + EXPLAINED, comment):
                unexplained.append(f"{_label(message)}: {placeholder}")
    assert unexplained == []


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", [None, *LANGUAGES])
def test_every_catalog_carries_the_contexts(
    language: str | None, domain: str, templates: dict[str, Catalog]
) -> None:
    """The .pot and every .po have the comments the code has (run `make i18n-update`)."""
    path = i18n_tool.LOCALES_DIR / f"{domain}.pot"
    if language is not None:
        path = i18n_tool.po_path(language, domain)
    catalog = i18n_tool.read_catalog(path, language)
    wanted = {(m.context, _msgid(m)): m.auto_comments for m in _messages(templates[domain])}
    have = {(m.context, _msgid(m)): m.auto_comments for m in _messages(catalog)}
    stale = sorted(str(key) for key, comments in wanted.items() if have.get(key) != comments)
    assert stale == []


def test_every_button_label_is_followed_to_its_messages(sites: list[LabelSite]) -> None:
    unfollowed = [
        f"{s.path}:{s.line} {s.expression!r}: {', '.join(s.unresolved)}"
        for s in sites
        if s.unresolved and s.key not in DECLARED
    ]
    assert unfollowed == []
    stale = sorted(set(DECLARED) - {s.key for s in sites})
    assert stale == []


def test_every_button_gives_its_length(
    templates: dict[str, Catalog], buttons: dict[MessageKey, list[str | None]]
) -> None:
    comments = {
        (m.context, _msgid(m)): m.auto_comments
        for catalog in templates.values()
        for m in _messages(catalog)
    }
    problems = []
    for key, layouts in sorted(buttons.items(), key=str):
        if key not in comments:
            problems.append(f"{key}: a button label that is not in any catalog")
            continue
        limit = length_limit(comments[key])
        widest = min(LIMITS[layout or "1"] for layout in layouts)
        if limit is None or BUTTON.format(limit) not in " ".join(comments[key]):
            problems.append(f"{key}: no {BUTTON.format('N')!r}")
        elif limit > widest:
            problems.append(f"{key}: {limit} characters, but its row shows only {widest}")
    assert problems == []


def test_only_buttons_say_they_are_buttons(
    templates: dict[str, Catalog], buttons: dict[MessageKey, list[str | None]]
) -> None:
    claimed = [
        _label(m)
        for catalog in templates.values()
        for m in _messages(catalog)
        if length_limit(m.auto_comments) is not None and (m.context, _msgid(m)) not in buttons
    ]
    assert claimed == []


def test_a_label_the_analysis_cannot_follow_is_reported(tmp_path: Path) -> None:
    (tmp_path / "handlers").mkdir()
    (tmp_path / "handlers" / "flow.py").write_text(
        "from bot.i18n import N_, NP_\n"
        'GO = NP_("button", "Go")\n'
        'KINDS = {"a": N_("Kind A"), "b": N_("Kind B")}\n'
        "def keyboard(ctx, thing):\n"
        '    rows = [[(ctx._(label), "x_kind", key)] for key, label in KINDS.items()]\n'
        '    rows.append([(ctx._(GO), "x_go", ""), (ctx._(thing.label), "x_go", "")])\n'
        "    return ctx.keyboard(rows)\n"
        'ROUTES = [on_button("x_go", keyboard), on_button("x_kind", keyboard)]\n',
        encoding="utf-8",
    )
    found = [
        (s.line, s.expression, s.layout, sorted(s.messages, key=str), s.unresolved)
        for s in i18n_buttons.label_sites(tmp_path)
    ]
    assert found == [
        (5, "ctx._(label)", "1", [(None, "Kind A"), (None, "Kind B")], ()),
        (6, "ctx._(GO)", "2", [("button", "Go")], ()),
        (6, "ctx._(thing.label)", "2", [], ("thing.label",)),
    ]
