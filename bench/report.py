"""Check-in report at a national scale: ``kylabot report`` time and peak RSS per format.

A round of N answers: ``N / 100`` organisations (rounded up), each owning 100 measures of a
seven-theme plan; every measure answered once (72 % done, 22 % in progress, 6 % not done, every
fifth with a comment) and 10 % answered again later, so the history has 1.1 × N rows. Each
format (text, csv, png, xlsx) is produced by ``kylabot report`` as its own process, the way an
operator runs it; wall time and the process's peak RSS (``wait4``'s ``ru_maxrss``) are
recorded, the best of ``--repeat`` runs (the workbook runs once). The start-up cost is ``kylabot
report --round 0`` on the same database: every import, the connection and the schema check,
then "no round '0'"; "beyond start-up" is a format's time minus that.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._common import REPO, Database
from storage.db import create_engine, create_sessionmaker
from storage.models import (
    Answer,
    Measure,
    MeasureResponsibility,
    Organisation,
    Plan,
    Round,
    Theme,
)
from storage.types import utcnow

DESCRIPTION = "kylabot report at 1k/10k/100k answers: seconds and peak RSS per format"
FORMATS = ("text", "csv", "png", "xlsx")
MEASURES_PER_ORG = 100
THEMES = 7
CHUNK = 5000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", default="1000,10000,100000", help="answers per round")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--repeat", type=int, default=3, help="runs per format (xlsx: 1)")


def _status(index: int) -> str:
    share = (index * 37) % 100
    return "done" if share < 72 else "in_progress" if share < 94 else "not_done"


async def populate(url: str, answers: int) -> int:
    """A plan, organisations, measures and one round with ``answers`` answers (plus 10 %)."""
    organisations = max(1, -(-answers // MEASURES_PER_ORG))
    now = utcnow()
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            plan = Plan(key="national", name={"fi": "Valtakunnallinen suunnitelma"})
            session.add(plan)
            await session.flush()
            themes = [
                Theme(plan_id=plan.id, key=f"t{n}", position=n, name={"fi": f"Teema {n + 1}"})
                for n in range(THEMES)
            ]
            session.add_all(themes)
            new = Round(plan_id=plan.id, label="Q1/2027", started_at=now)
            session.add(new)
            await session.flush()
            insert = session.execute
            await insert(
                Organisation.__table__.insert(),  # type: ignore[attr-defined]
                [
                    {"id": o + 1, "name": f"Yhdistys {o + 1:05d}", "kind": "association"}
                    for o in range(organisations)
                ],
            )
            ids = range(1, organisations * MEASURES_PER_ORG + 1)
            rows: dict[str, list[dict[str, Any]]] = {"measure": [], "owner": [], "answer": []}
            for m in ids:
                org = (m - 1) // MEASURES_PER_ORG + 1
                rows["measure"].append(
                    {
                        "id": m,
                        "theme_id": themes[m % THEMES].id,
                        "key": f"m{m}",
                        "position": m,
                        "title": {"fi": f"Toimenpide {m}", "sv": f"Åtgärd {m}"},
                        "description": {},
                        "retired": False,
                    }
                )
                rows["owner"].append({"measure_id": m, "organisation_id": org})
                answer = {
                    "round_id": new.id,
                    "measure_id": m,
                    "organisation_id": org,
                    "status": _status(m),
                    "comment": f"Kommentti {m}" if m % 5 == 0 else None,
                    "language": "fi",
                    "answered_at": now,
                }
                if m % 10 == 0:  # answered first as in progress, then again
                    rows["answer"].append({**answer, "status": "in_progress", "comment": None})
                rows["answer"].append(answer)
                if len(rows["answer"]) >= CHUNK:
                    await _flush(session, rows)
            await _flush(session, rows)
            return new.id
    finally:
        await engine.dispose()


async def _flush(session: Any, rows: dict[str, list[dict[str, Any]]]) -> None:
    tables = {"measure": Measure, "owner": MeasureResponsibility, "answer": Answer}
    for name, model in tables.items():
        if rows[name]:
            await session.execute(model.__table__.insert(), rows[name])  # type: ignore[attr-defined]
            rows[name] = []


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Runs ``kylabot`` with ``argv``: (seconds, peak RSS in MiB, exit status)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *argv],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, process.returncode


async def best_of(runs: int, argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """The fastest of ``runs`` runs (seconds, its peak RSS, the worst exit status)."""
    results = [await asyncio.to_thread(timed, argv, env) for _ in range(max(runs, 1))]
    seconds, rss, _ = min(results)
    return seconds, rss, max(code for _s, _r, code in results)


async def measure(
    backend: str, answers: int, formats: list[str], repeat: int, workdir: Path
) -> dict[str, Any]:
    db = Database(backend, workdir)
    await db.create()
    try:
        started = time.perf_counter()
        await populate(db.url, answers)
        result: dict[str, Any] = {
            "backend": backend,
            "answers": answers,
            "history_rows": answers + answers // 10,
            "populate_s": round(time.perf_counter() - started, 1),
            "formats": {},
            "errors": 0,
        }
        env = {**os.environ, "KYLABOT_DATABASE_URL": db.url, "KYLABOT_LOG_LEVEL": "WARNING"}
        startup, rss, _ = await best_of(repeat, ["report", "--round", "0"], env)
        result["startup"] = {"s": round(startup, 2), "peak_rss_mib": round(rss)}
        for fmt in formats:
            output = workdir / f"report.{fmt}"
            argv = ["report", "--format", fmt, "--output", str(output)]
            seconds, rss, code = await best_of(1 if fmt == "xlsx" else repeat, argv, env)
            ok = code == 0 and output.stat().st_size > 0
            result["errors"] += 0 if ok else 1
            result["formats"][fmt] = {
                "s": round(seconds, 2),
                "beyond_startup_s": round(seconds - startup, 2),
                "peak_rss_mib": round(rss),
                "ok": ok,
            }
        return result
    finally:
        await db.drop()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    backends = [b for b in args.backends.split(",") if b]
    sizes = [int(s) for s in args.sizes.split(",") if s]
    formats = [f for f in args.formats.split(",") if f]
    result: dict[str, Any] = {"runs": [], "errors": 0}
    with tempfile.TemporaryDirectory(prefix="kylabot-bench-") as tmp:
        for backend in backends:
            for size in sizes:
                print(f"  report {backend} {size:,} answers …", flush=True)
                row = await measure(backend, size, formats, args.repeat, Path(tmp))
                result["runs"].append(row)
                result["errors"] += row["errors"]
    return result


def format_result(result: dict[str, Any]) -> str:
    runs = result["runs"]
    formats = list(runs[0]["formats"]) if runs else []
    head = "".join(f" {f + ' s':>8} {'+s':>6} {'MiB':>5}" for f in formats)
    lines = [f"{'backend':<11} {'answers':>8} {'start s':>8}{head}", "(+s: beyond start-up)"]
    for r in runs:
        cells = "".join(
            f" {r['formats'][f]['s']:>8} {r['formats'][f]['beyond_startup_s']:>6} "
            f"{r['formats'][f]['peak_rss_mib']:>5}"
            for f in formats
        )
        lines.append(f"{r['backend']:<11} {r['answers']:>8,} {r['startup']['s']:>8}{cells}")
    return "\n".join(lines)
