"""One formatting module: one form of date, date with time, number and percentage per language."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import formatting

ROOT = Path(__file__).resolve().parents[2]
HELSINKI = ZoneInfo("Europe/Helsinki")
NBSP = "\xa0"

# Machine-readable output keeps ISO 8601 on purpose: (file, function) -> what it writes.
MACHINE_READABLE = {
    ("handlers/broadcast/cli.py", "work"): "operator's terminal table",
    ("handlers/checkin/cli.py", "work"): "operator's terminal table",
    ("handlers/checkin/scheduling.py", "fire_due"): "log line",
    ("handlers/onboarding/cli.py", "work"): "invite links as CSV for the operator",
    ("handlers/phenomena/cli.py", "work"): "operator's terminal table",
    ("handlers/phenomena/export.py", "_when"): "CSV / XLSX / GeoJSON export",
    ("handlers/checkin/mydata.py", "_answers"): "/mydata JSON",
    ("handlers/phenomena/mydata.py", "_reports"): "/mydata JSON",
    ("handlers/phenomena/mydata.py", "_follow_ups"): "/mydata JSON",
    ("handlers/phenomena/mydata.py", "_replies_written"): "/mydata JSON",
    ("handlers/privacy/mydata.py", "_own_record"): "/mydata JSON",
    ("handlers/privacy/mydata.py", "_open_conversation"): "/mydata JSON",
    ("handlers/events/cli.py", "_table_time"): "operator's terminal table",
    ("handlers/events/export.py", "_when"): "CSV / XLSX export of attendees",
    ("handlers/events/mydata.py", "_events"): "/mydata JSON",
    ("handlers/events/mydata.py", "_coffee"): "/mydata JSON",
    ("bot/i18n_review.py", "review_comment"): "a catalog's review mark (ISO date)",
    ("bot/i18n_pack.py", "write_pack"): "the reviewer's pack manifest (JSON)",
    ("bot/i18n_cli.py", "_unpack"): "the maintainer's terminal, as the review marks say it",
}


@pytest.mark.parametrize(
    ("language", "day", "moment", "share"),
    [
        ("fi", "2. joulukuuta 2026", "1. tammikuuta 2027 9.00", f"100{NBSP}%"),
        ("sv", "2 december 2026", "1 januari 2027 09:00", f"100{NBSP}%"),
        ("se", "2.12.2026", "1.1.2027 9.00", f"100{NBSP}%"),
        ("smn", "2.12.2026", "1.1.2027 9.00", f"100{NBSP}%"),
        ("sms", "2.12.2026", "1.1.2027 9.00", f"100{NBSP}%"),
        ("en", "December 2, 2026", "January 1, 2027, 9:00\u202fAM", "100%"),
    ],
)
def test_one_form_per_language(language: str, day: str, moment: str, share: str) -> None:
    """Issue 12.9: se showed "2026 juovlamánnu 2", "2026-12-02" and "2027 ođđj 1 09:00:00" on
    one screen, fi showed seconds ("9.00.00"), sms printed "100%"."""
    when = datetime(2027, 1, 1, 7, 0, 30, tzinfo=UTC)
    assert formatting.date(date(2026, 12, 2), language) == day
    assert formatting.date_time(when, HELSINKI, language) == moment
    assert formatting.percent(1, language) == share


def test_skolt_numbers_use_the_finnish_symbols() -> None:
    assert formatting.number(12345.5, "sms") == f"12{NBSP}345,5"
    assert formatting.decimal_mark("sms") == ","
    assert formatting.time(time(12, 0), "sms") == "12.00"


class _Finder(ast.NodeVisitor):
    """Collects (file, innermost function) of strftime/isoformat calls, ``%`` format specs in
    f-strings and imports of Babel's formatting modules."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.functions = ["<module>"]
        self.found: set[tuple[str, str]] = set()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Attribute) and node.func.attr in {"strftime", "isoformat"}:
            self.found.add((self.name, self.functions[-1]))
        self.generic_visit(node)

    def visit_FormattedValue(self, node: ast.FormattedValue) -> None:
        if node.format_spec is not None and "%" in ast.unparse(node.format_spec):
            self.found.add((self.name, self.functions[-1]))
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module in {"babel.dates", "babel.numbers"}:
            self.found.add((self.name, f"import {node.module}"))


def _date_formatting_outside_the_module() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for top in ("bot", "handlers"):
        for path in sorted((ROOT / top).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if "emulator" in path.parts or name == "bot/formatting.py":
                continue
            finder = _Finder(name)
            finder.visit(ast.parse(path.read_text(encoding="utf-8")))
            found |= finder.found
    return found


def test_every_user_visible_date_goes_through_the_formatting_module() -> None:
    found = _date_formatting_outside_the_module()
    assert sorted(found) == sorted(MACHINE_READABLE)
