"""The ``kylabot`` command line: organisations, invites, database, catalogs, errors."""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.cli import build_parser, main
from bot.emulator import BotApiEmulator

TOKEN = "654321:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"
INVITE_LINK = re.compile(r"^https://t\.me/kylabot_demo_bot\?start=([A-Za-z0-9_-]{1,64})$")


def kylabot(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PTB_TIMEDELTA": "true", **env},
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "KYLABOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "KYLABOT_BOT_USERNAME": "kylabot_demo_bot",
    }


def test_org_add_list_and_invite(env: dict[str, str]) -> None:
    added = kylabot(
        "org", "add", "Nellimin kyläyhdistys", "--kind", "village_association",
        "--municipality", "Inari", "--language", "sms", env=env,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "Nellimin kyläyhdistys" in added.stdout
    listed = kylabot("org", "list", env=env)
    assert "Nellimin kyläyhdistys" in listed.stdout and "sms" in listed.stdout
    invite = kylabot("invite", "--org", "nellimin kyläyhdistys", "--role", "coordinator", env=env)
    assert invite.returncode == 0, invite.stderr
    assert INVITE_LINK.match(invite.stdout.strip())


def test_an_organisation_can_default_to_plain_finnish(env: dict[str, str]) -> None:
    """``--language fi-x-selko`` (the BCP 47 spelling) stores plain Finnish's code, fi@selko."""
    added = kylabot(
        "org", "add", "Nellimin kyläyhdistys", "--kind", "village_association",
        "--language", "fi-x-selko", env=env,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = kylabot("org", "list", env=env).stdout.splitlines()
    assert listed[0].split() == ["id", "kind", "municipality", "lang", "contacts", "name"]
    assert listed[1].split()[1:6] == ["village_association", "-", "fi@selko", "0", "Nellimin"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("invite", "--org", "No Such Org"), "no organisation 'No Such Org'"),
        (("invite", "--org", "1", "--expires", "soon"), "invalid duration 'soon'"),
        (("invite", "--org", "1", "--role", "king"), "one of: contact, coordinator, admin"),
        (("org", "add", "X", "--kind", "club"), "unknown kind 'club'"),
    ],
)
def test_bad_input_is_one_clear_line(
    env: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    result = kylabot(*args, env=env)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_malformed_setting_is_one_clear_line(env: dict[str, str]) -> None:
    result = kylabot("org", "list", env={**env, "KYLABOT_TIMEZONE": "Nowhere/Land"})
    assert result.returncode == 2
    assert result.stderr.strip().startswith("kylabot: KYLABOT_TIMEZONE is invalid")


def test_db_upgrade_reports_the_revision(env: dict[str, str]) -> None:
    result = kylabot("db", "upgrade", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("database at ")


def test_run_without_token_explains(env: dict[str, str]) -> None:
    result = kylabot("run", env=env)
    assert result.returncode == 2
    assert "KYLABOT_TOKEN is not set" in result.stderr


def test_i18n_status_lists_every_language(env: dict[str, str]) -> None:
    result = kylabot("i18n", "status", env=env)
    for language in ("fi", "sv", "se", "smn", "sms", "en"):
        assert re.search(rf"^{language}\s", result.stdout, re.MULTILINE)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single line a failing command printed on standard error."""
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_run_without_token_prints_only_that(env: dict[str, str]) -> None:
    result = kylabot("run", env={**env, "KYLABOT_LOG_LEVEL": "INFO"})
    assert result.returncode == 2
    assert one_line(result) == (
        "kylabot: KYLABOT_TOKEN is not set: get a token from @BotFather "
        "(or use `kylabot chat` / `make demo`, which need none)"
    )


async def test_run_with_a_refused_token_is_one_line(env: dict[str, str]) -> None:
    async with BotApiEmulator(token="123456:TEST") as emulator:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run",
            env={"PATH": "/usr/bin:/bin", **env, "KYLABOT_TOKEN": TOKEN,
                 "KYLABOT_API_URL": emulator.api_url},
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(process.communicate(), 60)
    result = subprocess.CompletedProcess([], process.returncode or 0, out.decode(), err.decode())
    assert result.returncode == 1
    assert one_line(result) == (
        "kylabot: the Bot API refused the token: check KYLABOT_TOKEN (a token from @BotFather)"
    )


def test_database_down_is_one_line_without_the_password(env: dict[str, str]) -> None:
    down = {"KYLABOT_DATABASE_URL": "postgresql+asyncpg://kyla:secret@127.0.0.1:9/kylabot"}
    result = kylabot("org", "list", env={**env, **down})
    assert result.returncode == 1
    line = one_line(result)
    assert line.startswith("kylabot: cannot use the database postgresql+asyncpg://kyla:***@")
    assert line.endswith("; check KYLABOT_DATABASE_URL and that the database server is running")
    assert "secret" not in result.stderr


@pytest.mark.parametrize(
    ("args", "extra", "expected"),
    [
        (
            ("chat", "--role", "boss"),
            {},
            "kylabot chat: argument --role: unknown role 'boss'; one of: contact, coordinator, "
            "admin",
        ),
        (
            ("org", "list"),
            {"KYLABOT_LOG_LEVEL": "LOUD"},
            "kylabot: KYLABOT_LOG_LEVEL is invalid: one of DEBUG, INFO, WARNING, ERROR, CRITICAL",
        ),
        (
            ("invite", "--org", "1", "--expires", "0m"),
            {},
            "kylabot invite: argument --expires: invalid duration '0m': an invite must be valid "
            "for some time",
        ),
    ],
)
def test_fixable_mistakes_are_one_line(
    env: dict[str, str], args: tuple[str, ...], extra: dict[str, str], expected: str
) -> None:
    result = kylabot(*args, env={**env, **extra})
    assert result.returncode == 2
    assert one_line(result) == expected


def test_help_loads_no_heavy_library() -> None:
    probe = (
        "import sys, contextlib\n"
        "from bot.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(None):\n"
        "    main(['--help'])\n"
        "heavy = ('telegram', 'sqlalchemy.ext.asyncio', 'matplotlib', 'openpyxl', 'alembic',\n"
        "         'pydantic', 'babel')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout == "[]\n"


@pytest.mark.parametrize(
    "args",
    [
        ("org", "list"),
        ("org", "add", "Ivalon kyläyhdistys", "--kind", "village_association"),
        ("invite", "--org", "1"),
    ],
)
def test_org_and_invite_load_only_what_they_use(
    env: dict[str, str], sqlite_template: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """On a migrated database: the organisations' models only; no Alembic, Babel, pydantic or
    python-telegram-bot (issue 12, item 21: start-up time of the commands run most)."""
    shutil.copyfile(sqlite_template, tmp_path / "cli.db")
    assert (
        kylabot("org", "add", "Nellimin kyläyhdistys", "--kind", "parish", env=env).returncode == 0
    )
    probe = (
        "import sys, contextlib\n"
        "from bot.cli import main\n"
        "with contextlib.redirect_stdout(None):\n"
        "    code = main(sys.argv[1:])\n"
        "heavy = ('telegram', 'alembic', 'babel', 'pydantic', 'matplotlib', 'openpyxl')\n"
        "loaded = [m for m in sys.modules if m in heavy or m.startswith('storage.models.')]\n"
        "print(code, sorted(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PTB_TIMEDELTA": "true", **env},
    )
    assert result.stdout == "0 ['storage.models.base', 'storage.models.core']\n", result.stderr


def _actions(parser: argparse.ArgumentParser, path: str) -> Iterator[tuple[str, Any]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, child in action.choices.items():
                yield f"{path} {name}", helps.get(name)
                yield from _actions(child, f"{path} {name}")
        elif not isinstance(action, argparse._HelpAction):
            yield f"{path} {'/'.join(action.option_strings) or action.dest}", action.help


def test_every_command_and_option_has_help() -> None:
    missing = [where for where, text in _actions(build_parser(), "kylabot") if not text]
    assert missing == []


def test_help_speaks_to_operators() -> None:
    main_help = build_parser().format_help()
    assert "COMMAND_GROUPS" not in main_help
    run = kylabot("run", "--help", env={})
    for variable in (
        "KYLABOT_TOKEN",
        "KYLABOT_DATABASE_URL",
        "KYLABOT_ADMINS",
        "KYLABOT_LOG_LEVEL",
    ):
        assert re.search(rf"^  {variable}", run.stdout, re.MULTILINE), variable


def _org(env: dict[str, str], name: str) -> None:
    added = kylabot("org", "add", name, "--kind", "village_association", env=env)
    assert added.returncode == 0, added.stderr


def _invites(env: dict[str, str]) -> int:
    path = env["KYLABOT_DATABASE_URL"].removeprefix("sqlite+aiosqlite:///")
    with sqlite3.connect(path) as connection:
        count: int = connection.execute("SELECT count(*) FROM invite").fetchone()[0]
    return count


def test_invite_count_prints_csv(env: dict[str, str]) -> None:
    _org(env, "Nellimin kyläyhdistys")
    result = kylabot("invite", "--org", "Nellimin kyläyhdistys", "--count", "3", env=env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["organisation", "role", "link", "expiry"]
    assert [row[:2] for row in rows[1:]] == [["Nellimin kyläyhdistys", "contact"]] * 3
    assert len({row[2] for row in rows[1:]}) == 3
    assert all(INVITE_LINK.match(row[2]) for row in rows[1:])
    assert _invites(env) == 3


def test_invite_from_csv(env: dict[str, str], tmp_path: Path) -> None:
    _org(env, "Nellimin kyläyhdistys")
    _org(env, "Sevettijärven kyläyhdistys")
    listing = tmp_path / "network.csv"
    listing.write_text(
        "organisation;role;expires\n"
        "Nellimin kyläyhdistys;contact;7d\n"
        "Sevettijärven kyläyhdistys;coordinator;\n",
        encoding="utf-8-sig",
    )
    result = kylabot("invite", "--from-csv", str(listing), env=env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert [row[:2] for row in rows] == [
        ["organisation", "role"],
        ["Nellimin kyläyhdistys", "contact"],
        ["Sevettijärven kyläyhdistys", "coordinator"],
    ]
    expiry = [datetime.fromisoformat(row[3]) for row in rows[1:]]
    assert round((expiry[1] - expiry[0]) / timedelta(days=1)) == 14 - 7


def test_invite_csv_with_mistakes_creates_nothing(env: dict[str, str], tmp_path: Path) -> None:
    _org(env, "Nellimin kyläyhdistys")
    listing = tmp_path / "network.csv"
    listing.write_text(
        "Nellimin kyläyhdistys,contact\nNo Such Village,contact\nNellimin kyläyhdistys,king\n",
        encoding="utf-8",
    )
    result = kylabot("invite", "--from-csv", str(listing), env=env)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{listing}: line 3: unknown role 'king'; one of: contact, coordinator, admin",
        f"kylabot: 1 problem(s) in {listing}; no invites were created",
    ]
    fixed = tmp_path / "fixed.csv"
    fixed.write_text("Nellimin kyläyhdistys,contact\nNo Such Village,contact\n", encoding="utf-8")
    result = kylabot("invite", "--from-csv", str(fixed), env=env)
    assert result.stderr.splitlines() == [
        f"{fixed}: line 2: no organisation 'No Such Village'",
        f"kylabot: 1 problem(s) in {fixed}; no invites were created",
    ]
    assert _invites(env) == 0


def test_a_closed_pipe_is_not_reported_as_a_database_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kylabot i18n status | head -1` said "cannot use the database ... Broken pipe"."""

    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["i18n", "status"]) == 141
    assert "database" not in capsys.readouterr().err
