"""``kylabot chat`` driven as a person would: typed lines in, the bot's messages out."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import httpx

from bot.i18n import Catalogs
from handlers.checkin.plan_file import load_plan_file
from handlers.checkin.plan_import import apply_plan
from handlers.checkin.rounds import start_round
from handlers.checkin.seed import EXAMPLE_PLAN
from storage.db import create_engine, create_sessionmaker
from storage.types import utcnow


def test_chat_onboards_and_answers_in_inari_sami() -> None:
    # The language keyboard is the first keyboard: Suomi=1, Selkosuomi=2 ... Anarâškielâ=5,
    # then "I agree"=1.
    lines = "5\n1\n/help\n:quit\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--lang", "smn"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    tr = Catalogs().get("smn")
    assert tr._("Change the language") in result.stdout
    assert "[5] Anarâškielâ" in result.stdout


def chat(database_url: str, folder: Path, lines: str, *options: str) -> str:
    """One ``kylabot chat`` session on ``database_url``; its output, a line per bot line."""
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--lang", "en", "--database", database_url,
         "--files", str(folder / "files"), *options],
        input=lines, capture_output=True, text=True, timeout=90, check=True,
    )  # fmt: skip
    return result.stdout.replace("you> ", "\n")


def test_a_second_session_on_the_same_database_gets_answers(
    database_url: str, tmp_path: Path
) -> None:
    # English=7, then "I agree"=1. The second session's updates must not look handled already.
    first = chat(database_url, tmp_path, "7\n1\n:quit\n")
    assert "bot> Welcome, Testaaja! You now answer for Kokeilukylän kyläyhdistys." in first
    second = chat(database_url, tmp_path, "/language\n7\n:quit\n")
    assert "bot> [edited] From now on I speak English with you." in second


def _round_of_example_plan(database_url: str) -> None:
    async def seed() -> None:
        engine = create_engine(database_url)
        async with create_sessionmaker(engine)() as session, session.begin():
            result = await apply_plan(session, load_plan_file(EXAMPLE_PLAN))
            zone = ZoneInfo("Europe/Helsinki")
            await start_round(session, result.plan, utcnow(), zone, label="T1/2026")
        await engine.dispose()

    asyncio.run(seed())


def test_files_are_saved_and_button_notices_shown(database_url: str, tmp_path: Path) -> None:
    _round_of_example_plan(database_url)
    # English, I agree, Check-in, Done (the tap's notice), then /mydata sends a JSON file.
    out = chat(database_url, tmp_path, "7\n1\n1\n1\n/mydata\n:quit\n")
    assert "bot> (notice) Done" in out.splitlines()
    saved = [line.split("saved: ")[1] for line in out.splitlines() if "saved: " in line]
    assert [Path(p).name for p in saved] == ["009-kylabot-mydata.json"]
    document = json.loads(Path(saved[0]).read_text(encoding="utf-8"))
    assert document["contact"]["name"] == "Testaaja"
    assert f"Files the bot sends are saved in {tmp_path / 'files'}" in out.splitlines()


def test_report_files_are_saved(database_url: str, tmp_path: Path) -> None:
    _round_of_example_plan(database_url)
    # English, I agree, /report, then the CSV button (third), /report again and the chart.
    out = chat(database_url, tmp_path, "7\n1\n/report\n3\n/report\n1\n:quit\n", "--role",
               "coordinator")  # fmt: skip
    saved = [line.split("saved: ")[1] for line in out.splitlines() if "saved: " in line]
    assert sorted(Path(p).name.split("-", 1)[1] for p in saved) == [
        "checkin-T1-2026.csv",
        "checkin-T1-2026.png",
    ]
    assert sorted((tmp_path / "files").iterdir()) == sorted(Path(p) for p in saved)
    assert Path(saved[0]).read_bytes().startswith(b"\xef\xbb\xbf")  # the CSV came first


def test_a_coordinators_chat_prints_a_signed_desk_url_that_opens_the_desk(
    tmp_path: Path,
) -> None:
    """``kylabot chat --role coordinator`` serves the desk on loopback; its printed URL carries
    initData signed for the emulated person, which the desk accepts once they have joined."""
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "bot.cli", "chat", "--lang", "en", "--role", "coordinator",
         "--files", str(tmp_path / "files")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdin is not None and process.stdout is not None
    # A line that never comes must fail the test, not hang the suite: killing the process
    # closes its output, which ends the reads below.
    watchdog = threading.Timer(120, process.kill)
    watchdog.start()
    try:
        lines = iter(process.stdout.readline, "")
        assert any(line.startswith("Coordinator desk") for line in lines)
        url = next(lines).strip()
        process.stdin.write("7\n1\n")  # English (after Selkosuomi in the picker), "I agree"
        process.stdin.flush()
        assert any("Welcome, Testaaja!" in line for line in lines)
        page, fragment = url.split("#", 1)
        init_data = parse_qs(fragment)["tgWebAppData"][0]
        rounds = httpx.get(f"{page}/page/rounds", headers={"Authorization": f"tma {init_data}"})
        frame = httpx.get(page)
        process.stdin.write(":quit\n")
        process.stdin.flush()
        assert process.wait(timeout=60) == 0
    finally:
        watchdog.cancel()
        process.kill()
        process.wait()
    assert page.startswith("http://127.0.0.1:") and page.endswith("/desk")
    assert (rounds.status_code, frame.status_code) == (200, 200)
    assert "No rounds yet." in rounds.text
