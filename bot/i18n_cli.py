"""``kylabot i18n``: the catalog commands, for developers and for the reviewer's round trip.

Kept apart from ``bot.cli`` so that the command list stays small there; each action imports
what it needs when it runs (Babel's catalog reader, the emulator for ``pack``), so building the
parser for ``kylabot --help`` loads none of them.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import cli_types

if TYPE_CHECKING:
    from bot.config import Settings


def register(sub: Any) -> None:
    """Adds ``kylabot i18n ACTION`` to the command's subparsers."""
    i18n = sub.add_parser(
        "i18n",
        help="translation catalogs (for translators and developers)",
        description="The translation catalogs under locales/ (see README, Languages).",
    )
    actions = i18n.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action, text in (
        ("status", "per language: translated, missing, fuzzy, placeholder errors, review"),
        ("extract", "collect the messages from the code into locales/*.pot"),
        ("update", "extract, then merge new messages into every language's catalog"),
        ("compile", "compile the catalogs (.po) into what the bot loads (.mo)"),
    ):
        actions.add_parser(action, help=text, description=text[0].upper() + text[1:] + ".")
    pack = actions.add_parser(
        "pack",
        help="a folder for a native reviewer: catalogs, notes and a page per conversation",
        description="Writes the catalogs of LANG (all, or --domain) with the developers' notes "
        "and the Finnish text, one HTML page per conversation flow as a phone shows it "
        "(played through the emulator), and a README.txt saying how to review in Poedit "
        "or Weblate and give it back.",
    )
    pack.add_argument(
        "language",
        type=cli_types.language,
        metavar="LANG",
        help="fi, fi@selko (plain Finnish), sv, se, smn, sms or en",
    )
    pack.add_argument("--domain", help="one catalog only: kylabot, checkin, phenomena, ...")
    pack.add_argument("--out", required=True, type=Path, help="a new, empty folder")
    unpack = actions.add_parser(
        "unpack",
        help="take a reviewed pack back into locales/ (all or nothing)",
        description="Takes the reviewer's .po files in DIR back into locales/, recording each "
        "message they changed or confirmed as reviewed by them today. Refuses, one line a "
        "problem and nothing changed, a changed placeholder, a wrong number of plural forms, "
        "markup, a button over its length or a message that is not in the catalog.",
    )
    unpack.add_argument(
        "folder", type=Path, metavar="DIR", help="the pack's folder, the reviewer's files in it"
    )
    unpack.add_argument("--reviewer", help="who reviewed (default: the files' Last-Translator)")
    i18n.set_defaults(handler=cmd_i18n, needs_settings=False)


async def cmd_i18n(args: argparse.Namespace, settings: Settings | None) -> int:
    # imported per command: keeps `kylabot --help` under 0.4 s
    from bot import i18n_tool

    if args.action == "extract":
        i18n_tool.extract()
    elif args.action == "update":
        i18n_tool.update()
    elif args.action == "compile":
        print(f"compiled {i18n_tool.compile_all()} catalogs")
    elif args.action == "pack":
        return await _pack(args.language, args.domain, args.out)
    elif args.action == "unpack":
        return _unpack(args.folder, args.reviewer)
    else:
        return status()
    return 0


async def _pack(language: str, domain: str | None, out: Path) -> int:
    # imported per command: the pack plays the flows through the emulator
    from bot.i18n_pack import PackError, check, pack

    try:
        check(language, domain, out)
        print(f"playing every conversation in {language} through the emulator (a minute or so)")
        made = await pack(language, out, domain, today=date.today())
    except PackError as error:
        print(f"kylabot: {error}", file=sys.stderr)
        return 2
    print(
        f"{made.folder}: {len(made.files)} catalogs ({made.to_review} of {made.total} messages "
        f"to review), {len(made.pages) - 1} pages; open {made.folder}/README.txt"
    )
    return 0


def _unpack(folder: Path, reviewer: str | None) -> int:
    # imported per command: Babel's catalog reader and writer
    from bot.i18n_pack import PackError
    from bot.i18n_unpack import Refused, unpack

    try:
        done = unpack(folder, reviewer=reviewer, today=date.today())
    except PackError as error:
        print(f"kylabot: {error}", file=sys.stderr)
        return 2
    except Refused as refused:
        for line in refused.lines:
            print(line, file=sys.stderr)
        print(f"nothing was taken back: {len(refused.lines)} problems", file=sys.stderr)
        return 1
    if not done.counts:
        print(f"{done.language}: nothing changed or confirmed; locales/ is as it was")
    for domain, counts in done.counts.items():
        said = ", ".join(f"{n} {action}" for action, n in sorted(counts.items()))
        print(f"{done.language}/{domain}: {said} ({done.reviewer}, {done.day.isoformat()})")
    return 0


def status() -> int:
    """Prints the catalogs' state, the review per language and domain, and what a native
    reviewer should check; 1 if anything fails."""
    from bot import i18n_terms, i18n_tool  # heavy (Babel's catalog reader, YAML): only here

    print(
        f"{'lang':<8} {'translated':>10} {'missing':>8} {'fuzzy':>6} {'bad %()':>8} "
        f"{'ambiguous':>9} {'terms':>5} {'unreviewed':>10}  review"
    )
    worst = 0
    rows = [(row, i18n_terms.problems(row.language)) for row in i18n_tool.status()]
    for row, terms in rows:
        print(
            f"{row.language:<8} {row.translated:>5}/{row.total:<4} {row.missing:>8} "
            f"{row.fuzzy:>6} {row.placeholder_errors:>8} {row.ambiguous:>9} {len(terms):>5} "
            f"{row.unreviewed:>10}  {row.review}"
        )
        failures = row.missing + row.fuzzy + row.placeholder_errors + row.ambiguous + len(terms)
        worst = max(worst, failures)
    print()
    review_table(i18n_tool.review_status())
    for row, terms in rows:
        for line in [*(i18n_tool.ambiguous(row.language) if row.ambiguous else ()), *terms]:
            print(line)
    for language, uncertain in i18n_terms.load().uncertain.items():
        print(f"{language}: terms to confirm with a native speaker: {', '.join(uncertain)}")
    return 1 if worst else 0


def review_table(rows: Any) -> None:
    """Reviewed / unreviewed messages per language (rows) and domain (columns)."""
    # imported per command: bot.i18n loads Babel
    from bot.i18n import DOMAINS, LANGUAGES, is_draft

    cells = {(r.language, r.domain): r for r in rows}
    width = max(11, *(len(d) for d in DOMAINS))
    print("reviewed / unreviewed messages (a native reviewer confirmed the text as it is now)")
    print(f"{'lang':<8} " + " ".join(f"{d:>{width}}" for d in DOMAINS) + f" {'all':>{width}}")
    for language in LANGUAGES:
        mine = [cells[language, d] for d in DOMAINS]
        reviewed, total = sum(r.reviewed for r in mine), sum(r.total for r in mine)
        shown = [f"{r.reviewed} / {r.unreviewed}" for r in mine]
        shown.append(f"{reviewed} / {total - reviewed}")
        draft = "  draft" if is_draft(language, reviewed, total) else ""
        print(f"{language:<8} " + " ".join(f"{s:>{width}}" for s in shown) + draft)
