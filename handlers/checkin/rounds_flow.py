"""/rounds for coordinators: schedules and rounds, start a round now, add or stop a schedule.

Also owns the check-in scheduler's life cycle (``on_start``/``on_stop``): schedules are read from
the ``schedule`` table and registered with APScheduler under stable ids at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from telegram import Update

from bot.audit import audited
from bot.context import Ctx
from bot.cron import CronError
from bot.flow import END, Flow, MenuItem, on_button, on_command, on_text
from bot.flow_data import FlowData
from bot.i18n import N_, NN_, NP_
from bot.services import Services
from handlers.checkin.rounds import invite_round_in, localized, start_round
from handlers.checkin.scheduling import PRESETS, CheckinScheduler, add_schedule, next_fire
from storage.models import Plan, Role, Schedule
from storage.repos import checkin as repo
from storage.repos.audit import Action
from storage.repos.checkin_rounds import round_progress


class Step(IntEnum):
    OVERVIEW = 1
    CONFIRM = 2
    CRON = 3


# Translators: /rounds (coordinators start check-in rounds and schedule them), overview:
# the heading above the schedules of automatic rounds.
SCHEDULES = N_("Schedules:")
# Translators: /rounds (coordinators start check-in rounds and schedule them), overview:
# there is no schedule.
NO_SCHEDULES = N_("No schedules.")
# Translators: /rounds (coordinators start check-in rounds and schedule them), overview:
# one schedule. %(id)s = its number in the list; %(cron)s = a cron expression, e.g. 0 9 1
# */3 *; %(zone)s = the time zone's name; %(next)s = date and time of the next round.
SCHEDULE_LINE = N_("#%(id)s: %(cron)s (%(zone)s), next %(next)s")
# Translators: /rounds (coordinators start check-in rounds and schedule them), overview:
# the heading above the five latest rounds.
ROUNDS = N_("Latest rounds:")
# Translators: /rounds (coordinators start check-in rounds and schedule them), overview:
# no round has been started.
NO_ROUNDS = N_("No rounds yet.")
# Translators: /rounds (coordinators start check-in rounds and schedule them), overview:
# one round. %(round)s = the round's label, e.g. Q3/2026; %(date)s = the day it started;
# %(answered)s = organisations that finished, a numeral; %(asked)s = organisations asked,
# a numeral (the plural form follows it); %(state)s = open or closed, lower case.
ROUND_LINE = NN_(
    "%(round)s, started %(date)s: %(answered)s/%(asked)s organisation finished, %(state)s",
    "%(round)s, started %(date)s: %(answered)s/%(asked)s organisations finished, %(state)s",
)
OPEN = NP_("round state", "open")
CLOSED = NP_("round state", "closed")
# Translators: /rounds (coordinators start check-in rounds and schedule them), overview:
# starts a round now. Button; at most 36 characters on a phone.
START_NOW = N_("Start a round now")
# Translators: /rounds (coordinators start check-in rounds and schedule them), overview:
# adds a schedule of automatic rounds. Button; at most 36 characters on a phone.
ADD_SCHEDULE = N_("Add a schedule")
# Translators: /rounds (coordinators start check-in rounds and schedule them), overview:
# stops one schedule. %(id)s = the schedule's number in the list.
# Button; at most 36 characters on a phone.
STOP_SCHEDULE = N_("Stop #%(id)s")
# Translators: /rounds (coordinators start check-in rounds and schedule them), Start a
# round now, when there is no plan. "kylabot plan import" is a command for the server:
# keep it as is.
NO_PLAN = N_("No plan has been imported yet. An administrator imports it with kylabot plan import.")
# Translators: /rounds (coordinators start check-in rounds and schedule them),
# confirmation before starting a round. %(plan)s = the plan's name; %(count)s = number of
# organisations asked, a numeral.
CONFIRM_START = NN_(
    "Start a check-in round of %(plan)s now? It asks %(count)s organisation, and closes the "
    "open round of this plan.",
    "Start a check-in round of %(plan)s now? It asks %(count)s organisations, and closes the "
    "open round of this plan.",
)
# Translators: /rounds (coordinators start check-in rounds and schedule them), confirms
# starting the round. Button; at most 17 characters on a phone.
YES_START = N_("Yes, start")
# Translators: /rounds (coordinators start check-in rounds and schedule them),
# confirmation and schedule steps: changes nothing.
# Button; at most 17 characters on a phone.
CANCEL = NP_("button", "Cancel")
# Translators: /rounds (coordinators start check-in rounds and schedule them), replaces
# the question after Cancel.
CANCELLED = N_("Cancelled. Nothing was changed.")
# Translators: /rounds (coordinators start check-in rounds and schedule them), done.
# %(round)s = the round's label, e.g. Q3/2026; %(sent)s = number of invitations sent, a
# numeral.
STARTED = N_("Round %(round)s started; %(sent)s invitations sent.")
# Translators: /rounds (coordinators start check-in rounds and schedule them), Add a
# schedule: asks how often rounds start. Keep the example 0 9 1 */3 * exactly as it is.
ASK_CRON = N_(
    "How often? Choose, or write a cron expression (minute hour day month weekday), for "
    "example 0 9 1 */3 * for 09:00 on the first day of every third month."
)
# Translators: /rounds (coordinators start check-in rounds and schedule them), Add a
# schedule: a round every three months. Button; at most 17 characters on a phone.
QUARTERLY = N_("Quarterly")
# Translators: /rounds (coordinators start check-in rounds and schedule them), Add a
# schedule: a round every month. Button; at most 17 characters on a phone.
MONTHLY = N_("Monthly")
# Translators: /rounds (coordinators start check-in rounds and schedule them), Add a
# schedule: the typed expression is wrong. %(error)s = the reason, in English, from the
# cron library.
BAD_CRON = N_("That is not a cron expression I understand: %(error)s. Please try again.")
# Translators: /rounds (coordinators start check-in rounds and schedule them), Add a
# schedule, done. %(id)s = the schedule's number; %(cron)s = the cron expression; %(zone)s
# = the time zone's name; %(next)s = date and time of the next round.
SCHEDULED = N_("Schedule #%(id)s added: %(cron)s (%(zone)s). Next round: %(next)s.")
# Translators: /rounds (coordinators start check-in rounds and schedule them), after Stop
# #... . %(id)s = the schedule's number in the list.
STOPPED = N_("Schedule #%(id)s stopped.")
# Translators: /rounds (coordinators start check-in rounds and schedule them), the
# coordinator wrote text where a button was expected.
USE_BUTTONS = N_("Please choose with the buttons.")
# Translators: Main menu (coordinators): opens /rounds.
# Button; at most 36 characters on a phone.
MENU_LABEL = N_("Check-in rounds")


def _scheduler(ctx: Ctx) -> CheckinScheduler | None:
    return ctx.services.find(CheckinScheduler)


async def _number(ctx: Ctx, schedule_id: int) -> int:
    """The schedule's place in the /rounds list (1, 2, …).

    The table's ids also count the phenomena digest's schedule, so the first round schedule
    was shown as "#2" right after "No schedules." (issue 12, item 14).
    """
    ids = [s.id for s in await repo.list_schedules(ctx.session)]
    return ids.index(schedule_id) + 1 if schedule_id in ids else 0


async def overview(update: Update, ctx: Ctx) -> int | None:
    """Lists schedules and the latest rounds with buttons to act on them."""
    await ctx.answer()
    zone = ctx.services.settings.zone
    now = ctx.services.now()
    lines = [ctx._(SCHEDULES)]
    schedules = await repo.list_schedules(ctx.session)
    for number, schedule in enumerate(schedules, 1):
        fire = next_fire(schedule.cron, schedule.timezone, now)
        lines.append(
            ctx._(SCHEDULE_LINE)
            % {
                "id": number,
                "cron": schedule.cron,
                "zone": schedule.timezone,
                "next": ctx.tr.datetime(fire, zone) if fire else "-",
            }
        )
    if not schedules:
        lines.append(ctx._(NO_SCHEDULES))
    lines += ["", ctx._(ROUNDS)]
    rounds = await repo.list_rounds(ctx.session, limit=5)
    # the same figures as the coordinator desk's rounds page (storage/repos/checkin_rounds.py)
    progress = await round_progress(ctx.session, [found.id for found in rounds])
    for found in rounds:
        figures = progress[found.id]
        lines.append(
            ctx.tr.counted(ROUND_LINE, figures.asked)
            % {
                "round": found.label,
                "date": ctx.tr.date(found.started_at.astimezone(zone).date()),
                "answered": ctx.tr.number(figures.finished),
                "asked": ctx.tr.number(figures.asked),
                "state": ctx._(OPEN) if found.closed_at is None else ctx._(CLOSED),
            }
        )
    if not rounds:
        lines.append(ctx._(NO_ROUNDS))
    rows: list[list[tuple[str, str, str]]] = [
        [(ctx._(START_NOW), "rd_start", "")],
        [(ctx._(ADD_SCHEDULE), "rd_add", "")],
    ]
    rows += [
        [(ctx._(STOP_SCHEDULE) % {"id": number}, "rd_stop", str(s.id))]
        for number, s in enumerate(schedules, 1)
    ]
    await ctx.show("\n".join(lines), ctx.keyboard(rows))
    return Step.OVERVIEW


@dataclass
class Starting(FlowData):
    """The plan whose round the coordinator is about to start (0: none chosen)."""

    plan: int = 0


async def ask_start(update: Update, ctx: Ctx) -> int | None:
    await ctx.answer()
    try:
        plan = await repo.get_plan(ctx.session)
    except repo.CheckinError:
        await ctx.show(ctx._(NO_PLAN))
        return END
    count = len(await repo.responsible_org_ids(ctx.session, plan.id))
    Starting(plan=plan.id).save(ctx)
    await ctx.show(
        ctx.tr.counted(CONFIRM_START, count)
        % {"plan": localized(plan.name, ctx.tr.language), "count": ctx.tr.number(count)},
        ctx.keyboard([[(ctx._(YES_START), "rd_go", ""), (ctx._(CANCEL), "rd_cancel", "")]]),
    )
    return Step.CONFIRM


async def start_now(update: Update, ctx: Ctx) -> int | None:
    await ctx.answer()
    plan = await ctx.session.get(Plan, Starting.of(ctx).plan)
    if plan is None:
        await ctx.show(ctx._(NO_PLAN))
        return END
    services = ctx.services
    new = await start_round(ctx.session, plan, services.now(), services.settings.zone)
    sent = await invite_round_in(ctx.session, services, new.id)
    audited(ctx, Action.ROUND_STARTED, round=new.id, plan=plan.key, invited=sent.sent)
    await ctx.show(ctx._(STARTED) % {"round": new.label, "sent": ctx.tr.number(sent.sent)})
    return END


async def cancel(update: Update, ctx: Ctx) -> int | None:
    await ctx.answer()
    await ctx.show(ctx._(CANCELLED))
    return END


async def ask_cron(update: Update, ctx: Ctx) -> int | None:
    await ctx.answer()
    await ctx.show(
        ctx._(ASK_CRON),
        ctx.keyboard(
            [
                [
                    (ctx._(QUARTERLY), "rd_preset", "quarterly"),
                    (ctx._(MONTHLY), "rd_preset", "monthly"),
                ],
                [(ctx._(CANCEL), "rd_cancel", "")],
            ]
        ),
    )
    return Step.CRON


async def preset(update: Update, ctx: Ctx) -> int | None:
    await ctx.answer()
    cron = PRESETS.get(ctx.arg)
    if cron is None:
        return None
    return await _schedule(ctx, cron)


async def cron_text(update: Update, ctx: Ctx) -> int | None:
    message = update.message
    assert message is not None and message.text is not None
    return await _schedule(ctx, " ".join(message.text.split()))


async def _schedule(ctx: Ctx, cron: str) -> int | None:
    services = ctx.services
    try:
        plan_id: int | None = (await repo.get_plan(ctx.session)).id
    except repo.CheckinError:
        plan_id = None
    try:
        schedule = await add_schedule(
            ctx.session, cron, services.settings.timezone, plan_id, services.now()
        )
    except CronError as exc:
        await ctx.say(ctx._(BAD_CRON) % {"error": str(exc)})
        return None
    audited(ctx, Action.ROUND_SCHEDULED, schedule=schedule.id, cron=schedule.cron)
    scheduler = _scheduler(ctx)
    if scheduler is not None:
        scheduler.register(schedule)
    fire = next_fire(schedule.cron, schedule.timezone, services.now())
    await ctx.show(
        ctx._(SCHEDULED)
        % {
            "id": await _number(ctx, schedule.id),
            "cron": schedule.cron,
            "zone": schedule.timezone,
            "next": ctx.tr.datetime(fire, services.settings.zone) if fire else "-",
        }
    )
    return END


async def stop_schedule(update: Update, ctx: Ctx) -> int | None:
    await ctx.answer()
    schedule = await ctx.session.get(Schedule, int(ctx.arg) if ctx.arg.isdigit() else 0)
    if schedule is not None and schedule.kind == "round" and schedule.active:
        number = await _number(ctx, schedule.id)
        schedule.active = False
        audited(ctx, Action.ROUND_SCHEDULE_STOPPED, schedule=schedule.id)
        scheduler = _scheduler(ctx)
        if scheduler is not None:
            scheduler.unregister(schedule.id)
        await ctx.show(ctx._(STOPPED) % {"id": number})
    return END


async def reprompt(update: Update, ctx: Ctx) -> int | None:
    await ctx.say(ctx._(USE_BUTTONS))
    return None


async def on_start(services: Services) -> None:
    """Puts every active schedule on the process's scheduler."""
    await services.keep(CheckinScheduler(services)).start()


async def on_stop(services: Services) -> None:
    scheduler = services.drop(CheckinScheduler)
    if scheduler is not None:
        scheduler.shutdown()


def build_flow() -> Flow:
    role = Role.COORDINATOR
    return Flow(
        name="checkin_rounds",
        role=role,
        entry_points=[
            on_command("rounds", overview),
            on_button("rd_menu", overview),
        ],
        states={
            Step.OVERVIEW: [
                on_button("rd_start", ask_start),
                on_button("rd_add", ask_cron),
                on_button("rd_stop", stop_schedule),
            ],
            Step.CONFIRM: [
                on_button("rd_go", start_now),
                on_button("rd_cancel", cancel),
            ],
            Step.CRON: [
                on_button("rd_preset", preset),
                on_button("rd_cancel", cancel),
                on_text(cron_text),
            ],
        },
        reprompt=reprompt,
        menu=[MenuItem(MENU_LABEL, "rd_menu", role, position=55)],
        # Translators: Command list (Telegram's / menu and /help): what the command /rounds does;
        # short, no full stop.
        commands=[("rounds", N_("Check-in rounds and schedules (coordinators)"), role)],
    )
