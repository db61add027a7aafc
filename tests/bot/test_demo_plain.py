"""``make demo lang=fi@selko``: the scripted demo shows the plain-Finnish texts (issue 18)."""

from __future__ import annotations

import re

import pytest

from bot import i18n_tool
from bot.demo import run_demo
from bot.i18n import DOMAINS, PLAIN_FINNISH

pytestmark = pytest.mark.e2e


def _plain_and_standard() -> list[tuple[str, str]]:
    """(plain, standard Finnish) for every message the two catalogs write differently."""
    pairs = []
    for domain in DOMAINS:
        standard = {
            (m.context, str(m.id)): m.string
            for m in i18n_tool.read_catalog(i18n_tool.po_path("fi", domain), "fi")
            if m.id and isinstance(m.string, str)
        }
        path = i18n_tool.po_path(PLAIN_FINNISH, domain)
        for message in i18n_tool.read_catalog(path, PLAIN_FINNISH):
            finnish = standard.get((message.context, str(message.id)))
            if isinstance(message.string, str) and finnish and finnish != message.string:
                pairs.append((message.string, finnish))
    return pairs


def standard_pieces() -> list[str]:
    """The standard Finnish wording, cut at placeholders, in pieces of more than three words
    that no plain text contains: any of them in the transcript is a message not shown plain."""
    pairs = _plain_and_standard()
    plain = "\n".join(text for text, _ in pairs)
    pieces = {piece.strip() for _, fi in pairs for piece in re.split(r"%\(\w+\)[sdif]", fi)}
    return sorted(p for p in pieces if len(p.split()) > 3 and p not in plain)


async def test_the_demo_in_plain_finnish_shows_the_plain_texts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await run_demo("fi@selko") == 0
    shown = capsys.readouterr().out
    assert shown.startswith("--- kylabot demo (Selkosuomi) — what the village contact saw ---\n")
    assert "< [edited] Valitse kieli: Selkosuomi\n" in shown
    assert "< Tervetuloa, Aino! Vastaat nyt tämän organisaation puolesta: " in shown
    assert "☕ Virtuaalikahvit: Turvallinen kylä\n" in shown  # the event's plain variant
    assert "Juomme kahvia ja juttelemme verkossa." in shown
    # The plan's Finnish texts are not marked as another language for a plain reader.
    assert "\nKylän turvallisuussuunnitelma\n" in shown
    assert "Kylän turvallisuussuunnitelma [Suomi]" not in shown
    # No message appears in its standard Finnish wording where a plain one exists (a sentence
    # long enough not to be a common part of both).
    assert [piece for piece in standard_pieces() if piece in shown] == []
