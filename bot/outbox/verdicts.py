"""What Telegram's answer means for an outbox row: sent, tried again later, or final.

429 → that chat waits ``retry_after`` (the try is not counted); connection errors and 5xx →
retried with exponential backoff, up to ``MAX_ATTEMPTS`` tries, then "failed"; 403 → "blocked"
and the contact is marked inactive, never retried; 400 → "failed" at once.

A timeout is tried again until ``MAX_TIMEOUTS`` tries have timed out (issue 19, item 8):
Telegram has no idempotency key, and a request that got no answer may have been delivered, so
each further try could be one more copy on the person's screen; giving up after the second
timeout lost the message when neither was delivered (1 in 40,000 sends under the chaos run's
1 % timeouts, half of them delivered), while a third try turns that loss into an equally rare
third copy. The third timeout ends the row "failed" (timeout): the person got it one to three
times or (1 in 8 million there) not at all. ``Delivery.timeouts`` counts them, whatever comes
between (a 5xx, a 429). A reply's retry cannot overtake a newer message of its chat, which
waits while it is open. The row's ``error`` keeps "timeout" through the retries in between,
so a row that ends after six tries says it may have been delivered. Connection errors are
retried like 5xx although one lost after the request went out is as ambiguous: aiohttp cannot
tell the two apart, and giving up after two would lose messages to a short outage. Both are
counted in ``/metrics`` (``kylabot_ambiguous_sends``).
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
MAX_TIMEOUTS = 3  # tries that timed out before a row ends: each may have been delivered
TIMEOUT = ResultKind.TIMEOUT.value
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
                item.timeouts,
            )
        if kind is ResultKind.RETRY_AFTER:
            self.pacer.retry_after(chat_id, result.retry_after)
            error = self._marked(item, "rate_limited")
            return self.retry(item, result.retry_after, counted=False, error=error)
        if kind is ResultKind.BLOCKED:
            if item.contact_id is not None:
                self.recorder.blocked(item.contact_id)
            return self.final(item, DeliveryStatus.BLOCKED, "blocked")
        if kind is ResultKind.REJECTED:
            reason = "chat_not_found" if result.description == "chat_not_found" else "rejected"
            log.warning("delivery %s refused: %s", item.id, result.description)
            return self.final(item, DeliveryStatus.FAILED, reason)
        timeouts = item.timeouts + (kind is ResultKind.TIMEOUT)
        if timeouts >= MAX_TIMEOUTS:
            log.warning("delivery %s timed out %d times; not sent again", item.id, timeouts)
            return self.final(item, DeliveryStatus.FAILED, TIMEOUT, timeouts)
        if item.attempts >= MAX_ATTEMPTS:
            reason = self._marked(item, kind.value)
            return self.final(item, DeliveryStatus.FAILED, reason, timeouts)
        backoff = min(BACKOFF_CAP, self.backoff_base * 2 ** (item.attempts - 1))
        error = self._marked(item, kind.value)
        delay = backoff * random.uniform(0.8, 1.2)
        return self.retry(item, delay, counted=True, error=error, timeouts=timeouts)

    @staticmethod
    def _marked(item: Claimed, error: str) -> str:
        """``error``, unless an earlier try timed out: that is remembered until the end."""
        return TIMEOUT if item.timeouts else error

    def retry(
        self,
        item: Claimed,
        delay: float,
        *,
        counted: bool,
        error: str | None,
        timeouts: int | None = None,
    ) -> Outcome:
        """Back to the queue in ``delay`` seconds; ``timeouts`` counts this try's if it timed
        out (None: as the row had it)."""
        attempts = item.attempts if counted else item.attempts - 1
        return Outcome(
            item.id,
            DeliveryStatus.PENDING,
            attempts,
            self.clock() + timedelta(seconds=delay),
            error=error,
            token=item.token,
            timeouts=item.timeouts if timeouts is None else timeouts,
        )

    def final(
        self, item: Claimed, status: DeliveryStatus, reason: str, timeouts: int | None = None
    ) -> Outcome:
        return Outcome(
            item.id,
            status,
            item.attempts,
            self.clock(),
            error=reason,
            token=item.token,
            timeouts=item.timeouts if timeouts is None else timeouts,
        )

    def final_row(self, row_id: int, attempts: int, reason: str) -> Outcome:
        """A fast-path row's (its claim was written with the update: token 1)."""
        return Outcome(
            row_id, DeliveryStatus.FAILED, attempts, self.clock(), error=reason, token=FAST_TOKEN
        )
