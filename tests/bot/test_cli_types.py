"""Typos on the command line: one line that says what is allowed, exit status 2, no work done.

Every option that takes a language, role, kind, duration, day, time, zone or count goes
through ``bot/cli_types.py``, so these are refused while the arguments are parsed, before the
settings or the database are touched.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import cli_types
from bot.cli import main
from bot.municipalities import MUNICIPALITIES
from storage.models import OrgKind, Role

LANGS = "fi, fi@selko, sv, se, smn, sms, en"
KINDS = ", ".join(kind.value for kind in OrgKind)
CATEGORIES = (
    "'traffic', 'village', 'children', 'older', 'loneliness', 'substances', 'violence', "
    "'conflicts', 'immigrants', 'tourism', 'scams', 'other'"
)


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (
            "chat --role boss",
            "kylabot chat: argument --role: unknown role 'boss'; one of: contact, coordinator, "
            "admin",
        ),
        (
            "chat --lang xx",
            f"kylabot chat: argument --lang: unknown language 'xx'; one of: {LANGS}",
        ),
        (
            "demo --lang klingon",
            f"kylabot demo: argument --lang: unknown language 'klingon'; one of: {LANGS}",
        ),
        (
            "org add X --kind village_association --language xx",
            f"kylabot org add: argument --language: unknown language 'xx'; one of: {LANGS}",
        ),
        (
            "org add X --kind club",
            f"kylabot org add: argument --kind: unknown kind 'club'; one of: {KINDS}",
        ),
        (
            "invite --org 1 --role king",
            "kylabot invite: argument --role: unknown role 'king'; one of: contact, coordinator, "
            "admin",
        ),
        (
            "invite --org 1 --expires soon",
            "kylabot invite: argument --expires: invalid duration 'soon': use e.g. 14d, 12h, 30m "
            "or 2w",
        ),
        (
            "invite --org 1 --count 0",
            "kylabot invite: argument --count: '0' is not a whole number of 1 or more",
        ),
        ("invite", "kylabot invite: one of the arguments --org --from-csv is required"),
        (
            "invite --org 1 --from-csv links.csv",
            "kylabot invite: argument --from-csv: not allowed with argument --org",
        ),
        (
            "report --lang xx",
            f"kylabot report: argument --lang: unknown language 'xx'; one of: {LANGS}",
        ),
        (
            "round schedule --cron x --timezone Mars/Olympus",
            "kylabot round schedule: argument --timezone: unknown time zone 'Mars/Olympus': use an "
            "IANA name, e.g. Europe/Helsinki",
        ),
        (
            "phenomena export --format csv --language xx",
            "kylabot phenomena export: argument --language: unknown language 'xx'; one of: "
            f"{LANGS}",
        ),
        (
            "phenomena export --format csv --since 2026-13-01",
            "kylabot phenomena export: argument --since: invalid date '2026-13-01': use YYYY-MM-DD",
        ),
        (
            "phenomena export --format csv --category nope",
            "kylabot phenomena export: argument --category: invalid choice: 'nope' (choose from "
            f"{CATEGORIES})",
        ),
        (
            "phenomena digest --on --off",
            "kylabot phenomena digest: argument --off: not allowed with argument --on",
        ),
        (
            "broadcast send --text x --base-language xx",
            f"kylabot broadcast send: argument --base-language: unknown language 'xx'; one of: "
            f"{LANGS}",
        ),
        (
            "broadcast send --text x --at tomorrow",
            "kylabot broadcast send: argument --at: invalid time 'tomorrow': use ISO 8601, e.g. "
            "2026-12-01T09:00",
        ),
        (
            "broadcast send --text x --lang-variant xx=Hei",
            "kylabot broadcast send: argument --lang-variant: 'xx=Hei': unknown language 'xx'; "
            f"one of: {LANGS}",
        ),
        (
            "broadcast list --limit 0",
            "kylabot broadcast list: argument --limit: '0' is not a whole number of 1 or more",
        ),
    ],
)
def test_a_typo_is_one_line_saying_what_is_allowed(
    argv: str, line: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KYLABOT_DATABASE_URL", "sqlite+aiosqlite:////nonexistent/never.db")
    assert main(argv.split()) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [line]
    assert captured.out == ""


def test_a_municipality_typo_lists_the_21(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["phenomena", "export", "--format", "csv", "--municipality", "Helsinki"]) == 2
    names = ", ".join(repr(name) for name in MUNICIPALITIES)
    assert len(MUNICIPALITIES) == 21
    assert capsys.readouterr().err.splitlines() == [
        "kylabot phenomena export: argument --municipality: invalid choice: 'Helsinki' "
        f"(choose from {names})"
    ]


def test_the_roles_are_the_storage_roles() -> None:
    assert tuple(role.value for role in Role) == cli_types.ROLES


@pytest.mark.parametrize(
    ("convert", "text", "value"),
    [
        (cli_types.language, " SV ", "sv"),
        (cli_types.role, "Coordinator", "coordinator"),
        (cli_types.role, "", "contact"),  # an empty role cell of an invite CSV
        (cli_types.org_kind, "parish", "parish"),
        (cli_types.duration, "2w", timedelta(weeks=2)),
        (cli_types.duration, "30 m", timedelta(minutes=30)),
        (cli_types.day, "2026-02-01", date(2026, 2, 1)),
        (cli_types.moment, "2026-12-01T09:00", datetime(2026, 12, 1, 9, 0)),
        (cli_types.timezone, "Europe/Helsinki", "Europe/Helsinki"),
        (cli_types.positive, "3", 3),
        (cli_types.language_text, "sv=Hej = alla", ("sv", "Hej = alla")),
    ],
)
def test_what_each_type_accepts(convert: Callable[[str], Any], text: str, value: Any) -> None:
    assert convert(text) == value


CONVERTERS = [
    cli_types.language,
    cli_types.role,
    cli_types.org_kind,
    cli_types.duration,
    cli_types.day,
    cli_types.moment,
    cli_types.timezone,
    cli_types.positive,
    cli_types.language_text,
]


@given(st.sampled_from(CONVERTERS), st.text(max_size=30))
def test_any_text_is_a_value_or_an_argument_error(convert: Callable[[str], Any], text: str) -> None:
    """argparse turns ArgumentTypeError into the one line; anything else would be a traceback."""
    try:
        convert(text)
    except argparse.ArgumentTypeError as error:
        assert repr(text) in str(error)
