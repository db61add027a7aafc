"""The reviewer's pages: every flow played in every language, showing only that language.

One test per language plays every walkthrough once through the emulator and checks all of its
pages (xdist spreads the languages over its workers): a page for each walkthrough, each flow of
the router in one, self-contained HTML, every bubble and button naming its messages, and no
text that is another language's message and not also this language's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.app import build_router
from bot.emulator import BotApiEmulator, SentMessage
from bot.i18n import ENDONYMS, LANGUAGES, LOCALES_DIR, Catalogs
from bot.i18n_match import MessageIndex, words_covered
from bot.i18n_pack import SHOWN_ON, write_pack
from bot.i18n_pages import render_phone
from bot.municipalities import MUNICIPALITY_KEYS, municipality_name
from bot.walkthrough import VILLAGE, Phone
from bot.walkthrough_run import play_all, walkthroughs
from handlers.events.create_details import DURATIONS

pytestmark = pytest.mark.e2e

# The language picker names each language in its own words: another language's message there
# is the point (bot.i18n.DRAFT_LANGUAGE).
MULTILINGUAL = {("language picker", "%(language)s (draft)")}
OUTSIDE = re.compile(r"<script|<link|<iframe|@import|url\(|src=\"(?!data:)", re.IGNORECASE)


@dataclass
class Shown:
    """One bubble, button or notice of a page: its text and the messages it names."""

    kind: str
    text: str = ""
    keys: list[tuple[str | None, str]] = field(default_factory=list)
    buttons: list[Shown] = field(default_factory=list)


class PageReader(HTMLParser):
    """What a page shows, from its ``data-kind`` and ``data-msgid`` marks. A bot bubble's text
    is its ``class="text"`` part (a file's name is not a message); a button belongs to the bot
    bubble before it."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[Shown] = []
        self._stack: list[tuple[Shown | None, bool]] = []  # (item opened, a text part)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        item = None
        if found.get("data-kind"):
            raw = json.loads(found.get("data-msgid") or "[]")
            item = Shown(str(found["data-kind"]), keys=[(c, m) for c, m in raw])
            bubbles = [s for s in self.shown if s.kind != "button"]
            if item.kind == "button" and bubbles and bubbles[-1].kind == "bot":
                bubbles[-1].buttons.append(item)
            self.shown.append(item)
        self._stack.append((item, found.get("class") == "text"))

    def handle_endtag(self, tag: str) -> None:
        self._stack.pop()

    def handle_data(self, data: str) -> None:
        inside_text = any(text for _, text in self._stack)
        for item, _ in reversed(self._stack):
            if item is not None:
                if item.kind != "bot" or inside_text:
                    item.text += data
                return


def read(html: str) -> list[Shown]:
    reader = PageReader()
    reader.feed(html)
    return reader.shown


def data_texts(language: str) -> set[str]:
    """Labels that are names, not messages: languages, municipalities, lengths, people."""
    catalogs = Catalogs()
    tr = catalogs.get(language)
    names = set(ENDONYMS.values())
    picker = {catalogs.language_label(code) for code in LANGUAGES}  # drafts in their own words
    places = {municipality_name(key, language) for key in MUNICIPALITY_KEYS}
    return {
        *names,
        *picker,
        *(mark + name for name in names for mark in ("✅ ", "▫️ ")),
        *places,
        f"🏠 {municipality_name('Inari', language)}, Sevettijärvi",
        *(mark + f"Aino ({VILLAGE})" for mark in ("✅ ", "▫️ ")),
        *(f"{m} min" if m < 60 else f"{tr.number(m / 60)} h" for m in DURATIONS),
        "▶",
        "◀",
    }


def leaks(language: str, text: str, indexes: dict[str, MessageIndex]) -> list[str]:
    """Other languages' messages in ``text`` whose words are not, at that place, the words of
    a message of ``language`` (Finnish and plain Finnish share many)."""
    own = indexes[language].find(text)
    found = []
    for other in LANGUAGES:
        if other == language:
            continue
        for hit in indexes[other].find(text):
            if hit.template.key in MULTILINGUAL:
                continue
            if not words_covered(hit, own):
                found.append(f"{other}: {hit.template.text!r} in {text!r}")
    return found


@pytest.fixture(scope="module")
def indexes() -> dict[str, MessageIndex]:
    return {language: MessageIndex.of(language) for language in LANGUAGES}


def test_every_flow_of_the_bot_has_a_walkthrough() -> None:
    covered = {flow for w in walkthroughs() for flow in w.flows}
    assert covered == set(build_router().flows)
    names = [w.name for w in walkthroughs()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_pages_show_every_flow_in_the_language_and_no_other(
    language: str, indexes: dict[str, MessageIndex], tmp_path: Path
) -> None:
    played = await play_all(language)
    made = write_pack(language, tmp_path, ("kylabot",), played, LOCALES_DIR, date(2026, 12, 3))
    expected = sorted(f"{w.name}.html" for w in walkthroughs())
    assert list(made.pages) == sorted([*expected, "index.html"])
    problems: list[str] = []
    data = data_texts(language)
    for name in expected:
        html = (tmp_path / "pages" / name).read_text(encoding="utf-8")
        assert OUTSIDE.search(html) is None, name
        shown = read(html)
        typed = {s.text for s in shown if s.kind == "me"}
        for item in shown:
            if item.kind in ("me", "tap", "deleted"):
                continue
            problems += [f"{name}: {line}" for line in leaks(language, item.text, indexes)]
            if item.kind == "button" and not item.keys and item.text not in data:
                problems.append(f"{name}: button {item.text!r} names no {language} message")
            own = item.keys or any(b.keys for b in item.buttons)
            said = item.kind in ("bot", "toast") and item.text and item.text not in typed
            if said and not own:
                problems.append(f"{name}: {item.text[:60]!r} names no {language} message")
    assert problems == []
    # /language names each language as its catalogs' review says, a draft in its own words
    settings = read((tmp_path / "pages" / "settings.html").read_text(encoding="utf-8"))
    picker = next(s for s in settings if s.kind == "bot" and len(s.buttons) > len(LANGUAGES))
    catalogs = Catalogs()
    cancel = catalogs.get(language).pgettext("button", "Cancel")
    labels = [catalogs.language_label(code) for code in LANGUAGES]
    assert [b.text for b in picker.buttons] == [*labels, cancel]
    po = (tmp_path / f"kylabot-{language}.po").read_text(encoding="utf-8")
    assert f"#. {SHOWN_ON}pages/onboarding.html" in po


def test_the_check_finds_another_languages_message(indexes: dict[str, MessageIndex]) -> None:
    """A Finnish message in a Skolt bubble is found (it is plain Finnish's too); on the plain
    Finnish page the same words are its own message, not Finnish's."""
    choose = Catalogs().get("fi")._("Choose your language:")
    assert choose == Catalogs().get("fi@selko")._("Choose your language:")
    text = f"Aino\n{choose}"
    assert leaks("sms", text, indexes) == [
        f"fi: {choose!r} in {text!r}",
        f"fi@selko: {choose!r} in {text!r}",
    ]
    assert leaks("fi@selko", text, indexes) == []


def test_a_page_escapes_what_it_shows(indexes: dict[str, MessageIndex]) -> None:
    """People's words and the bot's texts are text on the page, never markup."""
    emulator = BotApiEmulator()
    user = emulator.user(1, "Aino")
    phone = Phone("Aino <b>", user, 0)
    sent = SentMessage(message_id=1, chat_id=1, text="2 < 3 & <i>x</i>")
    user._record.append_log((">", None, "<script>alert(1)</script>", None))
    user._record.append_log(("<", sent, sent.text or "", None))
    html = render_phone(phone, indexes["en"], {})
    assert "<script>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "2 &lt; 3 &amp; &lt;i&gt;x&lt;/i&gt;" in html
    assert "Aino &lt;b&gt;" in html
