"""The chaos run's verdicts, each from what the people saw and what the database holds.

1. *Messages*: every invitation, reminder and broadcast arrived, each exactly once; every
   further copy must be explained: the copy before it was in flight at a kill (it arrived at
   most ``IN_FLIGHT`` seconds before a kill, the next one after it: one more copy per kill) or
   its answer was withheld by the emulator (a timeout after Telegram took it: the sender cannot
   know). Duplicates are counted per kill; a message with three or more copies is listed with
   the cause of each.
2. *Answers*: every status tap and comment the people made is stored, once.
3. *Updates*: every update the emulator delivered is in the inbound journal, handled, and none
   ended in an apology.
4. *Leader*: never a stretch without a live leader longer than ``KYLABOT_LEADER_INTERVAL`` (plus
   the sampling's slack), never two at once.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from bench._chaos_people import INVITATION, REMINDER, Person
from bench._chaos_watch import Arrival
from bench._chaos_world import BROADCAST_TEXT
from storage.db import create_engine, create_sessionmaker
from storage.models import Answer, Contact, InboundUpdate

IN_FLIGHT = 10.0  # seconds between a message's first copy and the kill that can repeat it
APOLOGY = "Sorry, something went wrong on our side."
KINDS = {"invitation": INVITATION, "reminder": REMINDER, "broadcast": BROADCAST_TEXT}


@dataclass(frozen=True)
class Kill:
    at: float  # time.monotonic()
    index: int  # which process
    pid: int
    was_leader: bool
    restart_s: float


def _kind(text: str) -> str | None:
    for kind, prefix in KINDS.items():
        if text.startswith(prefix):
            return kind
    return None


def messages(
    people: list[Person],
    arrivals: list[Arrival],
    kills: list[Kill],
    unanswered: set[tuple[int, int]],
    started: float,
) -> dict[str, Any]:
    """Copies of each kind per person, and where each duplicate came from."""
    copies: dict[tuple[int, str], list[Arrival]] = defaultdict(list)
    for arrival in arrivals:
        kind = _kind(arrival.text)
        if kind is not None:
            copies[(arrival.chat_id, kind)].append(arrival)
    figures: dict[str, Any] = {}
    per_kill = Counter[int]()
    causes = Counter[str]()
    pairs: list[dict[str, Any]] = []
    multiples: list[dict[str, Any]] = []
    for kind in KINDS:
        expected = [p for p in people if kind != "reminder" or p.late]
        got = Counter(min(len(copies[(p.user.id, kind)]), 3) for p in expected)
        figures[kind] = {
            "expected": len(expected),
            "got_0": got[0],
            "got_1": got[1],
            "got_2": got[2],
            "got_3_or_more": got[3],
        }
        times = [a.at - started for p in expected for a in copies[(p.user.id, kind)]]
        figures[kind]["first_s"] = round(min(times), 1) if times else None
        figures[kind]["last_s"] = round(max(times), 1) if times else None
        for person in expected:
            found = sorted(copies[(person.user.id, kind)], key=lambda a: a.at)
            explained = []
            for first, again in itertools.pairwise(found):
                cause = _cause(first, again, kills, unanswered)
                explained.append(cause)
                causes[cause] += 1
                if cause.startswith("kill "):
                    per_kill[int(cause.split()[1])] += 1
                pairs.append(
                    {
                        "chat": person.user.id,
                        "kind": kind,
                        "first_s": round(first.at - started, 1),
                        "again_s": round(again.at - started, 1),
                        "cause": cause,
                    }
                )
            if len(found) > 2:
                multiples.append(
                    {
                        "chat": person.user.id,
                        "kind": kind,
                        "copies_s": [round(a.at - started, 1) for a in found],
                        "causes": explained,
                    }
                )
    pairs.sort(key=lambda pair: pair["cause"] != "unexplained")  # those first
    figures["duplicates"] = {
        "after_a_kill": sum(n for c, n in causes.items() if c.startswith("kill ")),
        "after_a_timeout": causes["timeout"],
        "unexplained": causes["unexplained"],
        "per_kill": [per_kill[n] for n in range(len(kills))],
        "three_or_more_copies": multiples[:20],
        "examples": pairs[:12],
    }
    return figures


def _cause(
    first: Arrival, again: Arrival, kills: list[Kill], unanswered: set[tuple[int, int]]
) -> str:
    if (first.chat_id, first.message_id) in unanswered:
        return "timeout"
    for number, kill in enumerate(kills):
        if first.at - 1.0 <= kill.at <= again.at and kill.at - first.at <= IN_FLIGHT:
            return f"kill {number}"  # 1 s: the arrivals are stamped by a 0.25 s scan
    return "unexplained"


async def database(url: str, people: list[Person], accepted: list[int]) -> dict[str, Any]:
    """Answers stored per person, and the journal's view of every delivered update."""
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            rows = await session.execute(
                select(Contact.telegram_user_id, Answer.status, Answer.comment).join(
                    Contact, Contact.id == Answer.contact_id
                )
            )
            stored: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
            for telegram_id, status, comment in rows:
                if telegram_id is None:
                    continue
                stored[int(telegram_id)].append((str(getattr(status, "value", status)), comment))
            outcomes = dict(
                (str(outcome), int(n))
                for outcome, n in await session.execute(
                    select(InboundUpdate.outcome, func.count()).group_by(InboundUpdate.outcome)
                )
            )
            ids = set(accepted)
            handled: set[int] = set()
            for chunk in _chunks(sorted(ids), 5000):
                handled.update(
                    int(i)
                    for i in await session.scalars(
                        select(InboundUpdate.update_id).where(
                            InboundUpdate.update_id.in_(chunk),
                            InboundUpdate.handled_at.is_not(None),
                        )
                    )
                )
    finally:
        await engine.dispose()
    taps = lost = twice = 0
    for person in people:
        answers = stored.get(person.user.id, [])
        if person.answered:
            taps += 1
            lost += not any(status == person.status for status, _ in answers)
            twice += len(answers) > 1
        if person.comment is not None:
            taps += 1
            lost += not any(comment == person.comment for _, comment in answers)
    return {
        "answers": {"taps": taps, "stored": taps - lost, "lost": lost, "stored_twice": twice},
        "updates": {
            "delivered": len(ids),
            "delivered_twice": len(accepted) - len(ids),
            "handled": len(handled),
            "not_handled": len(ids - handled),
            "journal_outcomes": outcomes,
            "apologies_seen": sum(
                1 for p in people for m in p.user.messages if (m.text or "").startswith(APOLOGY)
            ),
        },
    }


def _chunks(values: list[int], size: int) -> list[list[int]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def verdicts(result: dict[str, Any]) -> list[str]:
    """One line per failed check (empty: everything held)."""
    failed: list[str] = []
    messages_ = result["messages"]
    for kind in KINDS:
        got = messages_[kind]
        if got["got_0"]:
            failed.append(f"{kind}: {got['got_0']} of {got['expected']} people got none")
    duplicates = messages_["duplicates"]
    if duplicates["unexplained"]:
        failed.append(
            f"duplicates: {duplicates['unexplained']} second copies with no kill or timeout "
            f"to explain them (after kills: {duplicates['after_a_kill']}, after timeouts: "
            f"{duplicates['after_a_timeout']})"
        )
    answers = result["answers"]
    if answers["lost"] or answers["stored_twice"]:
        failed.append(
            f"answers: {answers['lost']} of {answers['taps']} taps not stored, "
            f"{answers['stored_twice']} people's answer stored twice"
        )
    updates = result["updates"]
    failures = updates["journal_outcomes"].get("failed", 0)
    if updates["not_handled"] or failures or updates["apologies_seen"]:
        failed.append(
            f"updates: {updates['not_handled']} of {updates['delivered']} delivered updates not "
            f"handled, {failures} failed in the journal, {updates['apologies_seen']} apologies"
        )
    leader = result["leader"]
    if leader["longest_gap_s"] > leader["allowed_gap_s"] or leader["overlap_samples"]:
        failed.append(
            f"leader: {leader['longest_gap_s']} s without a leader (allowed "
            f"{leader['allowed_gap_s']} s), {leader['overlap_samples']} samples with two"
        )
    people = result["answering"]
    if people["stuck"]:
        failed.append(f"people: {people['stuck']} did not finish: {people['stuck_at']}")
    if not result["drained"]:
        failed.append(
            f"drain: the outbox and the journal were not empty after {result['timeout_s']} s"
        )
    return failed
