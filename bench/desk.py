"""The coordinator desk at Lapland's scale (issue 17): page times, page weight, step latency.

A network of 4,000 organisations, 100,000 answers over four rounds and 5,000 phenomena
(``bench/_desk_seed.py``; ``--scale`` multiplies the sizes) is seeded into a fresh migrated
database, and ``kylabot run`` starts as a child process polling the Bot API emulator with the
desk on (``KYLABOT_DESK_URL`` on loopback), as in production: the desk and the bot's updates
share one process and one database. Then, per database:

* every page of ``handlers.desk.web.PAGES`` with each of its filters is loaded ``--requests``
  times by a seeded coordinator (``initData`` signed by the emulator's token, as Telegram
  signs it); p50/p95 of the server's own time (the ``Server-Timing`` header);
* the weight of one load of each page: the frame, the fragment and every file they load from
  the app (the map's Leaflet among them), no tiles;
* the bot's guided step (foundation's /language step) timed sequentially without, then with,
  ``--rate`` desk page loads a second running beside it; the ratio of the p50s and the p95s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

from bench import _desk_pages as pages
from bench._common import ChildBot, Database, latency_summary, percentile
from bench._desk_seed import Seeded, seed
from bench.foundation import KYLABOT_CODE, Measurement, _drive, _kylabot_step
from bot.emulator import BotApiEmulator
from bot.i18n import Catalogs
from handlers.desk.local import free_port, local_desk_url, signed_init_data
from storage.types import utcnow

DESCRIPTION = "the coordinator desk at 4,000 organisations: page p95, weight, step latency"
WEIGHT_LIMIT = 300_000  # bytes, issue 17
P95_LIMIT = 300.0  # ms, issue 17
RATIO_LIMIT = 1.5  # step latency with desk load / without, issue 17


def _postgres_reachable() -> bool:
    import socket

    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", 5432), 1):
        return True
    return False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgresql", "both"),
        default=None,
        help="(default both when PostgreSQL answers on 127.0.0.1:5432, else sqlite)",
    )
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: issue 17's sizes")
    parser.add_argument("--requests", type=int, default=30, help="loads of each view (30)")
    parser.add_argument("--rate", type=float, default=20.0, help="desk loads/s beside steps (20)")
    parser.add_argument("--steps", type=int, default=300, help="guided steps each way (300)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds for one answer")


class DeskLoad:
    """``rate`` page loads a second, each its own task (loads overlap as browsers' do)."""

    def __init__(self, client: httpx.AsyncClient, views: list[pages.View], auth: str) -> None:
        self.client, self.views, self.auth = client, views, auth
        self.done: list[pages.Timed] = []
        self.failed = 0
        self._tasks: set[asyncio.Task[None]] = set()

    async def _one(self, view: pages.View) -> None:
        try:
            timed = await pages.fetch(self.client, view, self.auth)
        except httpx.HTTPError:
            self.failed += 1
            return
        self.done.append(timed)
        self.failed += timed.status != 200

    async def run(self, rate: float) -> None:
        started, n = time.perf_counter(), 0
        while True:
            task = asyncio.create_task(self._one(self.views[n % len(self.views)]))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            n += 1
            await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))

    async def drain(self) -> None:
        await asyncio.gather(*self._tasks, return_exceptions=True)


async def _pages(
    client: httpx.AsyncClient, views: list[pages.View], auth: str, requests: int
) -> tuple[dict[str, Any], int]:
    out: dict[str, Any] = {}
    errors = 0
    for view in views:
        await pages.fetch(client, view, auth)  # warm-up, not counted
        answers = [await pages.fetch(client, view, auth) for _ in range(requests)]
        errors += sum(a.status != 200 or a.server_ms is None for a in answers)
        server = [a.server_ms for a in answers if a.server_ms is not None]
        client_ms = [a.client_ms for a in answers]
        out[view.label] = {
            "path": view.path,
            "server_ms": latency_summary([s / 1000 for s in server]) if server else None,
            "client_ms": latency_summary([c / 1000 for c in client_ms]),
            "fragment_bytes": answers[-1].size,
        }
    return out, errors


async def _steps(
    emulator: BotApiEmulator, catalogs: Catalogs, args: argparse.Namespace, user_id: int
) -> Measurement:
    step = _kylabot_step(catalogs, args.timeout)
    measured = Measurement()
    user = emulator.user(user_id, "Bench", language_code="fi")
    await _drive(user, args.steps, step, measured)
    return measured


async def _one_database(
    backend: str, args: argparse.Namespace, workdir: Path, catalogs: Catalogs
) -> dict[str, Any]:
    database = Database(backend, workdir)
    await database.create()
    try:
        print(f"  desk {backend}: seeding at scale {args.scale:g} …", flush=True)
        started = time.perf_counter()
        seeded = await seed(database.url, args.scale, contacts=4)
        seed_s = time.perf_counter() - started
        log = workdir / f"kylabot-{backend}.log"
        return await _measure(backend, database.url, seeded, seed_s, args, catalogs, log)
    finally:
        await database.drop()


async def _measure(
    backend: str,
    url: str,
    seeded: Seeded,
    seed_s: float,
    args: argparse.Namespace,
    catalogs: Catalogs,
    log: Path,
) -> dict[str, Any]:
    port = free_port()
    desk = local_desk_url(port)
    env = {
        "KYLABOT_DATABASE_URL": url,
        "KYLABOT_DESK_URL": desk,
        "KYLABOT_LISTEN": f"127.0.0.1:{port}",
        "KYLABOT_GLOBAL_RATE": "1000",
        "KYLABOT_TIMEZONE": "Europe/Helsinki",
    }
    views = pages.views(seeded)
    async with (
        BotApiEmulator() as emulator,
        ChildBot("kylabot", ["-c", KYLABOT_CODE], emulator, env, log_path=log) as child,
    ):
        data = signed_init_data(
            emulator.token, seeded.coordinator, "Koordinaattori", "fi", utcnow()
        )
        auth = f"tma {data}"
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            print(f"  desk {backend}: {len(views)} views × {args.requests} …", flush=True)
            measured, errors = await _pages(client, views, auth, args.requests)
            weight = await pages.weights(client, views, auth)
            print(f"  desk {backend}: steps without and with {args.rate:g} loads/s …", flush=True)
            await _steps(emulator, catalogs, _warmup(args), seeded.contacts[0])
            quiet = await _steps(emulator, catalogs, args, seeded.contacts[1])
            load = DeskLoad(client, views, auth)
            runner = asyncio.create_task(load.run(args.rate))
            began = time.perf_counter()
            try:
                loaded = await _steps(emulator, catalogs, args, seeded.contacts[2])
            finally:
                runner.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await runner
                elapsed = time.perf_counter() - began
                await load.drain()
            memory = _rss_mib(child.pid)
    result = _result(
        backend, seeded, seed_s, measured, weight, quiet, loaded, load, elapsed, errors
    )
    result["rss_mib"] = memory
    return result


def _rss_mib(pid: int) -> dict[str, Any]:
    """The bot's resident memory, its desk page workers' and its other child processes' (the
    resource tracker that Python's spawned processes share)."""
    bot = psutil.Process(pid)
    workers: list[float] = []
    other: list[float] = []
    for child in bot.children(recursive=True):
        rss = round(child.memory_info().rss / 2**20, 1)
        (workers if "spawn_main" in " ".join(child.cmdline()) else other).append(rss)
    return {"bot": round(bot.memory_info().rss / 2**20, 1), "workers": workers, "other": other}


def _warmup(args: argparse.Namespace) -> argparse.Namespace:
    return argparse.Namespace(**{**vars(args), "steps": min(20, args.steps)})


def _result(
    backend: str,
    seeded: Seeded,
    seed_s: float,
    measured: dict[str, Any],
    weight: dict[str, dict[str, int]],
    quiet: Measurement,
    loaded: Measurement,
    load: DeskLoad,
    elapsed: float,
    errors: int,
) -> dict[str, Any]:
    for label, figures in measured.items():
        figures["weight"] = weight[label]
    ratio: dict[str, float | None] = {"p50": None, "p95": None}
    if quiet.count and loaded.count:
        for q in (50, 95):
            ratio[f"p{q}"] = round(percentile(loaded.all, q) / percentile(quiet.all, q), 2)
    server = [t.server_ms for t in load.done if t.server_ms is not None]
    errors += len(quiet.errors) + len(loaded.errors) + load.failed
    return {
        "backend": backend,
        "seeded": {
            "organisations": seeded.organisations,
            "answers": seeded.answers,
            "rounds": len(seeded.round_ids),
            "phenomena": seeded.phenomena,
            "seconds": round(seed_s, 1),
        },
        "pages": measured,
        "steps": {
            "without_desk": quiet.summary(),
            "with_desk": loaded.summary(),
            "desk_loads": len(load.done),
            "desk_loads_per_s": round(len(load.done) / elapsed, 1) if elapsed > 0 else 0.0,
            "desk_server_ms_under_load": latency_summary([s / 1000 for s in server])
            if server
            else None,
            "ratio": ratio,
        },
        "errors": errors,
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    choice = args.database or ("both" if _postgres_reachable() else "sqlite")
    backends = ["sqlite", "postgresql"] if choice == "both" else [choice]
    catalogs = Catalogs()
    runs = []
    with tempfile.TemporaryDirectory(prefix="kylabot-bench-") as tmp:
        for backend in backends:
            runs.append(await _one_database(backend, args, Path(tmp), catalogs))
    worst = max(
        (f["server_ms"]["p95"] for r in runs for f in r["pages"].values() if f["server_ms"]),
        default=None,
    )
    heaviest = max((f["weight"]["total"] for r in runs for f in r["pages"].values()), default=0)
    ratios = [r["steps"]["ratio"]["p95"] for r in runs if r["steps"]["ratio"]["p95"] is not None]
    return {
        "scale": args.scale,
        "requests": args.requests,
        "targets": {
            "page_p95_ms": {"limit": P95_LIMIT, "worst": worst},
            "weight_bytes": {"limit": WEIGHT_LIMIT, "heaviest": heaviest},
            "step_ratio_p95": {"limit": RATIO_LIMIT, "worst": max(ratios, default=None)},
        },
        "runs": runs,
        "errors": sum(r["errors"] for r in runs),
    }


def format_result(result: dict[str, Any]) -> str:
    runs = result["runs"]
    lines = [f"desk — scale {result['scale']:g}, {result['requests']} loads per view"]
    labels = list(runs[0]["pages"]) if runs else []
    head = "".join(f" {r['backend'] + ' p50/p95 ms':>24}" for r in runs)
    lines.append(f"  {'view':<28}{head} {'weight kB':>10}")
    for label in labels:
        cells = ""
        for r in runs:
            s = r["pages"][label]["server_ms"]
            cell = f"{s['p50']:.1f} / {s['p95']:.1f}" if s else "–"
            cells += f" {cell:>24}"
        kb = runs[0]["pages"][label]["weight"]["total"] / 1000
        lines.append(f"  {label:<28}{cells} {kb:>10.1f}")
    for r in runs:
        steps = r["steps"]
        quiet = steps["without_desk"].get("latency_ms", {})
        loaded = steps["with_desk"].get("latency_ms", {})
        lines.append(
            f"  {r['backend']}: step p50/p95 {quiet.get('p50', 0):.1f}/{quiet.get('p95', 0):.1f} ms"
            f" without, {loaded.get('p50', 0):.1f}/{loaded.get('p95', 0):.1f} ms with "
            f"{steps['desk_loads_per_s']} desk loads/s: ratio {steps['ratio']['p50']} / "
            f"{steps['ratio']['p95']}; errors {r['errors']}"
        )
        memory = r.get("rss_mib", {})
        lines.append(f"    RSS MiB: bot {memory.get('bot')}, page workers {memory.get('workers')}")
    return "\n".join(lines)
