"""The desk's two actions on a report: answer the reporter, mark the report handled.

Each runs in the action's one write transaction (``web.acting``: a sign-in under ten minutes
old) and is audited with ``via="desk"``. The answer is ``replying.send_reply``, the function
the chat's /phenomena answers with, so the reporter gets the same framed message through the
outbox, sent after the commit. Bad input is declined with one sentence and nothing written:
an empty or overlong answer, a report that does not exist (or is a draft), a report already
marked handled.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import Services
from handlers.desk import phenomena_texts as pt
from handlers.desk.auth import Viewer
from handlers.desk.declined import Declined
from handlers.desk.phenomena_data import report_id_of, sent_report
from handlers.phenomena import coordinator_texts as chat
from handlers.phenomena.replying import MAX_REPLY, send_reply
from storage.models import PhenomenonReport
from storage.repos.audit import Action, record_by
from storage.repos.phenomena import mark_handled


async def _report(
    form: Mapping[str, str], services: Services, session: AsyncSession, viewer: Viewer
) -> PhenomenonReport:
    report_id = report_id_of(form)
    report = await sent_report(session, report_id) if report_id is not None else None
    if report is None:
        raise Declined(services.catalogs.get(viewer.language, "desk")._(chat.NOT_FOUND))
    return report


async def answer(
    form: Mapping[str, str], services: Services, session: AsyncSession, viewer: Viewer
) -> str:
    """Stores the answer with the report and queues it to the reporter in their language."""
    tr = services.catalogs.get(viewer.language, "desk")
    text = form.get("text", "").strip()
    if not text:
        raise Declined(tr._(pt.ANSWER_EMPTY))
    if len(text) > MAX_REPLY:
        numbers = {"length": tr.number(len(text)), "limit": tr.number(MAX_REPLY)}
        raise Declined(tr._(chat.REPLY_TOO_LONG) % numbers)
    report = await _report(form, services, session, viewer)
    stored = await send_reply(session, services, report, viewer.contact_id, text)
    record_by(
        session,
        viewer.contact_id,
        Action.REPLY_SENT,
        services.now(),
        via="desk",
        report=report.id,
        delivery=stored.delivery,
    )
    done = chat.REPLY_SENT if stored.delivery == "queued" else chat.REPLY_NOT_DELIVERED
    return tr._(done) % {"id": report.id}


async def handled(
    form: Mapping[str, str], services: Services, session: AsyncSession, viewer: Viewer
) -> str:
    """Marks the report handled, once: a second mark (by anyone) is declined."""
    tr = services.catalogs.get(viewer.language, "desk")
    report = await _report(form, services, session, viewer)
    if not await mark_handled(session, report, viewer.contact_id, services.now()):
        raise Declined(tr._(pt.ALREADY_HANDLED) % {"id": report.id})
    record_by(
        session,
        viewer.contact_id,
        Action.REPORT_HANDLED,
        services.now(),
        via="desk",
        report=report.id,
    )
    return tr._(pt.MARKED) % {"id": report.id}
