"""The ``kylabot`` command line: organisations, invites, database, catalogs, errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("invite", "--org", "No Such Org"), "no organisation 'No Such Org'"),
        (("invite", "--org", "1", "--expires", "soon"), "invalid duration 'soon'"),
        (("invite", "--org", "1", "--role", "king"), "role must be contact, coordinator or admin"),
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
