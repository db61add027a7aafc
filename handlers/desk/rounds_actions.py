"""The rounds page's actions: remind the organisations that have not answered, and send the
round's workbook, as the page shows it, into the coordinator's own chat.

Each runs in the action's one transaction (``web.acting``) and writes only there: the reminders
into the outbox through the scheduled reminders' own function (``reminders.remind_round``:
civil hours, at most ``max_reminders``, claimed so a race with the scheduler reminds nobody
twice), the workbook as a request drawn after the commit (``report_requests``), and an audit
event each. When nothing can be done the coordinator reads why, in one sentence, and nothing
is written (``web.Declined``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import parse_hour_range
from bot.i18n import Translator
from bot.services import Services
from handlers.checkin import report_requests
from handlers.checkin.reminders import ASKED_GAP, RoundReminders, next_civil_start, remind_round
from handlers.desk import texts
from handlers.desk.auth import Viewer
from handlers.desk.declined import Declined
from handlers.desk.rounds_data import Filters
from storage.models import Round
from storage.repos.audit import Action, record_by
from storage.repos.checkin_rounds import reminder_states


async def _asked(
    form: Mapping[str, str], services: Services, session: AsyncSession, viewer: Viewer
) -> tuple[Translator, Filters, Round]:
    """The coordinator's translator, and the round and filters the page posted (the round
    must still exist)."""
    tr = services.catalogs.get(viewer.language, "desk")
    filters = Filters.of(form)
    found = None if filters.round_id is None else await session.get(Round, filters.round_id)
    if found is None:
        raise Declined(tr._(texts.NO_SUCH_ROUND))
    return tr, filters, found


def _audit(
    session: AsyncSession,
    services: Services,
    viewer: Viewer,
    action: Action,
    round_: Round,
    filters: Filters,
    **detail: object,
) -> None:
    """The action's audit event: who, from the desk, which round under which filters."""
    record_by(
        session,
        viewer.contact_id,
        action,
        services.now(),
        via="desk",
        round=round_.label,
        municipality=filters.municipality,
        kind=filters.kind,
        **detail,
    )


def _hours(services: Services, tr: Translator) -> dict[str, str]:
    (sh, sm), (eh, em) = parse_hour_range(services.settings.civil_hours)
    return {"start": tr.time(time(sh, sm)), "end": tr.time(time(eh, em))}


async def _why_not(
    session: AsyncSession,
    services: Services,
    tr: Translator,
    round_: Round,
    filters: Filters,
    done: RoundReminders,
) -> str:
    """The one sentence that says why "Remind" reminded nobody."""
    zone = services.settings.zone
    if done.outside_hours and done.possible_at is not None:
        later = tr.datetime(done.possible_at, zone)
        return tr._(texts.OUTSIDE_HOURS) % {**_hours(services, tr), "when": later}
    if done.unreachable:
        return tr._(texts.UNREACHABLE)
    states = await reminder_states(session, round_.id, filters.scope)
    if not states:
        return tr._(texts.EVERYONE)
    at_most = services.settings.max_reminders
    if at_most == 0:
        return tr._(texts.REMINDERS_OFF)
    open_ = [s for s in states if s.reminders < at_most]
    if not open_:
        return tr.counted(texts.ALL_REMINDED, at_most) % {"count": at_most}
    now = services.now()
    soon = [s.since + ASKED_GAP for s in open_ if s.since is not None and s.since + ASKED_GAP > now]
    if len(soon) == len(open_):
        next_at = next_civil_start(min(soon), zone, services.settings.civil_hours)
        return tr._(texts.TOO_SOON) % {"when": tr.datetime(next_at, zone)}
    return tr._(texts.BUSY)  # not invited yet, or claimed by the scheduled reminders now


async def remind(
    form: Mapping[str, str], services: Services, session: AsyncSession, viewer: Viewer
) -> str:
    """Reminds the organisations of the round, under the page's filters, that have not answered."""
    tr, filters, round_ = await _asked(form, services, session, viewer)
    if round_.closed_at is not None:
        raise Declined(tr._(texts.ROUND_CLOSED))
    done = await remind_round(session, services, round_.id, filters.scope)
    if not done.people:
        raise Declined(await _why_not(session, services, tr, round_, filters, done))
    audit = {"organisations": done.organisations, "people": done.people}
    _audit(session, services, viewer, Action.ROUND_REMINDED, round_, filters, **audit)
    return tr.counted(texts.REMINDED, done.people) % {"count": done.people}


async def send_to_chat(
    form: Mapping[str, str], services: Services, session: AsyncSession, viewer: Viewer
) -> str:
    """Asks for the round's workbook, under the page's filters, in the coordinator's chat."""
    tr, filters, round_ = await _asked(form, services, session, viewer)
    await report_requests.ask(
        session,
        services,
        contact_id=viewer.contact_id,
        round_id=round_.id,
        language=viewer.language,
        scope=filters.scope,
        theme_id=filters.theme_id,
    )
    detail = {"format": "xlsx", "theme": filters.theme_id}
    _audit(session, services, viewer, Action.REPORT_SENT, round_, filters, **detail)
    return tr._(texts.SENDING)
