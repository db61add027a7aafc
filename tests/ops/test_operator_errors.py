"""What an operator sees when something is wrong: one line, never a traceback (issue 11)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bench._common import REPO, ChildBot
from bot.emulator import BotApiEmulator
from storage.migrate import upgrade_sync
from storage.schema_check import script_heads
from tests.ops.support import free_port

# the schema this kylabot ends at (its only head)
HEAD = next(iter(script_heads()))

TOKEN = "123456:TEST"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "PTB_TIMEDELTA": "true",
        "KYLABOT_TOKEN": TOKEN,
        "KYLABOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'ops.db'}",
        "KYLABOT_LISTEN": "off",
        **extra,
    }


async def _kylabot(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *args, cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 90)
    return process.returncode or 0, out.decode(), err.decode()


def _message(line: str) -> str:
    """A log line without its time stamp: ``LEVEL logger: text``."""
    return line.split(" ", 2)[2]


async def test_telegram_unreachable_at_start_retries_and_says_when_it_got_through(
    tmp_path: Path,
) -> None:
    port = free_port()
    api = f"http://127.0.0.1:{port}"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", cwd=REPO,
        env=_env(tmp_path, KYLABOT_API_URL=api), stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    try:
        first = (await asyncio.wait_for(process.stderr.readline(), 30)).decode().rstrip()
        assert _message(first) == (
            f"WARNING kylabot: cannot reach the Bot API at {api} (connection failed); "
            "retrying in 1 s"
        )
        async with BotApiEmulator(token=TOKEN) as emulator:
            await emulator.stop()
            await emulator.start(port=port)
            while True:
                line = (await asyncio.wait_for(process.stderr.readline(), 30)).decode().rstrip()
                assert "Traceback" not in line
                if "reached the Bot API" in line:
                    break
            assert _message(line).startswith(
                f"WARNING kylabot: reached the Bot API at {api} after "
            )
            for _ in range(200):  # running: it asks for updates
                if emulator.stats.requests["getUpdates"]:
                    break
                await asyncio.sleep(0.05)
            assert emulator.stats.requests["getUpdates"] > 0
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), 30) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_a_second_run_on_the_same_sqlite_file_is_refused(tmp_path: Path) -> None:
    async with BotApiEmulator(token=TOKEN) as emulator:
        env = _env(tmp_path, KYLABOT_API_URL=emulator.api_url)
        first = ChildBot("first", ["-m", "bot.cli", "run"], emulator, env)
        async with first:
            code, _out, err = await _kylabot(env, "run")
    path = tmp_path / "ops.db"
    assert code == 1
    assert err == (
        f"kylabot: another `kylabot run` (pid {first_pid(tmp_path)}) is using {path}: one "
        "process per SQLite file; stop it first, or use PostgreSQL to run several\n"
    )


def first_pid(tmp_path: Path) -> str:
    return (tmp_path / "ops.db.run.lock").read_text().split()[1]


async def test_a_webhook_url_telegram_refuses_is_one_line(tmp_path: Path) -> None:
    async with BotApiEmulator(token=TOKEN) as emulator:
        env = _env(
            tmp_path,
            KYLABOT_API_URL=emulator.api_url,
            KYLABOT_WEBHOOK_URL="http://bot.example.test/telegram",
            KYLABOT_LISTEN=f"127.0.0.1:{free_port()}",
        )
        code, _out, err = await _kylabot(env, "run")
    assert code == 1
    # start-up's own INFO lines come first (the application had started); then the one line
    assert "Traceback" not in err and " ERROR " not in err
    assert err.splitlines()[-1] + "\n" == (
        "kylabot: Telegram refused the webhook URL http://bot.example.test/telegram: Bad "
        "Request: bad webhook: An HTTPS URL must be provided for webhook; check "
        "KYLABOT_WEBHOOK_URL (https, port 443, 80, 88 or 8443, a certificate Telegram trusts)\n"
    )


async def test_run_with_the_database_down_names_it_without_the_password(tmp_path: Path) -> None:
    async with BotApiEmulator(token=TOKEN) as emulator:
        down = "postgresql+asyncpg://kyla:secret@127.0.0.1:9/kylabot"
        env = _env(tmp_path, KYLABOT_API_URL=emulator.api_url, KYLABOT_DATABASE_URL=down)
        code, _out, err = await _kylabot(env, "run")
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("kylabot: cannot use the database postgresql+asyncpg://kyla:***@")
    assert "secret" not in err


async def test_doctor_passes_on_a_ready_installation(tmp_path: Path) -> None:
    env = _env(tmp_path)
    await asyncio.to_thread(upgrade_sync, env["KYLABOT_DATABASE_URL"])
    async with BotApiEmulator(token=TOKEN) as emulator:
        code, out, err = await _kylabot({**env, "KYLABOT_API_URL": emulator.api_url}, "doctor")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["ok", name]
        for name in ("settings", "database", "migrations", "catalogs", "token", "webhook")
    ]
    assert lines[2] == f"ok    migrations  at {HEAD}"
    assert lines[4] == "ok    token       @kylabot_demo_bot (id 123456)"
    assert lines[5] == "ok    webhook     polling mode; no webhook set (0 updates waiting)"


@pytest.mark.parametrize("problem", ["token", "database"])
async def test_doctor_names_what_fails(tmp_path: Path, problem: str) -> None:
    async with BotApiEmulator(token=TOKEN) as emulator:
        env = _env(tmp_path, KYLABOT_API_URL=emulator.api_url)
        if problem == "token":
            env["KYLABOT_TOKEN"] = "654321:WRONGWRONGWRONGWRONGWRONG"
        else:
            env["KYLABOT_DATABASE_URL"] = "postgresql+asyncpg://kyla:secret@127.0.0.1:9/kylabot"
        code, out, _err = await _kylabot(env, "doctor")
    assert code == 1
    failed = [line for line in out.splitlines() if line.startswith("FAIL")]
    if problem == "token":
        assert failed == [
            f"FAIL  migrations  at empty, this kylabot needs {HEAD}: run `kylabot db upgrade` "
            "(`kylabot run` does it at start)",
            "FAIL  token       the Bot API refused the token: check KYLABOT_TOKEN (a token "
            "from @BotFather)",
            "FAIL  webhook     getWebhookInfo answered 401",
        ]
    else:
        assert [line.split()[1] for line in failed] == ["database", "migrations"]
        assert failed[0].startswith("FAIL  database    postgresql+asyncpg://kyla:***@127.0.0.1:9")
        assert "secret" not in out
