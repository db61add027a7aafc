"""Events: the coffee roulette's pairing, and a rush of sign-ups for the last seats.

* ``pairing``: ``--participants`` people (seeded: most speak Finnish, some also Swedish,
  English or a Sámi language; organisations of 1-15 people over the 21 municipalities) with the
  pairs of three earlier rounds as history; ``handlers.events.pairing.pair`` is timed (best of
  three) and its result checked (nobody twice, no pair of one organisation, a shared language
  in every pair). Issue 10's target: 5,000 participants in under 1 s.
* ``rush``, per backend: an event with ``--seats`` seats invites ``--invitees`` contacts
  (``kylabot run`` as a child process sends the invitations, pacing off); then ``--tappers``
  of them tap *Sign up* at the same moment. Each tap is timed from the tap to the bot's answer
  (the invitation edited into "signed up" or "on the waitlist, number N") as the emulator
  records it. Afterwards the database must hold exactly ``--seats`` seats and the rest on the
  waitlist in the order of the taps, every tap answered, no error. Beside it, in the same run
  on the same emulator, the bare python-telegram-bot echo bot answers as many concurrent
  messages; the taps' p50/p95 are given as ratios to its (issue 8's step budget: ≤ 1.5×).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from bench._common import ChildBot, Database, latency_summary
from bot.emulator import BotApiEmulator, EmulatedUser, FaultPlan, SentMessage
from bot.i18n import Catalogs
from bot.municipalities import MUNICIPALITIES
from handlers.events import texts as tx
from handlers.events.pairing import Person, may_meet, pair
from storage.db import create_engine, create_sessionmaker
from storage.models import (
    Contact,
    Event,
    EventInvitation,
    EventKind,
    EventSignup,
    EventStatus,
    Organisation,
    OrgKind,
    Role,
    SignupStatus,
)
from storage.types import utcnow

DESCRIPTION = "coffee pairing of 5,000; 300 taps at once on an event's last 50 of 1,000 invited"

KYLABOT_ARGV = ["-c", "from bot.cli import main; raise SystemExit(main(['run']))"]
ECHO_ARGV = ["-m", "bench._echo"]
FIRST_CONTACT = 620_000_000
FIRST_ECHO = 630_000_000
TITLE = "Turvallisuuskoulutus"
EXTRA_LANGUAGES = (("sv", 0.12), ("en", 0.2), ("se", 0.05), ("smn", 0.02), ("sms", 0.02))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--participants", type=int, default=5000, help="to pair (5000)")
    parser.add_argument("--invitees", type=int, default=1000, help="invited to the event (1000)")
    parser.add_argument("--tappers", type=int, default=300, help="tap Sign up at once (300)")
    parser.add_argument("--seats", type=int, default=50, help="the event's capacity (50)")
    parser.add_argument(
        "--backend", choices=("sqlite", "postgresql", "both"), default="both", help="(both)"
    )
    parser.add_argument("--api-latency", type=float, default=0.0, metavar="MS", help="(0)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per phase (120)")


# ------------------------------------------------------------------------------ pairing


def participants(count: int, rng: random.Random) -> list[Person]:
    people: list[Person] = []
    organisation = 0
    municipalities = sorted(MUNICIPALITIES)
    while len(people) < count:
        organisation += 1
        municipality = rng.choice(municipalities)
        for _ in range(min(rng.randint(1, 15), count - len(people))):
            spoken = {"fi"} if rng.random() < 0.93 else set()
            spoken |= {code for code, share in EXTRA_LANGUAGES if rng.random() < share}
            people.append(
                Person(len(people) + 1, organisation, municipality, frozenset(spoken or {"sv"}))
            )
    return people


def bench_pairing(count: int) -> dict[str, Any]:
    rng = random.Random(10)
    people = participants(count, rng)
    history: set[frozenset[int]] = set()
    for round_seed in range(3):  # three earlier rounds: their pairs are avoided
        earlier = pair(people, history, random.Random(round_seed))
        history |= {frozenset((a, b)) for g in earlier.groups for a in g for b in g if a < b}
    timings = []
    result = None
    for attempt in range(3):
        started = time.perf_counter()
        result = pair(people, history, random.Random(100 + attempt))
        timings.append(time.perf_counter() - started)
    assert result is not None
    by_id = {person.id: person for person in people}
    placed = [member for group in result.groups for member in group]
    invalid = sum(
        1
        for group in result.groups
        for i, a in enumerate(group)
        for b in group[i + 1 :]
        if not may_meet(by_id[a], by_id[b])
    )
    errors = invalid + (len(placed) - len(set(placed)))
    return {
        "participants": count,
        "seconds_best": round(min(timings), 3),
        "seconds_all": [round(t, 3) for t in timings],
        "groups": len(result.groups),
        "trios": sum(1 for g in result.groups if len(g) == 3),
        "unplaced": len(result.unplaced),
        "repeats": result.repeats,
        "history_pairs": len(history),
        "errors": errors,
    }


# --------------------------------------------------------------------------------- rush


async def _seed(url: str, invitees: int, seats: int) -> int:
    """Contacts, and a published event with its invitations still to be written."""
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            org = Organisation(name="Bench ry", kind=OrgKind.ASSOCIATION, language="fi")
            session.add(org)
            await session.flush()
            now = utcnow()
            await session.execute(
                insert(Contact),
                [
                    {
                        "telegram_user_id": FIRST_CONTACT + i,
                        "organisation_id": org.id,
                        "role": Role.CONTACT,
                        "language": "fi",
                        "display_name": f"Bench {i}",
                        "consent_at": now,
                        "active": True,
                        "opted_out": False,
                        "created_at": now,
                    }
                    for i in range(invitees)
                ],
            )
            start = now + timedelta(days=3)
            event = Event(
                uid=uuid.uuid4().hex,
                kind=EventKind.TRAINING,
                status=EventStatus.PUBLISHED,
                title={"fi": TITLE},
                description={},
                starts_at=start,
                duration_minutes=120,
                timezone="Europe/Helsinki",
                place="Kylätalo",
                capacity=seats,
                audience={"kind": "all"},
                signup_deadline=start,
                sequence=0,
                created_at=now,
                updated_at=now,
                published_at=now,
            )
            session.add(event)
            await session.flush()
            ids = list(await session.scalars(select(Contact.id).order_by(Contact.id)))
            await session.execute(
                insert(EventInvitation),
                [{"event_id": event.id, "contact_id": cid, "skipped": False} for cid in ids],
            )
            return event.id
    finally:
        await engine.dispose()


async def _outcome(url: str, event_id: int) -> list[tuple[int, SignupStatus, int]]:
    """(telegram id, status, queue number) of every sign-up."""
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            rows = await session.execute(
                select(Contact.telegram_user_id, EventSignup.status, EventSignup.queue_no)
                .join(Contact, Contact.id == EventSignup.contact_id)
                .where(EventSignup.event_id == event_id)
                .order_by(EventSignup.queue_no)
            )
            return [(int(t or 0), status, int(q)) for t, status, q in rows]
    finally:
        await engine.dispose()


async def _timed(
    users: list[EmulatedUser], act: Any, answered: Any, seconds: float
) -> tuple[list[float], list[str]]:
    """All users act at once (in list order); each is timed to its own answer."""
    marks = [user.mark() for user in users]
    starts: list[float] = []
    for user in users:  # queued back to back: one getUpdates batch, in this order
        starts.append(time.perf_counter())
        await act(user)
    errors: list[str] = []

    async def wait(index: int, user: EmulatedUser) -> float | None:
        try:
            await user.wait_for_message(answered(user), timeout=seconds, after=marks[index])
        except TimeoutError:
            errors.append(f"user {user.id}: no answer within {seconds} s")
            return None
        return time.perf_counter() - starts[index]

    results = await asyncio.gather(*(wait(i, u) for i, u in enumerate(users)))
    return [r for r in results if r is not None], errors


async def bench_rush(args: argparse.Namespace, backend: str, workdir: Path) -> dict[str, Any]:
    database = Database(backend, workdir)
    await database.create()
    try:
        event_id = await _seed(database.url, args.invitees, args.seats)
        fi = Catalogs().get("fi", "events")
        signed_up = fi._(tx.SIGNED_UP) % {"title": TITLE}
        waiting_head, waiting_tail = (fi._(tx.WAITING) % {"title": TITLE, "place": "\0"}).split(
            "\0"
        )
        async with BotApiEmulator(auto_register_chats=True) as emulator:
            if args.api_latency:
                emulator.faults = FaultPlan(latency=args.api_latency / 1000, methods=None)
            invitees = [emulator.user(FIRST_CONTACT + i) for i in range(args.invitees)]
            tappers = invitees[: args.tappers]
            echo_users = [emulator.user(FIRST_ECHO + i) for i in range(args.tappers)]

            async with ChildBot("echo bot", ECHO_ARGV, emulator):

                async def say(user: EmulatedUser) -> None:
                    await user.send_text(f"Hei {user.id}")

                def echoed(user: EmulatedUser) -> Any:
                    return lambda m: m.text == f"Hei {user.id}"

                echo_seconds, echo_errors = await _timed(echo_users, say, echoed, args.timeout)

            env = {
                "KYLABOT_DATABASE_URL": database.url,
                "KYLABOT_QUIET_HOURS": "00:00-00:00",
                "KYLABOT_BROADCAST_PACING": "off",
            }
            async with ChildBot("kylabot", KYLABOT_ARGV, emulator, env):
                started = time.perf_counter()
                deadline = started + args.timeout
                while not all(emulator.delivered_count(u.id) for u in invitees):
                    if time.perf_counter() > deadline:
                        break
                    await asyncio.sleep(0.05)
                invited_s = time.perf_counter() - started
                label = fi._(tx.SIGN_UP)

                async def tap(user: EmulatedUser) -> None:
                    await user.tap(label)

                def answered(user: EmulatedUser) -> Any:
                    def check(message: SentMessage) -> bool:
                        last = (message.text or "").split("\n\n")[-1]
                        waits = last.startswith(waiting_head) and last.endswith(waiting_tail)
                        return message.edited > 0 and (last == signed_up or waits)

                    return check

                tap_seconds, tap_errors = await _timed(tappers, tap, answered, args.timeout)
            outcome = await _outcome(database.url, event_id)
    finally:
        await database.drop()
    tap_order = [u.id for u in tappers]
    seats = [t for t, status, _ in outcome if status is SignupStatus.SEAT]
    waiting = [t for t, status, _ in outcome if status is SignupStatus.WAITING]
    waiting_in_tap_order = sorted(waiting, key=tap_order.index) == waiting
    first_taps_seated = len(set(seats) & set(tap_order[: args.seats]))
    expected_waiting = max(args.tappers - args.seats, 0)
    taps = latency_summary(tap_seconds) if tap_seconds else {}
    echo = latency_summary(echo_seconds) if echo_seconds else {}
    problems = len(tap_errors) + len(echo_errors)
    problems += int(len(seats) != min(args.seats, args.tappers))
    problems += int(len(waiting) != expected_waiting) + int(not waiting_in_tap_order)
    return {
        "invitees": args.invitees,
        "tappers": args.tappers,
        "seats_capacity": args.seats,
        "invitations_s": round(invited_s, 1),
        "seats_taken": len(seats),
        "waitlisted": len(waiting),
        "waitlist_in_tap_order": waiting_in_tap_order,
        "seats_to_the_first_taps": first_taps_seated,
        "answered": len(tap_seconds),
        "tap_ms": taps,
        "echo_ms": echo,
        "ratio_p50": round(taps["p50"] / echo["p50"], 2) if taps and echo else None,
        "ratio_p95": round(taps["p95"] / echo["p95"], 2) if taps and echo else None,
        "first_errors": (tap_errors + echo_errors)[:3],
        "errors": problems,
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {"pairing": bench_pairing(args.participants)}
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory(prefix="kylabot-bench-") as folder:
        for backend in backends:
            results[backend] = await bench_rush(args, backend, Path(folder))
    results["errors"] = sum(
        r["errors"] for r in results.values() if isinstance(r, dict) and "errors" in r
    )
    return results


def format_result(result: dict[str, Any]) -> str:
    p = result["pairing"]
    lines = [
        f"pairing {p['participants']:,} participants: {p['seconds_best']} s (best of 3: "
        f"{p['seconds_all']}), {p['groups']} groups ({p['trios']} trios), {p['unplaced']} "
        f"without a pair, {p['repeats']} repeats of the last three rounds",
        "",
        "| sign-up rush | seats / waitlist | waitlist in tap order | seats to the first taps | "
        "answered | tap p50 / p95 (ms) | echo p50 / p95 (ms) | ratio p50 / p95 |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for backend in ("sqlite", "postgresql"):
        r = result.get(backend)
        if not isinstance(r, dict):
            continue
        tap, echo = r["tap_ms"] or {}, r["echo_ms"] or {}
        lines.append(
            f"| {backend}: {r['tappers']} taps, {r['seats_capacity']} seats | {r['seats_taken']} / "
            f"{r['waitlisted']} | {r['waitlist_in_tap_order']} | {r['seats_to_the_first_taps']} | "
            f"{r['answered']}/{r['tappers']} | {tap.get('p50')} / {tap.get('p95')} | "
            f"{echo.get('p50')} / {echo.get('p95')} | {r['ratio_p50']} / {r['ratio_p95']} |"
        )
    return "\n".join(lines)
