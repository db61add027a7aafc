"""The chaos run (issue 19, item 11): a national round under kills, 429s and timeouts.

PostgreSQL, webhook mode, ``--processes`` ``kylabot run`` children behind one address (the
emulator's webhook delivery spreads the POSTs over their ports; a POST that meets a dead one is
retried, and lands on the other). A round invitation to ``--orgs`` organisations, ``--people``
emulated people answering it (the odd-numbered organisations only after a reminder), an urgent
broadcast to all, and a SIGKILL of a random process every ``--kill-every`` seconds for
``--duration`` seconds (each restarted at once), while the emulator answers 5 % of messages with
429 and lets 1 % time out. Then, once everything is sent and handled, the checks of
``bench._chaos_checks``: each message once (one more copy per kill for what was in flight), no
answer lost, every update handled once, always exactly one leader. ``--backend sqlite`` runs
the same with one process, killed and restarted.

A failed check is one line in the table and an error in the JSON, so ``python -m bench chaos``
exits 1. Loopback only; every wait is bounded by ``--timeout``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from bench._chaos_checks import Kill, database, messages, verdicts
from bench._chaos_people import Crowd, crowd, stages
from bench._chaos_watch import Arrivals, LeaderWatch
from bench._chaos_world import (
    Fleet,
    Network,
    age_late_invitations,
    free_port,
    open_work,
    queue_broadcast,
    seed,
    uninvited,
)
from bench._common import Database
from bot.emulator import BotApiEmulator, FaultPlan

DESCRIPTION = "chaos: 2 processes, webhook, PostgreSQL, SIGKILL every 20 s, 429s and timeouts"
LEADER_SLACK = 1.0  # two samples: the watch sees a change up to 0.5 s late on each side
REMINDER_DAYS = 4  # invitations moved back this far: past KYLABOT_REMINDER_AFTER_DAYS (3)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--orgs", type=int, default=1000, help="organisations invited (1000)")
    parser.add_argument("--people", type=int, default=2000, help="people answering (2000)")
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of kills (180)")
    parser.add_argument("--kill-every", type=float, default=20.0, help="seconds (20)")
    parser.add_argument("--processes", type=int, default=2, help="PostgreSQL only (2)")
    parser.add_argument("--rate-429", type=float, default=0.05, help="share of sends (0.05)")
    parser.add_argument("--rate-timeout", type=float, default=0.01, help="of sends (0.01)")
    parser.add_argument("--api-latency", type=float, default=0.0, metavar="MS", help="(0)")
    parser.add_argument("--broadcast-at", type=float, default=30.0, help="seconds in (30)")
    parser.add_argument("--leader-interval", type=float, default=2.0, help="seconds (2)")
    parser.add_argument(
        "--lease", type=float, default=None, help="KYLABOT_BROADCAST_LEASE (default: the bot's)"
    )
    parser.add_argument("--step-timeout", type=float, default=120.0, help="per answer (120)")
    parser.add_argument("--timeout", type=float, default=900.0, help="for it all (900)")
    parser.add_argument("--seed", type=int, default=1, help="which process dies when (1)")


def _busy() -> float:
    times = psutil.cpu_times()
    return float(times.user + times.nice + times.system + times.irq + times.softirq)


class Chaos:
    """One run: the fleet, the people, the kills, the operator; then the figures."""

    def __init__(self, args: argparse.Namespace, url: str, emulator: BotApiEmulator) -> None:
        self.args = args
        self.url = url
        self.emulator = emulator
        self.processes = args.processes if args.backend == "postgresql" else 1
        self.network = Network(args.orgs, args.people)
        self.kills: list[Kill] = []
        self.events: dict[str, float] = {}
        self.notes: list[str] = []
        self.started = 0.0

    def _since(self) -> float:
        return round(time.monotonic() - self.started, 1)

    async def _killer(self, fleet: Fleet, watch: LeaderWatch) -> None:
        rng = random.Random(self.args.seed)
        number = 1
        while number * self.args.kill_every <= self.args.duration:
            await asyncio.sleep(
                max(0.0, self.started + number * self.args.kill_every - time.monotonic())
            )
            index = rng.randrange(self.processes)
            pid = fleet.bots[index].pid
            last = watch.samples[-1] if watch.samples else None
            leader = last is not None and (last.holder == pid or pid in last.believers)
            at = time.monotonic()
            try:
                await fleet.kill_and_restart(index)
            except (RuntimeError, TimeoutError) as error:
                self.notes.append(f"restart after kill {number} failed: {error}")
                return
            self.kills.append(Kill(at, index, pid, leader, round(fleet.restarts[-1], 2)))
            number += 1

    async def _operator(self, deadline: float) -> None:
        """The broadcast at ``--broadcast-at``, and reminders due as soon as every organisation
        is invited (written, not yet sent), so that they too go out while processes die."""

        async def broadcast() -> None:
            await asyncio.sleep(max(0.0, self.started + self.args.broadcast_at - time.monotonic()))
            error = await queue_broadcast(self.url)
            self.events["broadcast_queued_s"] = self._since()
            if error:
                self.notes.append(f"broadcast not queued: {error}")

        async def reminders() -> None:
            while time.monotonic() < deadline:
                if await uninvited(self.url) == 0:
                    break
                await asyncio.sleep(1.0)
            else:
                self.notes.append("the round's invitations were never all written: no reminders")
                return
            aged = await age_late_invitations(self.url, self.network, REMINDER_DAYS)
            self.events["reminders_due_s"] = self._since()
            self.events["organisations_reminded"] = aged

        await asyncio.gather(broadcast(), reminders())

    async def _progress(self, crowd_: Crowd, every: float = 30.0) -> None:
        """A line every ``every`` seconds, so a long run shows it is moving (and where)."""
        while True:
            await asyncio.sleep(every)
            rows, updates = await open_work(self.url)
            finished = sum(p.finished for p in crowd_.people)
            print(
                f"chaos: {self._since():.0f} s, {len(self.kills)} kills, "
                f"{self.emulator.total_delivered} messages delivered, {finished} of "
                f"{len(crowd_.people)} people finished, {rows} outbox rows and {updates} "
                "updates open",
                flush=True,
            )

    async def _drain(self, deadline: float) -> bool:
        """Waits until nothing is left to send or handle; False at ``deadline``."""
        while time.monotonic() < deadline:
            rows, updates = await open_work(self.url)
            if rows == 0 and updates == 0 and self.emulator.pending_updates == 0:
                return True
            await asyncio.sleep(1.0)
        return False

    async def run(self, workdir: Path) -> dict[str, Any]:
        args = self.args
        emulator = self.emulator
        pairs = [
            (self.network.person_id(i), self.network.late(i)) for i in range(self.network.people)
        ]
        people = crowd(emulator, pairs, args.step_timeout)
        emulator.faults = FaultPlan(
            latency=args.api_latency / 1000,
            latency_everywhere=True,
            rate_429=args.rate_429,
            rate_timeout=args.rate_timeout,
            methods=frozenset({"sendMessage", "editMessageText"}),
            seed=args.seed,
        )
        env = {
            "KYLABOT_QUIET_HOURS": "00:00-00:00",
            "KYLABOT_CIVIL_HOURS": "00:00-23:59",
            # the whole bot's rate: the processes share it among themselves (presence);
            # 30 / processes here was divided again, and two sent 15 a second between them
            "KYLABOT_GLOBAL_RATE": "30",
            "KYLABOT_LEADER_INTERVAL": str(args.leader_interval),
        }
        if args.lease is not None:
            env["KYLABOT_BROADCAST_LEASE"] = str(args.lease)
        ports = [free_port() for _ in range(self.processes)]
        fleet = Fleet(emulator, self.url, ports, env, workdir)
        arrivals = Arrivals(people.people)
        watch = LeaderWatch(fleet, self.url if args.backend == "postgresql" else None)
        load_before, busy_before = os.getloadavg(), _busy()
        began = time.monotonic()
        try:
            await fleet.start()
            self.started = time.monotonic()
            deadline = self.started + args.timeout
            arrivals.start()
            watch.start()
            answering = asyncio.create_task(people.run(deadline))
            killer = asyncio.create_task(self._killer(fleet, watch))
            operator = asyncio.create_task(self._operator(deadline))
            progress = asyncio.create_task(self._progress(people))
            await killer
            self.events["kills_ended_s"] = self._since()
            # The crowd gives up by itself at the deadline; the margin is for its clean-up.
            await asyncio.wait_for(answering, max(1.0, deadline - time.monotonic()) + 30)
            self.events["people_done_s"] = self._since()
            drained = await self._drain(deadline)
            self.events["drained_s"] = self._since()
            await asyncio.sleep(1.0)  # a message still on the wire would show as a duplicate
            for task in (operator, progress):
                task.cancel()
            await asyncio.gather(operator, progress, return_exceptions=True)
        finally:
            await watch.stop()
            await arrivals.stop()
            await fleet.stop()
        elapsed = time.monotonic() - began
        found = messages(
            people.people,
            arrivals.seen,
            self.kills,
            set(emulator.stats.unanswered),
            self.started,
        )
        stored = await database(self.url, people.people, emulator.webhook.accepted_ids)
        leader = watch.summary(args.leader_interval, LEADER_SLACK)
        if self.processes == 1:  # nobody stands by: the leader is back when the process is
            restart = max((k.restart_s for k in self.kills), default=0.0)
            leader["allowed_gap_s"] = round(restart + args.leader_interval + LEADER_SLACK, 2)
        finished = sum(p.finished for p in people.people)
        return {
            "backend": args.backend,
            "processes": self.processes,
            "orgs": args.orgs,
            "people": args.people,
            "drained": drained,
            "timeout_s": args.timeout,
            "seconds": round(elapsed, 1),
            "events_s": self.events,
            "kills": [
                {
                    "at_s": round(k.at - self.started, 1),
                    "process": k.index,
                    "was_leader": k.was_leader,
                    "restart_s": k.restart_s,
                    "leader_back_s": watch.back_after(k.at) if k.was_leader else None,
                    "duplicates": found["duplicates"]["per_kill"][n],
                }
                for n, k in enumerate(self.kills)
            ],
            "messages": found,
            **stored,
            "leader": leader,
            "answering": {
                "finished": finished,
                "stuck": len(people.people) - finished,
                "stuck_at": stages(people.people),
                "updates_caused": sum(p.taps for p in people.people),
            },
            "emulator": {
                **emulator.stats.as_dict(),
                "webhook_posts_by_process": list(emulator.webhook.by_target.values()),
                "webhook_answers": {str(k): v for k, v in emulator.webhook.by_answer.items()},
            },
            "load": {
                "loadavg_before": [round(x, 2) for x in load_before],
                "loadavg_after": [round(x, 2) for x in os.getloadavg()],
                "machine_cores_busy": round((_busy() - busy_before) / elapsed, 2),
                "cores": psutil.cpu_count(),
            },
            "bot_log_lines": _log_lines(workdir),
            "notes": self.notes,
        }


def _log_lines(workdir: Path) -> dict[str, int]:
    """How many WARNING/ERROR lines and tracebacks the bots wrote (their logs are in workdir)."""
    counts = {"warning": 0, "error": 0, "traceback": 0}
    for path in workdir.glob("kylabot-*.log"):
        for line in path.read_text(errors="replace").splitlines():
            counts["warning"] += " WARNING " in line
            counts["error"] += " ERROR " in line
            counts["traceback"] += line.startswith("Traceback")
    return counts


async def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="kylabot-chaos-"))
    db = Database(args.backend, workdir)
    await db.create()
    try:
        await seed(db.url, Network(args.orgs, args.people))
        async with BotApiEmulator() as emulator:
            result = await Chaos(args, db.url, emulator).run(workdir)
    finally:
        await db.drop()
    failed = verdicts(result)
    result["failed_checks"] = failed
    result["errors"] = len(failed)
    result["bot_logs"] = str(workdir)
    return result


def format_result(result: dict[str, Any]) -> str:
    m, a, u, lead = result["messages"], result["answers"], result["updates"], result["leader"]
    d = m["duplicates"]
    lines = [
        f"{result['backend']}, {result['processes']} process(es): {result['orgs']} organisations,"
        f" {result['people']} people, {len(result['kills'])} kills, {result['seconds']} s "
        f"(drained: {result['drained']}; events {result['events_s']})",
        "| message | expected | got 0 | got 1 | got 2 | got 3+ | first / last at (s) |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for kind in ("invitation", "reminder", "broadcast"):
        g = m[kind]
        lines.append(
            f"| {kind} | {g['expected']} | {g['got_0']} | {g['got_1']} | {g['got_2']} | "
            f"{g['got_3_or_more']} | {g.get('first_s')} / {g.get('last_s')} |"
        )
    lines += [
        f"duplicates: {d['after_a_kill']} after kills (per kill {d['per_kill']}), "
        f"{d['after_a_timeout']} after timeouts, {d['unexplained']} unexplained",
        f"answers: {a['stored']} of {a['taps']} taps stored, {a['stored_twice']} twice",
        f"updates: {u['handled']} of {u['delivered']} handled ({u['delivered_twice']} delivered"
        f" twice), journal {u['journal_outcomes']}, apologies {u['apologies_seen']}",
        f"leader: longest gap {lead['longest_gap_s']} s (allowed {lead['allowed_gap_s']} s), "
        f"overlaps {lead['overlap_samples']}, {lead['samples']} samples at most "
        f"{lead['sample_spacing_max_s']} s apart",
        f"people: {result['answering']['finished']} finished, stuck "
        f"{result['answering']['stuck_at']}",
        "kills (s, process, restart s, leader back after s): "
        + ", ".join(
            f"({k['at_s']}, {k['process']}, {k['restart_s']}, {k['leader_back_s']})"
            for k in result["kills"]
        ),
        f"load: {result['load']}; bot logs: {result['bot_log_lines']} in {result['bot_logs']}",
    ]
    lines += [f"note: {note}" for note in result["notes"]]
    lines += [f"FAILED {line}" for line in result["failed_checks"]]
    lines.append("all checks held" if not result["failed_checks"] else "")
    return "\n".join(line for line in lines if line)
