"""A national network on PostgreSQL: several bot processes behind one webhook (issue 11).

``--contacts`` contacts in ``--organisations`` organisations are responsible for one measure;
a round is started and ``--processes`` ``kylabot run --webhook`` children (one PostgreSQL
database, the emulator's webhook delivery spreading requests over their ports as a load
balancer would) write and send the invitations. Then ``--answering`` of them tap Start at
once and each waits for its first question. Reported: seconds to the last invitation, the
outbox lag seen meanwhile (``/metrics``), updates/s and step p50/p95 of the answers, and
each process's RSS. Run it at full scale on a quiet machine; the defaults are small.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

from bench._common import ChildBot, Database, RssSampler, latency_summary
from bench._seed import seed_round
from bot.emulator import BotApiEmulator, EmulatedUser

DESCRIPTION = "national scale on PostgreSQL: processes behind one webhook, a round to all"
FIRST_CONTACT = 700_000_000
ECHO_BASE = 800_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--contacts", type=int, default=400, help="(400; full: 20000)")
    parser.add_argument("--organisations", type=int, default=80, help="(80; full: 4000)")
    parser.add_argument("--answering", type=int, default=40, help="(40; full: 2000)")
    parser.add_argument("--processes", type=int, default=2, help="bot processes (2)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds for it all (600)")


async def _lag(port: int) -> float:
    async with httpx.AsyncClient(timeout=5) as client:
        text = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
    for line in text.splitlines():
        if line.startswith("kylabot_outbox_lag_seconds "):
            return float(line.split()[1])
    return 0.0


async def _answer(user: EmulatedUser) -> float:
    started = time.perf_counter()
    await user.tap("Aloita")
    await user.wait_for_message(lambda m: "1/1" in (m.text or ""), timeout=120)
    return time.perf_counter() - started


async def _echo_step(user: EmulatedUser) -> float:
    text = f"Hei, täällä {user.first_name}"
    started = time.perf_counter()
    await user.send_text(text)
    await user.wait_for_message(lambda m: m.text == text, timeout=120)
    return time.perf_counter() - started


async def _echo(emulator: BotApiEmulator, answering: int) -> dict[str, Any]:
    """The bare python-telegram-bot echo bot, the same number of people writing at once."""
    users = [emulator.user(ECHO_BASE + i, f"E {i}") for i in range(answering)]
    async with ChildBot("echo bot", ["-m", "bench._echo"], emulator) as bot:
        sampler = RssSampler(bot.pid)
        cpu = sampler.cpu_seconds()
        began = time.perf_counter()
        steps = await asyncio.gather(*(_echo_step(u) for u in users))
        elapsed = time.perf_counter() - began
        cpu = sampler.cpu_seconds() - cpu
    return {
        "updates_per_second": round(len(steps) / elapsed, 1),
        "step_ms": latency_summary(steps),
        "cpu_cores": round(cpu / elapsed, 2),
    }


def _machine_busy() -> float:
    """CPU seconds the whole machine has been busy so far (every process, the database too).

    PostgreSQL's own share is what is left after the bots and the harness: its backends come
    and go with connections, so summing its processes at two moments would miss the ones that
    ended in between.
    """
    times = psutil.cpu_times()
    return float(times.user + times.nice + times.system + times.irq + times.softirq)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from tests.ops.support import PUBLIC_URL, free_port  # the same stand-ins as the tests

    workdir = Path(tempfile.mkdtemp(prefix="kylabot-national-"))
    database = Database("postgresql", workdir)
    await database.create()
    errors = 0
    result: dict[str, Any] = {}
    try:
        await seed_round(
            database.url,
            organisations=args.organisations,
            contacts=args.contacts,
            first_contact=FIRST_CONTACT,
            language="fi",
            plan_key="national",
            zone="Europe/Helsinki",
        )
        async with BotApiEmulator() as emulator:
            # The echo bot first, by long polling, before the bots set the webhook.
            echo = await _echo(emulator, args.answering)
            echoed = emulator.total_delivered  # the echo bot's replies are not invitations
            emulator.ensure_chats(FIRST_CONTACT + i for i in range(args.contacts))
            answering = [emulator.user(FIRST_CONTACT + i, f"K {i}") for i in range(args.answering)]
            ports = [free_port() for _ in range(args.processes)]
            emulator.webhook.set_targets([f"http://127.0.0.1:{p}/telegram" for p in ports])
            env = {
                "KYLABOT_DATABASE_URL": database.url,
                "KYLABOT_WEBHOOK_URL": PUBLIC_URL,
                "KYLABOT_QUIET_HOURS": "00:00-00:00",
                "KYLABOT_GLOBAL_RATE": "30",  # all processes together: they share it
            }
            bots = [
                ChildBot(
                    f"kylabot-{n}",
                    ["-m", "bot.cli", "run"],
                    emulator,
                    {**env, "KYLABOT_LISTEN": f"127.0.0.1:{port}"},
                    ready_method="setWebhook",
                )
                for n, port in enumerate(ports)
            ]
            started = time.perf_counter()
            samplers: list[RssSampler] = []
            lag = 0.0
            try:
                for bot in bots:
                    await bot.start()
                    sampler = RssSampler(bot.pid)
                    sampler.start()
                    samplers.append(sampler)
                deadline = started + args.timeout
                while (
                    emulator.total_delivered - echoed < args.contacts
                    and time.perf_counter() < deadline
                ):
                    lag = max([lag, *[await _lag(port) for port in ports]])
                    await asyncio.sleep(1)
                invited = time.perf_counter() - started
                if emulator.total_delivered - echoed < args.contacts:
                    errors += 1
                cpu = [s.cpu_seconds() for s in samplers]
                machine_cpu, harness_cpu = _machine_busy(), time.process_time()
                began = time.perf_counter()
                steps = await asyncio.gather(*(_answer(u) for u in answering))
                elapsed = time.perf_counter() - began
                cpu = [s.cpu_seconds() - before for s, before in zip(samplers, cpu, strict=True)]
                machine_cpu = _machine_busy() - machine_cpu
                harness_cpu = time.process_time() - harness_cpu
                result = {
                    "contacts": args.contacts,
                    "organisations": args.organisations,
                    "processes": args.processes,
                    "invitation_seconds": round(invited, 1),
                    "outbox_lag_max_seconds": round(lag, 1),
                    "answering": args.answering,
                    "updates_per_second": round(len(steps) / elapsed, 1),
                    "step_ms": latency_summary(steps),
                    "echo": echo,
                    # Cores each side kept busy while people answered (the machine's count is
                    # psutil.cpu_count()): the first to near it is what saturates.
                    "cpu_cores_while_answering": {
                        "bots": [round(c / elapsed, 2) for c in cpu],
                        "harness_and_emulator": round(harness_cpu / elapsed, 2),
                        "postgresql_and_the_rest": round(
                            (machine_cpu - sum(cpu) - harness_cpu) / elapsed, 2
                        ),
                        "whole_machine": round(machine_cpu / elapsed, 2),
                        "machine": psutil.cpu_count(),
                    },
                    "rss_mib": [round(s.high_water_mark() / 2**20) for s in samplers],
                    "webhook_posts_by_process": list(emulator.webhook.by_target.values()),
                }
            finally:
                for sampler in samplers:
                    await sampler.stop()
                for bot in bots:
                    await bot.stop()
    finally:
        await database.drop()
    result["errors"] = errors
    return result


def format_result(result: dict[str, Any]) -> str:
    step = result.get("step_ms", {})
    echo = result.get("echo", {})
    echo_step = echo.get("step_ms", {})
    return "\n".join(
        [
            f"{result.get('contacts')} contacts in {result.get('organisations')} organisations, "
            f"{result.get('processes')} processes behind one webhook (PostgreSQL)",
            f"invitation to all: {result.get('invitation_seconds')} s, outbox lag at most "
            f"{result.get('outbox_lag_max_seconds')} s",
            f"{result.get('answering')} answering at once: {result.get('updates_per_second')} "
            f"updates/s, step p50 {step.get('p50')} ms, p95 {step.get('p95')} ms",
            f"echo bot, as many at once: {echo.get('updates_per_second')} updates/s, step p50 "
            f"{echo_step.get('p50')} ms, p95 {echo_step.get('p95')} ms",
            f"cores busy while answering: {result.get('cpu_cores_while_answering')}",
            f"RSS per process (MiB): {result.get('rss_mib')}; webhook requests per process: "
            f"{result.get('webhook_posts_by_process')}",
        ]
    )
