"""The check-in part of ``make demo``: the village contact answers a round in their language.

The example plan is imported and a round started; the other organisations' answers come from
the seed file (as if their contacts had answered), the demo contact answers its own four
measures with the buttons, as the seed says. At the very end the coordinator's per-theme table
is printed: 36 measures, 26 done (72 %), 8 in progress (22 %), 2 not done (6 %).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.emulator import EmulatedUser, SentMessage
from handlers.checkin import report as rp
from handlers.checkin.conversation import SKIP_COMMENT
from handlers.checkin.plan_file import load_plan_file
from handlers.checkin.plan_import import apply_plan
from handlers.checkin.rounds import START, invite_round, start_round
from handlers.checkin.seed import EXAMPLE_PLAN, apply_seed, load_seed
from storage.models import Contact, Round
from storage.repos import checkin as repo

if TYPE_CHECKING:  # the harness runs the application, which lists this feature
    from bot.harness import LocalBot


def _buttons(message: SentMessage) -> bool:
    return bool(message.reply_markup and message.reply_markup.get("inline_keyboard"))


async def checkin_step(bot: LocalBot, user: EmulatedUser, language: str) -> str:
    services = bot.services
    now = services.now()
    seed = load_seed()
    async with services.sessionmaker() as session, session.begin():
        await apply_plan(session, load_plan_file(EXAMPLE_PLAN))
        plan = await repo.get_plan(session)
        contact = await session.scalar(select(Contact).where(Contact.telegram_user_id == user.id))
        assert contact is not None and contact.organisation_id is not None
        organisation_id = contact.organisation_id
        new = await start_round(session, plan, now, services.settings.zone)
        await apply_seed(session, new, seed, now, skip_organisations={organisation_id})
        round_id = new.id
        own = await repo.org_measures(session, plan.id, organisation_id)
    tr = services.catalogs.get(language)
    await invite_round(services, round_id)
    await user.wait_for_message(_buttons)
    await user.tap(tr._(START))
    await user.wait_for_message(_buttons)
    for measure in own:
        answer = seed[measure.key]
        await user.tap(tr._(rp.STATUS_LABELS[answer.status.value]))
        await user.wait_for_message(_buttons)
        comment = answer.comment_in(language)
        if comment:
            await user.send_text(comment)
        else:
            await user.tap(tr._(SKIP_COMMENT))
        await user.wait_for_message(_buttons)
    await user.wait_idle(quiet=0.1)
    async with services.sessionmaker() as session:
        found = await session.get(Round, round_id)
        assert found is not None
        report = await rp.build_report(session, found, language, details=False)
        table = rp.format_text(report, tr)
    return f"--- the coordinator's report (kylabot report) ---\n{table}"
