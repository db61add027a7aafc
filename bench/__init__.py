"""Benchmarks: ``python -m bench`` runs every registered suite, ``python -m bench NAME`` one.

A suite is a module ``bench/<name>.py`` listed in ``SUITES`` that exposes

* ``async def run(args: argparse.Namespace) -> dict[str, Any]`` — measures and returns
  JSON-serialisable figures (required). A top-level ``"errors"`` count above 0 marks the run
  as failed (the figures are still written, and ``python -m bench`` exits 1);
* ``def add_arguments(parser: argparse.ArgumentParser) -> None`` — its own options, all with
  defaults so the suite runs without any (optional);
* ``def format_result(result: dict[str, Any]) -> str`` — a readable table (optional; the
  JSON is printed otherwise);
* ``DESCRIPTION: str`` — one line for ``python -m bench --list`` (optional).

The dispatcher (bench/__main__.py) adds the machine, the git commit, the time and the options,
prints the table and writes ``bench/results/<name>-<UTC date-time>.json``.
"""

from __future__ import annotations

# Order is the order ``python -m bench`` runs them in. A suite whose module is not there yet
# is skipped with a note when all suites run.
SUITES: list[str] = [
    "foundation",
    "invitation",
    "broadcast",
    "report",
    "events",
    "national",
    "desk",
    "chaos",
]
