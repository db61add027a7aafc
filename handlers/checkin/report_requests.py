"""Report files asked for outside the chat (the desk's "Send this to my chat"), never lost.

A chat's file button draws its file after the tap's transaction and loses it if the process
dies meanwhile (``report_drawing``: the coordinator taps again). The desk cannot ask for a tap
again: its action answers at once and the coordinator closes the app. So the action writes a
``report_request`` row in its transaction (``ask``); once that commits the file is drawn beside
the updates (``Services.spawn``: read without the write lock, drawn in a worker thread, no
transaction open during it), and a short transaction deletes the request and writes the file
to the outbox together. A process that died while drawing leaves the request; the sender's tick
(``draw_left``) draws it again. Two processes that both draw one request send it once: only
the transaction that deletes the row writes the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Final

from sqlalchemy import delete, event, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.i18n import Translator
from bot.outbox.effects import Effects
from bot.outbox.types import Tick
from bot.services import Services
from handlers.broadcast.segments import ORG_KIND_LABELS
from handlers.checkin import report_drawing
from handlers.checkin.report_data import plan_themes
from storage.models import Contact, OrgKind, ReportRequest, Round
from storage.repos.checkin_rounds import OrgScope

TASK: Final = "report-request-"  # the name of the task drawing one, followed by its id
LEFT_AFTER: Final = timedelta(minutes=2)  # a request this old that no task draws was left
EVERY: Final = 30.0  # seconds between looks for left requests


async def ask(
    session: AsyncSession,
    services: Services,
    *,
    contact_id: int,
    round_id: int,
    language: str,
    scope: OrgScope,
    theme_id: int | None,
) -> int:
    """Writes the request in the caller's transaction; its drawing starts once that commits
    (nothing starts if it rolls back). Returns the request's id."""
    request = ReportRequest(
        contact_id=contact_id,
        round_id=round_id,
        language=language,
        municipality=scope.municipality,
        kind=scope.kind.value if scope.kind is not None else None,
        theme_id=theme_id,
        requested_at=services.now(),
    )
    session.add(request)
    await session.flush()
    request_id = request.id

    def start(_: Session) -> None:
        services.spawn(draw_requested(services, request_id), name=f"{TASK}{request_id}")

    event.listen(session.sync_session, "after_commit", start, once=True)
    return request_id


async def _note(
    session: AsyncSession, request: ReportRequest, round_: Round, tr: Translator
) -> str:
    """Which part of the round the file holds, as the desk's filters said: "Inari · Village
    associations · Safe mobility" (empty for the whole round)."""
    parts = [request.municipality] if request.municipality else []
    if request.kind in {kind.value for kind in OrgKind}:
        parts.append(tr._(ORG_KIND_LABELS[OrgKind(str(request.kind))]))
    if request.theme_id is not None:
        themes = await plan_themes(session, round_.plan_id, tr.language)
        parts += [themes[request.theme_id]] if request.theme_id in themes else []
    return " · ".join(parts)


async def draw_requested(services: Services, request_id: int) -> None:
    """Draws one request's workbook and writes it to the coordinator's chat, deleting the
    request in the same transaction."""
    async with services.read() as session:
        request = await session.get(ReportRequest, request_id)
        if request is None:
            return  # drawn already (by another pass, or another process)
        round_ = await session.get(Round, request.round_id)
        assert round_ is not None  # the request goes with its round (ON DELETE CASCADE)
        tr = services.catalogs.get(request.language, "checkin")
        note = await _note(session, request, round_, tr)
        kind = OrgKind(request.kind) if request.kind in {k.value for k in OrgKind} else None
        scope = OrgScope(request.municipality, kind)
        themes = None if request.theme_id is None else [request.theme_id]
        contact_id = request.contact_id
    drawn = await report_drawing.render(
        services, round_.id, report_drawing.WORKBOOK, tr, scope=scope, theme_ids=themes, note=note
    )
    async with services.write() as session:
        claimed = await session.execute(delete(ReportRequest).where(ReportRequest.id == request_id))
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return  # another process wrote it first
        contact = await session.get(Contact, contact_id)
        if drawn is None or contact is None or contact.telegram_user_id is None:
            return  # the round was removed, or the coordinator used /forget meanwhile
        effects = Effects(session, contact.telegram_user_id, services.sender_id, services.now())
        effects.add(drawn.method, drawn.params, upload=drawn.upload)
        await effects.write()
    if services.sender is not None:
        await services.sender.send_now(effects.rows)


async def draw_left(services: Services) -> int:
    """Starts drawing the requests a process left (it died while drawing them); how many."""
    async with services.read() as session:
        left = list(
            await session.scalars(
                select(ReportRequest.id)
                .where(ReportRequest.requested_at <= services.now() - LEFT_AFTER)
                .order_by(ReportRequest.id)
            )
        )
    drawing = {task.get_name() for task in services.background}
    started = 0
    for request_id in left:
        if f"{TASK}{request_id}" not in drawing:
            services.spawn(draw_requested(services, request_id), name=f"{TASK}{request_id}")
            started += 1
    return started


def sender_ticks(services: Services) -> Sequence[Tick]:
    async def left() -> int:
        return await draw_left(services)

    return [(EVERY, left)]
