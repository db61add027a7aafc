"""Foundation figures: one guided-conversation step of kylabot beside a bare PTB echo bot.

The guided step is the two-part /language flow of handlers/settings/conversation.py, each part
timed as one round trip from the user's action to the bot's answer as the emulator records it:

* ``command_to_keyboard``: the user sends ``/language`` → the bot sends the language keyboard;
* ``tap_to_edit``: the user taps a language → the bot edits that message into the confirmation,
  written in the newly chosen language (checked word for word).

Each part is a full update for kylabot: dedupe row, contact and conversation loaded and written
in one database transaction, translation, Bot API call(s). The baseline is a bare
python-telegram-bot application echoing text (bench/_echo.py), timed the same way on the same
emulator in the same run. Both bots run as child processes polling the emulator over loopback.

Phases, per bot: start (idle RSS), warm-up (not counted), a single user stepping sequentially
(latency), then ``--users`` users stepping concurrently, each waiting for the answer before its
next action (throughput in updates/s, latency under load, peak RSS).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import psutil

from bench._common import MIB, ChildBot, Database, RssSampler, latency_summary
from bot.emulator import BotApiEmulator, EmulatedUser, FaultPlan, SentMessage
from bot.i18n import ENDONYMS, LANGUAGES, Catalogs
from handlers.settings.conversation import LANGUAGE_SET
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Contact, Organisation, OrgKind, Role
from storage.types import utcnow

DESCRIPTION = "kylabot's guided /language step vs a bare PTB echo bot; RSS"

KYLABOT_CODE = "from bot.cli import main; raise SystemExit(main(['run']))"
ECHO_MODULE = "bench._echo"

# User id ranges: kylabot's seeded contacts, and the echo bot's (unregistered) users.
KYLABOT_BASE = 700_000_000
ECHO_BASE = 800_000_000
WARMUP_OFFSET, SEQUENTIAL_OFFSET, LOAD_OFFSET = 0, 10, 100

Step = Callable[[EmulatedUser, int], Awaitable[str]]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--users", type=int, default=50, help="concurrent users (default 50)")
    parser.add_argument("--steps", type=int, default=20, help="steps per user under load (20)")
    parser.add_argument(
        "--latency-steps", type=int, default=200, help="sequential steps of one user (200)"
    )
    parser.add_argument("--warmup", type=int, default=20, help="uncounted warm-up steps (20)")
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to wait for one answer (30)"
    )
    parser.add_argument(
        "--backend", choices=("sqlite", "postgresql"), default="sqlite", help="kylabot's database"
    )
    parser.add_argument(
        "--api-latency",
        type=float,
        default=0.0,
        metavar="MS",
        help="added to every Bot API call, as a real Telegram far away would (default 0)",
    )
    parser.add_argument(
        "--global-rate",
        type=float,
        default=1000.0,
        metavar="N",
        help=(
            "kylabot's KYLABOT_GLOBAL_RATE here (default 1000: the step's cost is measured "
            "against an echo bot that sends unpaced; 30, Telegram's real limit, caps both)"
        ),
    )


class StepError(Exception):
    """The bot answered something other than what the step expects."""


class Measurement:
    """Round-trip times per step kind, and the failures."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = {}
        self.errors: list[str] = []

    def add(self, kind: str, seconds: float) -> None:
        self.seconds.setdefault(kind, []).append(seconds)

    @property
    def all(self) -> list[float]:
        return [s for values in self.seconds.values() for s in values]

    @property
    def count(self) -> int:
        return sum(len(values) for values in self.seconds.values())

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"steps": self.count, "errors": len(self.errors)}
        if self.count:
            out["latency_ms"] = latency_summary(self.all)
            if len(self.seconds) > 1:
                out["by_step"] = {k: latency_summary(v) for k, v in self.seconds.items()}
        if self.errors:
            out["first_errors"] = self.errors[:5]
        return out


async def _drive(user: EmulatedUser, steps: int, step: Step, into: Measurement) -> None:
    """One user taking ``steps`` steps, each after the previous answer arrived."""
    for index in range(steps):
        started = time.perf_counter()
        try:
            kind = await step(user, index)
        except (TimeoutError, LookupError, StepError) as exc:
            into.errors.append(f"user {user.id} step {index}: {type(exc).__name__}: {exc}"[:300])
            return  # the conversation is out of step; the rest of this user's run is void
        into.add(kind, time.perf_counter() - started)


def _own_cpu() -> float:
    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


def _api_calls(emulator: BotApiEmulator, before: Counter[str]) -> dict[str, int]:
    after = emulator.stats.requests
    return {
        method: after[method] - before.get(method, 0)
        for method in sorted(after)
        if method != "getUpdates" and after[method] - before.get(method, 0)
    }


async def _measure_bot(
    bot: ChildBot,
    emulator: BotApiEmulator,
    step: Step,
    user_for: Callable[[int], EmulatedUser],
    args: argparse.Namespace,
) -> dict[str, Any]:
    async with bot:
        sampler = RssSampler(bot.pid)
        await asyncio.sleep(0.5)  # let start-up settle (the child's first long poll is out)
        idle = statistics.median([sampler.now() for _ in range(5)])
        sampler.peak = 0
        sampler.start()
        try:
            warmup = Measurement()
            await _drive(user_for(WARMUP_OFFSET), args.warmup, step, warmup)

            sequential = Measurement()
            calls_before = Counter(emulator.stats.requests)
            await _drive(user_for(SEQUENTIAL_OFFSET), args.latency_steps, step, sequential)
            calls = _api_calls(emulator, calls_before)

            load = Measurement()
            users = [user_for(LOAD_OFFSET + n) for n in range(args.users)]
            bot_cpu, own_cpu = sampler.cpu_seconds(), _own_cpu()
            started = time.perf_counter()
            await asyncio.gather(*(_drive(u, args.steps, step, load) for u in users))
            elapsed = time.perf_counter() - started
            bot_cpu, own_cpu = sampler.cpu_seconds() - bot_cpu, _own_cpu() - own_cpu
        finally:
            await sampler.stop()
        peak = max(sampler.peak, sampler.now())
        lifetime_peak = sampler.high_water_mark()
    concurrent = load.summary()
    concurrent.update(
        users=args.users,
        seconds=round(elapsed, 3),
        updates_per_s=round(load.count / elapsed, 1) if elapsed > 0 else 0.0,
        # CPU the bot spent per update, and how busy each side was (1.0 = one core saturated):
        # if the harness is near 1.0 the emulator, not the bot, limits updates/s.
        bot_cpu_ms_per_update=round(bot_cpu * 1000 / load.count, 3) if load.count else None,
        bot_cpu_utilisation=round(bot_cpu / elapsed, 2) if elapsed > 0 else None,
        harness_cpu_utilisation=round(own_cpu / elapsed, 2) if elapsed > 0 else None,
    )
    sequential_summary = sequential.summary()
    if sequential.count:
        sequential_summary["api_calls_per_step"] = {
            method: round(n / sequential.count, 2) for method, n in calls.items()
        }
    return {
        "startup_s": round(bot.startup_seconds, 3),
        "sequential": sequential_summary,
        "concurrent": concurrent,
        "rss_mib": {
            "idle": round(idle / MIB, 1),
            "peak_under_load": round(peak / MIB, 1),
            "peak_lifetime": round(lifetime_peak / MIB, 1),
        },
        "errors": len(warmup.errors) + len(sequential.errors) + len(load.errors),
    }


# ------------------------------------------------------------------------------- kylabot


async def _seed(database_url: str, user_ids: list[int]) -> None:
    """Onboarded contacts, written directly: onboarding itself is not what is measured."""
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        sessionmaker = create_sessionmaker(engine)
        async with sessionmaker() as session, session.begin():
            org = Organisation(
                name="Benchmark kyläyhdistys",
                kind=OrgKind.VILLAGE_ASSOCIATION,
                municipality="Inari",
                language="fi",
            )
            session.add(org)
            await session.flush()
            now = utcnow()
            session.add_all(
                Contact(
                    telegram_user_id=uid,
                    organisation_id=org.id,
                    role=Role.CONTACT,
                    language="fi",
                    display_name=f"Bench {uid}",
                    consent_at=now,
                )
                for uid in user_ids
            )
    finally:
        await engine.dispose()


def _kylabot_step(catalogs: Catalogs, timeout: float) -> Step:
    confirmations = {
        code: catalogs.get(code)._(LANGUAGE_SET) % {"language": ENDONYMS[code]}
        for code in LANGUAGES
    }

    labels = {code: catalogs.language_label(code) for code in LANGUAGES}

    def keyboard(message: SentMessage) -> bool:
        # Every language, whatever else the keyboard has (a Cancel button).
        return set(labels.values()) <= {label for row in message.buttons for label, _ in row}

    async def step(user: EmulatedUser, index: int) -> str:
        if index % 2 == 0:
            await user.send_text("/language")
            await user.wait_for_message(keyboard, timeout=timeout)
            return "command_to_keyboard"
        language = LANGUAGES[(user.id + index // 2) % len(LANGUAGES)]
        await user.tap(labels[language])
        answer = await user.wait_for_message(timeout=timeout)
        if answer.text != confirmations[language]:
            raise StepError(f"expected {confirmations[language]!r}, got {answer.text!r}")
        return "tap_to_edit"

    return step


def _echo_step(timeout: float) -> Step:
    async def step(user: EmulatedUser, index: int) -> str:
        text = f"Hei {index}, täällä {user.first_name}"
        await user.send_text(text)
        await user.wait_for_message(lambda m: m.text == text, timeout=timeout)
        return "text_to_reply"

    return step


async def _measure_both(
    args: argparse.Namespace, catalogs: Catalogs, database_url: str, offsets: list[int]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The echo bot, then kylabot, on one emulator (with the chosen Bot API latency)."""
    await _seed(database_url, [KYLABOT_BASE + offset for offset in offsets])
    async with BotApiEmulator() as emulator:
        if args.api_latency:
            emulator.faults = FaultPlan(latency=args.api_latency / 1000, methods=None)

        def echo_user(offset: int) -> EmulatedUser:
            return emulator.user(ECHO_BASE + offset, f"Echo{offset}", language_code="fi")

        def kylabot_user(offset: int) -> EmulatedUser:
            return emulator.user(KYLABOT_BASE + offset, f"Bench{offset}", language_code="fi")

        echo_bot = ChildBot("echo bot", ["-m", ECHO_MODULE], emulator)
        echo = await _measure_bot(echo_bot, emulator, _echo_step(args.timeout), echo_user, args)
        # Since issue 19 (item 10) every message of kylabot's, replies too, keeps to Telegram's
        # overall rate; the echo bot keeps to none and the emulator enforces none, so at 30/s
        # this bench would time the rate limit, not the step (--global-rate 30 shows it).
        environment = {
            "KYLABOT_DATABASE_URL": database_url,
            "KYLABOT_GLOBAL_RATE": str(args.global_rate),
        }
        kylabot_bot = ChildBot("kylabot", ["-c", KYLABOT_CODE], emulator, environment)
        kylabot = await _measure_bot(
            kylabot_bot, emulator, _kylabot_step(catalogs, args.timeout), kylabot_user, args
        )
    return echo, kylabot


async def run(args: argparse.Namespace) -> dict[str, Any]:
    catalogs = Catalogs()
    offsets = [WARMUP_OFFSET, SEQUENTIAL_OFFSET, *(LOAD_OFFSET + n for n in range(args.users))]
    with tempfile.TemporaryDirectory(prefix="kylabot-bench-") as tmp:
        database = Database(args.backend, Path(tmp))
        await database.create()
        try:
            echo, kylabot = await _measure_both(args, catalogs, database.url, offsets)
        finally:
            await database.drop()
    return {
        "step": "/language → language keyboard; tap a language → edited confirmation",
        "baseline": "bare python-telegram-bot echo bot (MessageHandler, 256 concurrent updates)",
        "database": (
            "SQLite file (WAL) in a temporary directory"
            if args.backend == "sqlite"
            else "PostgreSQL at 127.0.0.1:5432, a fresh database"
        )
        + (f"; Bot API latency {args.api_latency:g} ms" if args.api_latency else ""),
        "params": {
            "users": args.users,
            "steps_per_user": args.steps,
            "latency_steps": args.latency_steps,
            "warmup": args.warmup,
            "backend": args.backend,
            "api_latency_ms": args.api_latency,
        },
        "kylabot": kylabot,
        "echo": echo,
        "errors": kylabot["errors"] + echo["errors"],
    }


def format_result(result: dict[str, Any]) -> str:
    """A readable table of the figures."""
    bot, echo = result["kylabot"], result["echo"]
    params = result["params"]

    def get(side: dict[str, Any], *path: str) -> str:
        value: Any = side
        for key in path:
            if not isinstance(value, dict) or key not in value:
                return "–"
            value = value[key]
        return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"

    rows = [
        (f"updates/s, {params['users']} users concurrently", ("concurrent", "updates_per_s")),
        ("latency p50 ms, one user", ("sequential", "latency_ms", "p50")),
        ("latency p95 ms, one user", ("sequential", "latency_ms", "p95")),
        ("latency p50 ms, under load", ("concurrent", "latency_ms", "p50")),
        ("latency p95 ms, under load", ("concurrent", "latency_ms", "p95")),
        ("bot CPU ms per update, under load", ("concurrent", "bot_cpu_ms_per_update")),
        ("bot CPU use, under load (cores)", ("concurrent", "bot_cpu_utilisation")),
        ("harness CPU use, under load (cores)", ("concurrent", "harness_cpu_utilisation")),
        ("RSS idle MiB", ("rss_mib", "idle")),
        ("RSS peak MiB, under load", ("rss_mib", "peak_under_load")),
        ("RSS peak MiB, lifetime", ("rss_mib", "peak_lifetime")),
        ("start-up s", ("startup_s",)),
        ("errors", ("errors",)),
    ]
    width = max(len(label) for label, _ in rows)
    lines = [
        f"foundation — {result['step']}",
        f"  {params['users']} users × {params['steps_per_user']} steps under load, "
        f"{params['latency_steps']} sequential steps; {result['database']}",
        "",
        f"  {'':{width}}  {'kylabot':>12}  {'echo (PTB)':>12}",
    ]
    for label, path in rows:
        lines.append(f"  {label:{width}}  {get(bot, *path):>12}  {get(echo, *path):>12}")
    by_step = bot.get("sequential", {}).get("by_step", {})
    if by_step:
        lines.append("")
        lines.append("  kylabot per step, one user (p50 / p95 ms):")
        for kind, summary in by_step.items():
            lines.append(f"    {kind:<22} {summary['p50']:>8.2f} / {summary['p95']:.2f}")
    calls = bot.get("sequential", {}).get("api_calls_per_step")
    if calls:
        listed = ", ".join(f"{method} {n}" for method, n in calls.items())
        lines.append(f"  Bot API calls per kylabot step: {listed}")
    return "\n".join(lines)
