"""A coordinator's answer to a report: stored with it, and sent to the reporter.

One function for every place a coordinator answers from (the chat's /phenomena, the desk), so
the reporter reads the same framed message in their own language, by the same rules of
``bot/outbox/notices.py``, whichever way the answer came. It only writes: the message goes to
the outbox in the caller's transaction and is sent after the commit.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.i18n import N_, Translator
from bot.outbox.notices import notify
from bot.services import Services
from handlers.phenomena.follow_up import add_markup
from handlers.phenomena.service import report_date
from storage.models import Contact, PhenomenonReply, PhenomenonReport
from storage.repos.phenomena import add_reply

MAX_REPLY: Final = 3000  # leaves room for the frame within Telegram's 4,096
# Translators: Sent unprompted to a reporter: a coordinator's answer (from the chat or the
# desk), above the button Add to my report. %(date)s = the day the report was sent;
# %(reply)s = the answer as the coordinator wrote it, not translated.
FRAME = N_("A coordinator answered your report of %(date)s:\n\n%(reply)s")


async def reporter_of(session: AsyncSession, report: PhenomenonReport) -> Contact | None:
    """The reporter with their organisation loaded (which picks their default language)."""
    if report.contact_id is None:
        return None
    return await session.scalar(
        select(Contact)
        .options(selectinload(Contact.organisation))
        .where(Contact.id == report.contact_id)
    )


async def send_reply(
    session: AsyncSession,
    services: Services,
    report: PhenomenonReport,
    coordinator_id: int | None,
    text: str,
) -> PhenomenonReply:
    """Stores ``text`` as a reply to ``report`` and queues it to the reporter; the reply's
    ``delivery`` says whether it was queued ("queued") or why not ("opted_out", "inactive")."""
    now = services.now()
    stored = await add_reply(session, report, coordinator_id, text, now)
    reporter = await reporter_of(session, report)
    if reporter is None:
        stored.delivery = "inactive"
        return stored
    zone = services.settings.zone

    def compose(tr: Translator) -> tuple[str, Any]:
        framed = tr._(FRAME) % {"date": report_date(tr, report, zone), "reply": text}
        return framed, add_markup(tr, report.id)

    outcome = await notify(session, services.catalogs, reporter, compose, now)
    stored.delivery = outcome.reason
    return stored
