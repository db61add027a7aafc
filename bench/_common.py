"""Helpers shared by the benchmark suites: statistics, RSS sampling, child bot processes.

Bots under test run as child processes polling the in-process Bot API emulator over loopback,
so their RSS is their own (not the load generator's or the emulator's) and the bot gets its
own core, as it would in production next to Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from bot.emulator import BotApiEmulator
from storage.db import create_engine
from storage.migrate import upgrade

REPO = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
PG_ADMIN = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "database": "test"}


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) with linear interpolation between closest ranks."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/mean/max of round-trip times, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "count": len(ms),
        "p50": round(percentile(ms, 50), 3),
        "p95": round(percentile(ms, 95), 3),
        "p99": round(percentile(ms, 99), 3),
        "mean": round(sum(ms) / len(ms), 3),
        "max": round(max(ms), 3),
    }


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": cpu,
        "logical_cpus": os.cpu_count(),
        "memory_mib": round(psutil.virtual_memory().total / MIB),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
    }


def git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


class Background:
    """A loop run beside a measurement: ``start()`` launches ``_loop``, ``stop()`` ends it."""

    _task: asyncio.Task[None] | None = None

    async def _loop(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


@dataclass
class RssSampler(Background):
    """Samples a process's resident set size in the background; keeps the peak."""

    pid: int
    interval: float = 0.02
    peak: int = 0
    _task: asyncio.Task[None] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._process = psutil.Process(self.pid)

    def now(self) -> int:
        rss = int(self._process.memory_info().rss)
        self.peak = max(self.peak, rss)
        return rss

    def cpu_seconds(self) -> float:
        """User + system CPU time the process has used so far."""
        times = self._process.cpu_times()
        return float(times.user + times.system)

    def high_water_mark(self) -> int:
        """The kernel's own peak (VmHWM) where available, else the sampled peak."""
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return max(self.peak, int(line.split()[1]) * 1024)
        return self.peak

    async def _loop(self) -> None:
        with contextlib.suppress(psutil.Error):
            while True:
                self.now()
                await asyncio.sleep(self.interval)


class ChildBot:
    """A bot running as a child process, polling ``emulator``; ``async with`` starts and stops it.

    ``argv`` is the Python code to run (after ``python``); the environment carries the
    emulator's URL and token both as ``KYLABOT_*`` settings and as ``BENCH_*`` for bare bots.
    """

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        emulator: BotApiEmulator,
        env: dict[str, str] | None = None,
        startup_timeout: float = 60.0,
        ready_method: str = "getUpdates",
        log_path: Path | None = None,
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.emulator = emulator
        self.env = env or {}
        self.startup_timeout = startup_timeout
        # Ready = the bot called this method (a webhook process: "setWebhook").
        self.ready_method = ready_method
        # Where the child's output goes (appended, every start); None: this terminal.
        self.log_path = log_path
        self.process: asyncio.subprocess.Process | None = None
        self.startup_seconds = 0.0

    @property
    def pid(self) -> int:
        assert self.process is not None, "not started"
        return self.process.pid

    async def start(self) -> None:
        env = {
            **os.environ,
            "PTB_TIMEDELTA": "true",
            "KYLABOT_TOKEN": self.emulator.token,
            "KYLABOT_API_URL": self.emulator.api_url,
            "KYLABOT_LOG_LEVEL": "WARNING",
            "BENCH_TOKEN": self.emulator.token,
            "BENCH_API_URL": self.emulator.api_url,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            **self.env,
        }
        polls_before = self.emulator.stats.requests[self.ready_method]
        started = time.perf_counter()
        output = self.log_path.open("ab") if self.log_path is not None else None
        try:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, *self.argv, cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                stdout=output, stderr=output,
            )  # fmt: skip
        finally:
            if output is not None:
                output.close()  # the child has its own copy of the descriptor
        deadline = started + self.startup_timeout
        # Ready = the bot has finished post_init and asked for updates.
        while self.emulator.stats.requests[self.ready_method] <= polls_before:
            if self.process.returncode is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode} at start")
            if time.perf_counter() > deadline:
                await self.stop()
                raise TimeoutError(f"{self.name} did not start polling in {self.startup_timeout}s")
            await asyncio.sleep(0.02)
        self.startup_seconds = time.perf_counter() - started

    async def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.returncode is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 15)
        except TimeoutError:
            process.kill()
            await process.wait()

    async def kill(self) -> None:
        """SIGKILL: the process gets no chance to finish anything (a crash, a power cut)."""
        process, self.process = self.process, None
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()

    async def __aenter__(self) -> ChildBot:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


# ------------------------------------------------------------------------ databases


async def _pg_admin(statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(**PG_ADMIN)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


class Database:
    """A fresh, migrated database for one run: a file in ``workdir``, or a new PostgreSQL
    database (dropped afterwards) on the server at 127.0.0.1:5432."""

    def __init__(self, backend: str, workdir: Path) -> None:
        self.backend = backend
        self.name = f"kylabot_bench_{uuid.uuid4().hex[:8]}"
        if backend == "sqlite":
            self.url = f"sqlite+aiosqlite:///{workdir / (self.name + '.db')}"
        else:
            self.url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{self.name}"

    async def create(self) -> None:
        if self.backend == "postgresql":
            await _pg_admin(f"CREATE DATABASE {self.name}")
        engine = create_engine(self.url)
        await upgrade(engine)
        await engine.dispose()

    async def drop(self) -> None:
        if self.backend == "postgresql":
            await _pg_admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
