"""``python -m bench [--out DIR] [--no-save] [--list] [SUITE [suite options]]``.

Without a suite name every suite in ``bench.SUITES`` runs with its default options.
``python -m bench SUITE --help`` lists a suite's options.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from bench import SUITES
from bench._common import REPO, git_commit, machine

DEFAULT_OUT = REPO / "bench" / "results"


def load_suite(name: str, *, required: bool) -> ModuleType | None:
    """The suite's module; None if it does not exist (yet) and ``required`` is false."""
    try:
        module = importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"bench.{name}" or required:
            raise
        return None
    if not callable(getattr(module, "run", None)):
        raise TypeError(f"bench.{name} has no `async def run(args) -> dict`")
    return module


def suite_parser(name: str, module: ModuleType) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"python -m bench {name}", description=getattr(module, "DESCRIPTION", None)
    )
    add_arguments = getattr(module, "add_arguments", None)
    if add_arguments is not None:
        add_arguments(parser)
    return parser


def result_path(out: Path, name: str, started: datetime) -> Path:
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    path = out / f"{name}-{stamp}.json"
    counter = 2
    while path.exists():
        path = out / f"{name}-{stamp}-{counter}.json"
        counter += 1
    return path


async def run_suite(name: str, module: ModuleType, args: argparse.Namespace) -> dict[str, Any]:
    started = datetime.now(UTC)
    clock = time.perf_counter()
    results: dict[str, Any] = await module.run(args)
    return {
        "suite": name,
        "started_at": started.isoformat(timespec="seconds"),
        "duration_s": round(time.perf_counter() - clock, 2),
        "git_commit": git_commit(),
        "machine": machine(),
        "options": {k: v for k, v in vars(args).items() if _jsonable(v)},
        "results": results,
    }


def _jsonable(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool | list)


def report(document: dict[str, Any]) -> str:
    module = sys.modules.get(f"bench.{document['suite']}")
    formatter = getattr(module, "format_result", None)
    if formatter is not None:
        return str(formatter(document["results"]))
    return json.dumps(document["results"], indent=2, ensure_ascii=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where JSON goes")
    parser.add_argument("--no-save", action="store_true", help="print only, write no JSON")
    parser.add_argument("--list", action="store_true", help="list the suites and exit")
    parser.add_argument("suite", nargs="?", choices=SUITES, help="one suite (default: all)")
    # Everything the dispatcher does not know belongs to the suite (before or after its name).
    args, suite_argv = parser.parse_known_args(argv)
    if suite_argv and args.suite is None:
        parser.error(f"options {' '.join(suite_argv)} need a suite name before them")

    if args.list:
        for name in SUITES:
            try:
                module = load_suite(name, required=False)
            except Exception as exc:  # listing must not fail because one suite is broken
                print(f"{name:<14} (does not load: {type(exc).__name__}: {exc})")
                continue
            about = "(not there yet)" if module is None else getattr(module, "DESCRIPTION", "")
            print(f"{name:<14} {about}")
        return 0

    plan: list[tuple[str, ModuleType, argparse.Namespace]] = []
    if args.suite is not None:
        module = load_suite(args.suite, required=True)
        assert module is not None
        plan.append((args.suite, module, suite_parser(args.suite, module).parse_args(suite_argv)))
    else:
        for name in SUITES:
            optional = load_suite(name, required=False)
            if optional is None:
                print(f"bench: skipping {name!r}: bench/{name}.py does not exist yet\n")
                continue
            plan.append((name, optional, suite_parser(name, optional).parse_args([])))

    failed = False
    for name, module, suite_args in plan:
        print(f"bench: running {name} …", flush=True)
        document = asyncio.run(run_suite(name, module, suite_args))
        print(report(document))
        if not args.no_save:
            args.out.mkdir(parents=True, exist_ok=True)
            path = result_path(args.out, name, datetime.fromisoformat(document["started_at"]))
            path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
            print(f"bench: wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
        errors = (
            document["results"].get("errors", 0) if isinstance(document["results"], dict) else 0
        )
        if errors:
            print(f"bench: {name} had {errors} error(s); its figures are not trustworthy")
            failed = True
        print()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
