"""Prometheus metrics of one process, in a registry the process owns.

The counters are fed where the facts already are: the router says how each update ended, how
long its step took and which transient database errors it met, the sender says what Telegram
answered to each delivery. The gauges that describe the shared outbox (rows by state, the
oldest due row's wait) are read from the database when ``/metrics`` is scraped, so every
process reports the same queue. A registry per ``Metrics`` (not prometheus-client's global
one) keeps tests and two bots in one process apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.ops.health import outbox_figures
from bot.ops.leader import Leadership

if TYPE_CHECKING:
    from telegram import Update

    from bot.services import Services

PRIORITIES = {0: "reply", 1: "notice", 2: "urgent", 3: "bulk"}
AMBIGUOUS = ("timeout", "network")  # bot.outbox.client.ResultKind.ambiguous, by value
STEP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        registry = self.registry
        self.updates = Counter(
            "kylabot_updates",
            "Updates handled, by kind and outcome (handled, duplicate, skipped, failed)",
            ["kind", "outcome"],
            registry=registry,
        )
        self.chat_member = Counter(
            "kylabot_chat_member_changes",
            "my_chat_member updates handled, by the bot's old and new status in the chat "
            "(a person blocking the bot: member to kicked; unblocking: kicked to member)",
            ["old", "new"],
            registry=registry,
        )
        self.step = Histogram(
            "kylabot_step_seconds",
            "From an update reaching the router to its replies sent",
            ["kind"],
            buckets=STEP_BUCKETS,
            registry=registry,
        )
        self.deliveries = Counter(
            "kylabot_deliveries",
            "Bot API calls of the outbox, by Telegram's answer and priority",
            ["result", "priority"],
            registry=registry,
        )
        self.ambiguous = Counter(
            "kylabot_ambiguous_sends",
            "Sends Telegram may or may not have delivered (no answer: timeout; connection lost),"
            " by result and priority; a row ends after its third timeout",
            ["result", "priority"],
            registry=registry,
        )
        self.rate_limited = Counter(
            "kylabot_telegram_429", "429 Too Many Requests answers received", registry=registry
        )
        self.webhook = Counter(
            "kylabot_webhook_requests",
            "Webhook requests, by answer (stored, duplicate, forbidden, bad_request, error)",
            ["answer"],
            registry=registry,
        )
        self.outbox_rows = Gauge(
            "kylabot_outbox_rows",
            "Outbox rows by state (read from the database at scrape time)",
            ["state"],
            registry=registry,
        )
        self.outbox_lag = Gauge(
            "kylabot_outbox_lag_seconds",
            "How long the oldest due pending delivery has waited (0: none)",
            registry=registry,
        )
        self.transient = Counter(
            "kylabot_db_transient",
            "Transient database errors (deadlock, serialization, busy) of an update's "
            "transaction, by what followed (retried, gave_up)",
            ["kind", "result"],
            registry=registry,
        )
        self.leader = Gauge(
            "kylabot_scheduler_leader",
            "1 while this process runs the scheduler",
            registry=registry,
        )

    def update_done(self, kind: str, outcome: str, seconds: float) -> None:
        self.updates.labels(kind, outcome).inc()
        if outcome == "handled":
            self.step.labels(kind).observe(seconds)

    def delivery(self, result: str, priority: int) -> None:
        label = PRIORITIES.get(priority, str(priority))
        self.deliveries.labels(result, label).inc()
        if result in AMBIGUOUS:
            self.ambiguous.labels(result, label).inc()
        if result == "retry_after":
            self.rate_limited.inc()

    async def render(self, services: Services) -> bytes:
        """The exposition text, with the outbox gauges and this process's leadership read now."""
        leadership = services.find(Leadership)
        self.leader.set(1 if leadership is not None and leadership.leading else 0)
        figures = await outbox_figures(services)
        for state in ("pending", "sending", "sent", "failed", "blocked"):
            self.outbox_rows.labels(state).set(figures.by_state.get(state, 0))
        self.outbox_lag.set(figures.oldest_due_seconds)
        return generate_latest(self.registry)


def of(services: Services) -> Metrics | None:
    return services.find(Metrics)


def install(services: Services) -> Metrics:
    """The process's metrics (created once per ``Services``)."""
    existing = of(services)
    if existing is not None:
        return existing
    metrics = Metrics()
    services.keep(metrics)
    sender = services.sender
    if sender is not None:
        sender.on_result = metrics.delivery
    return metrics


def observe_transient(services: Services, kind: str, result: str) -> None:
    """Called by the router for each transient database error (``bot.transient``)."""
    metrics = of(services)
    if metrics is not None:
        metrics.transient.labels(kind, result).inc()


def update_kind(update: Update) -> str:
    if update.callback_query is not None:
        return "callback_query"
    if update.message is not None:
        message = update.message
        if message.text is not None:
            return "command" if message.text.startswith("/") else "text"
        return "media"
    if update.edited_message is not None:
        return "edited_message"
    if update.my_chat_member is not None:
        return "my_chat_member"
    return "other"


def observe_update(services: Services, update: Update, outcome: str, seconds: float) -> None:
    """Called by the router once per update (a no-op until ``install``)."""
    metrics = of(services)
    if metrics is not None:
        metrics.update_done(update_kind(update), outcome, seconds)
        change = update.my_chat_member
        if change is not None and outcome == "handled":
            metrics.chat_member.labels(
                change.old_chat_member.status, change.new_chat_member.status
            ).inc()
