"""What Telegram's answer means for an outbox row: sent, tried again later, or final.

429 → that chat waits ``retry_after`` (the try is not counted); timeouts, connection errors and
5xx → retried with exponential backoff, up to ``MAX_ATTEMPTS`` tries, then "failed"; 403 →
"blocked" and the contact is marked inactive, never retried; 400 → "failed" at once.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.outbox.client import ResultKind, SendResult
from bot.outbox.pacing import NoPacing, Pacer
from bot.outbox.recording import Recorder
from storage.models import DeliveryStatus
from storage.repos.outbox import Claimed, Outcome

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FAST_TOKEN = 1  # the claim token of a row written "sending" by its update (the fast path)
BACKOFF_CAP = 60.0


class Verdicts:
    def __init__(
        self,
        clock: Callable[[], datetime],
        pacer: Pacer | NoPacing,
        recorder: Recorder,
        backoff_base: float,
    ) -> None:
        self.clock = clock
        self.pacer = pacer
        self.recorder = recorder
        self.backoff_base = backoff_base

    def judge(self, item: Claimed, chat_id: int, result: SendResult) -> Outcome:
        kind = result.kind
        if kind.delivered:
            now = self.clock()
            return Outcome(
                item.id,
                DeliveryStatus.SENT,
                item.attempts,
                now,
                result.message_id,
                now,
                None,
                item.token,
            )
        if kind is ResultKind.RETRY_AFTER:
            self.pacer.retry_after(chat_id, result.retry_after)
            return self.retry(item, result.retry_after, counted=False, error="rate_limited")
        if kind is ResultKind.BLOCKED:
            if item.contact_id is not None:
                self.recorder.blocked(item.contact_id)
            return self.final(item, DeliveryStatus.BLOCKED, "blocked")
        if kind is ResultKind.REJECTED:
            reason = "chat_not_found" if result.description == "chat_not_found" else "rejected"
            log.warning("delivery %s refused: %s", item.id, result.description)
            return self.final(item, DeliveryStatus.FAILED, reason)
        if item.attempts >= MAX_ATTEMPTS:
            return self.final(item, DeliveryStatus.FAILED, kind.value)
        backoff = min(BACKOFF_CAP, self.backoff_base * 2 ** (item.attempts - 1))
        return self.retry(item, backoff * random.uniform(0.8, 1.2), counted=True, error=kind)

    def retry(self, item: Claimed, delay: float, *, counted: bool, error: str | None) -> Outcome:
        attempts = item.attempts if counted else item.attempts - 1
        return Outcome(
            item.id,
            DeliveryStatus.PENDING,
            attempts,
            self.clock() + timedelta(seconds=delay),
            error=error,
            token=item.token,
        )

    def final(self, item: Claimed, status: DeliveryStatus, reason: str) -> Outcome:
        return Outcome(item.id, status, item.attempts, self.clock(), error=reason, token=item.token)

    def final_row(self, row_id: int, attempts: int, reason: str) -> Outcome:
        """A fast-path row's (its claim was written with the update: token 1)."""
        return Outcome(
            row_id, DeliveryStatus.FAILED, attempts, self.clock(), error=reason, token=FAST_TOKEN
        )
