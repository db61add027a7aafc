"""The report on a phone: a chat table within 35 characters a line, a chart drawn for 390 px."""

from __future__ import annotations

import itertools
import math
import struct
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import LANGUAGES, Catalogs
from handlers.checkin import report as rp
from handlers.checkin import report_phone as phone
from handlers.checkin.plan_file import load_plan_file
from handlers.checkin.plan_import import apply_plan
from handlers.checkin.rounds import start_round
from handlers.checkin.seed import EXAMPLE_PLAN, apply_seed, load_seed
from storage.repos.people import find_organisation

NOW = datetime(2026, 7, 2, 9, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Helsinki")


async def _report(
    sessionmaker: async_sessionmaker[AsyncSession], language: str, seeded: bool = True
) -> rp.Report:
    async with sessionmaker() as session, session.begin():
        result = await apply_plan(session, load_plan_file(EXAMPLE_PLAN))
        new = await start_round(session, result.plan, NOW, ZONE)
        if seeded:
            await apply_seed(session, new, load_seed(), NOW)
        return await rp.build_report(session, new, language)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_chat_table_fits_35_characters_a_line(
    sessionmaker: async_sessionmaker[AsyncSession], language: str
) -> None:
    tr = Catalogs().get(language)
    text = phone.format_chat(await _report(sessionmaker, language), tr)
    widths = [phone.display_width(line) for line in text.split("\n")]
    assert max(widths) <= phone.CHAT_WIDTH
    assert len(widths) <= 40  # 7 themes: about four lines each, not three wrapped ones


async def test_chat_table_reads_theme_by_theme(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    tr = Catalogs().get("fi")
    lines = phone.format_chat(await _report(sessionmaker, "fi"), tr).split("\n")
    at = lines.index("Liikkumisen turvallisuus\u00a0(5)")
    assert lines[at + 1] == "✅ 4  ⏳ 0  ❌ 1  ❔ 0"
    assert lines[-4:] == [
        "✅ toteutunut 26 (72\u00a0%)",
        "⏳ kesken 8 (22\u00a0%)",
        "❌ ei toteutunut 2 (6\u00a0%)",
        "❔ ei vastattu 0 (0\u00a0%)",
    ]


async def test_legend_leaves_out_empty_statuses(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    tr = Catalogs().get("en")
    seeded = phone.legend(await _report(sessionmaker, "en"), tr)
    assert [(e.status, e.label) for e in seeded] == [
        ("done", "Done 26 (72%)"),
        ("in_progress", "In progress 8 (22%)"),
        ("not_done", "Not done 2 (6%)"),
    ]


async def test_empty_round_legend_has_only_not_answered(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    tr = Catalogs().get("en")
    empty = phone.legend(await _report(sessionmaker, "en", seeded=False), tr)
    assert [(e.status, e.label) for e in empty] == [("unanswered", "Not answered 36 (100%)")]


async def test_chart_is_drawn_for_a_phone(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    tr = Catalogs().get("se")
    png = phone.png_bytes(await _report(sessionmaker, "se"), tr)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width == phone.PHONE_PX * phone.DENSITY == 780
    assert height > width  # a tall picture that scrolls, not a wide one that shrinks
    # At 390 px wide the smallest type is about 10.5 pt / (width in inches) of the screen.
    assert min(phone.LABEL_PT, phone.NUMBER_PT, phone.TITLE_PT) >= 10.5


# Machado, Oliveira & Fernandes (2009) full-severity matrices, applied in linear RGB.
_CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}  # fmt: skip


def _lab(hex_colour: str, matrix: tuple[tuple[float, ...], ...]) -> tuple[float, float, float]:
    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    rgb = [linear(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5)]
    r, g, b = (
        max(0.0, min(1.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix
    )
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


@pytest.mark.parametrize("kind", sorted(_CVD))
def test_colours_stay_apart_for_colour_blind_readers(kind: str) -> None:
    colours = list(phone.COLORS.values())
    closest = min(
        math.dist(_lab(a, _CVD[kind]), _lab(b, _CVD[kind]))
        for a, b in itertools.combinations(colours, 2)
    )
    assert closest >= 30  # CIE76 ΔE: clearly different; the old green and red were 16 apart


async def _two_rounds(
    sessionmaker: async_sessionmaker[AsyncSession], language: str
) -> tuple[rp.Report, rp.Report]:
    """The example plan's rounds of Q2 (the police did not answer) and Q3 (everyone did)."""
    async with sessionmaker() as session, session.begin():
        result = await apply_plan(session, load_plan_file(EXAMPLE_PLAN))
        earlier = await start_round(session, result.plan, NOW - timedelta(days=91), ZONE)
        police = await find_organisation(session, "Lapin poliisilaitos")
        await apply_seed(session, earlier, load_seed(), NOW - timedelta(days=91), {police.id})
        later = await start_round(session, result.plan, NOW, ZONE)
        await apply_seed(session, later, load_seed(), NOW)
        before = await rp.build_report(session, earlier, language, details=False)
        return await rp.build_report(session, later, language, details=False), before


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_change_since_the_previous_round_fits_35_characters_a_line(
    sessionmaker: async_sessionmaker[AsyncSession], language: str
) -> None:
    tr = Catalogs().get(language)
    report, before = await _two_rounds(sessionmaker, language)
    lines = phone.format_chat(report, tr, before).split("\n")
    assert max(phone.display_width(line) for line in lines) <= phone.CHAT_WIDTH
    changes = [line for line in lines if line.startswith(f"{phone.CHANGE_MARK}  ")]
    assert len(changes) == len(report.themes) + 1  # each theme and the total
    legend = tr._("± change since round %(round)s") % {"round": "Q2/2026"}
    assert legend in lines


async def test_the_change_since_the_previous_round_reads_theme_by_theme(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    tr = Catalogs().get("fi")
    report, before = await _two_rounds(sessionmaker, "fi")
    lines = phone.format_chat(report, tr, before).split("\n")
    assert lines[lines.index("Liikkumisen turvallisuus\u00a0(5)") + 1 :][:2] == [
        "✅ 4  ⏳ 0  ❌ 1  ❔ 0",
        "±  ✅ +1  ⏳ 0  ❌ +1  ❔ -2",
    ]
    assert "± muutos kierroksesta Q2/2026" in lines
    # every measure of the police moved from "not answered" to its answer
    moved = [getattr(report.total, s) - getattr(before.total, s) for s in rp.STATUS_KEYS]
    shown = [f"+{n}" if n > 0 else str(n) for n in moved]
    assert lines[-1] == "±  ✅ {}  ⏳ {}  ❌ {}  ❔ {}".format(*shown)
    assert moved[3] == -sum(moved[:3]) < 0
