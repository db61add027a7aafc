"""/report for coordinators (table, chart, XLSX, CSV) and /status for a contact's own answers.

The chart and the files are drawn after the tap's transaction, from a transaction that only
reads, in a worker thread (``report_drawing``): a national round's workbook takes seconds, and
inside the tap's update every other conversation would wait for it.
"""

from __future__ import annotations

from telegram import Update

from bot.context import Ctx
from bot.flow import END, Flow, MenuItem, on_button, on_command
from bot.i18n import N_, NP_
from handlers.checkin import report as rp
from handlers.checkin import report_drawing, report_phone
from handlers.checkin.rounds import localized_marked
from storage.models import Role, Round
from storage.repos import checkin as repo
from storage.repos.checkin_rounds import previous_round

# Translators: /report and /status: there is no round yet; may show in a pop-up box (at
# most 200 characters).
NO_ROUND = N_("No check-in round has been started yet.")
# Translators: /report ROUND: no round has that label. %(round)s = the round's label, e.g.
# 2026/1, as typed. /rounds is a command: keep it.
UNKNOWN_ROUND = N_("There is no round %(round)s. /rounds lists the rounds.")
# Translators: /report (coordinators): the check-in report by theme, sends the table as a
# picture. Button; at most 36 characters on a phone.
CHART = N_("Chart")
# Translators: /report (coordinators): the check-in report by theme, sends the report as
# an Excel file. Button; at most 17 characters on a phone.
WORKBOOK = N_("Excel workbook")
# Translators: /report (coordinators): the check-in report by theme, sends the table as a
# CSV file. Button; at most 17 characters on a phone.
CSV_FILE = N_("CSV file")
# Translators: /status from a person without an organisation (e.g. an administrator).
NO_ORGANISATION = N_("You do not answer for an organisation.")
# Translators: /status: the title above the organisation's measures and their statuses.
# %(round)s = the round's label, e.g. Q3/2026; %(organisation)s = the organisation's name;
# %(state)s = open or closed, lower case.
STATUS_TITLE = N_("Check-in %(round)s for %(organisation)s (%(state)s):")
# Translators: /status and /rounds: a round still open for answers, lower case, inside a
# sentence.
OPEN = NP_("round state", "open")
# Translators: /status and /rounds: a round that has ended, lower case, inside a sentence.
CLOSED = NP_("round state", "closed")
# Translators: Main menu (coordinators): opens /report.
# Button; at most 36 characters on a phone.
REPORT_MENU = N_("Check-in report")


async def _round(ctx: Ctx, ref: str | None) -> Round | None:
    try:
        return await repo.find_round(ctx.session, ref)
    except repo.CheckinError:
        if ref:
            await ctx.say(ctx._(UNKNOWN_ROUND) % {"round": ref})
        else:
            await ctx.say(ctx._(NO_ROUND))
        return None


async def report_command(update: Update, ctx: Ctx) -> int | None:
    """/report [round]: the per-theme table with the change since the round before, and
    buttons for the chart and the files."""
    await ctx.answer()
    ref = " ".join(ctx.args) if ctx.args else (ctx.arg or None)
    found = await _round(ctx, ref)
    if found is None:
        return END
    data = await rp.build_report(ctx.session, found, ctx.tr.language, details=False)
    earlier = await previous_round(ctx.session, found)
    previous = (
        None
        if earlier is None
        else await rp.build_report(ctx.session, earlier, ctx.tr.language, details=False)
    )
    rid = str(found.id)
    markup = ctx.keyboard(
        [
            [(ctx._(CHART), "rp_png", rid)],
            [(ctx._(WORKBOOK), "rp_xlsx", rid), (ctx._(CSV_FILE), "rp_csv", rid)],
        ],
        scoped=False,
    )
    await ctx.say(report_phone.format_chat(data, ctx.tr, previous), markup)
    return END


async def _draw_later(ctx: Ctx, file: report_drawing.FileKind) -> int | None:
    """Answers the button; the file is drawn after this transaction, without holding it."""
    found = await repo.get_round(ctx.session, int(ctx.arg) if ctx.arg.isdigit() else 0)
    if found is None:
        await ctx.answer(ctx._(NO_ROUND), alert=True)
        return END
    await ctx.answer()
    request = report_drawing.Request(ctx.chat_id, found.id, file, ctx.tr)
    ctx.services.spawn(report_drawing.draw(ctx.services, request), name="report-file")
    return END


async def send_chart(update: Update, ctx: Ctx) -> int | None:
    return await _draw_later(ctx, report_drawing.CHART)


async def send_xlsx(update: Update, ctx: Ctx) -> int | None:
    return await _draw_later(ctx, report_drawing.WORKBOOK)


async def send_csv(update: Update, ctx: Ctx) -> int | None:
    return await _draw_later(ctx, report_drawing.CSV)


async def status_command(update: Update, ctx: Ctx) -> int | None:
    """/status: the contact's own organisation's answers in its latest round, nothing else."""
    await ctx.answer()
    contact = ctx.contact
    if contact is None or contact.organisation_id is None or contact.organisation is None:
        await ctx.say(ctx._(NO_ORGANISATION))
        return END
    found = await repo.latest_round_for(ctx.session, contact.organisation_id)
    if found is None:
        await ctx.say(ctx._(NO_ROUND))
        return END
    measures = await repo.org_measures(ctx.session, found.plan_id, contact.organisation_id)
    history = await repo.answer_history(ctx.session, found.id, contact.organisation_id)
    shown = repo.shown_answers(history, contact.organisation_id)
    state = ctx._(OPEN) if found.closed_at is None else ctx._(CLOSED)
    lines = [
        ctx._(STATUS_TITLE)
        % {"round": found.label, "organisation": contact.organisation.name, "state": state},
        "",
    ]
    for position, measure in enumerate(measures, start=1):
        answer = shown.get(measure.id)
        label = rp.status_label(ctx.tr, answer.status.value if answer else "unanswered")
        lines.append(f"{position}. {localized_marked(measure.title, ctx.tr.language)} — {label}")
        if answer is not None and answer.comment:
            lines.append(f"   “{answer.comment}”")
    await ctx.say("\n".join(lines))
    return END


def build_flow() -> Flow:
    coordinator = Role.COORDINATOR
    return Flow(
        name="checkin_report",
        role=coordinator,
        states={},
        entry_points=[
            on_command("report", report_command),
            on_button("rp_menu", report_command),
            on_button("rp_png", send_chart),
            on_button("rp_xlsx", send_xlsx),
            on_button("rp_csv", send_csv),
        ],
        menu=[MenuItem(REPORT_MENU, "rp_menu", coordinator, position=60)],
        # Translators: Command list (Telegram's / menu and /help): what the command /report does;
        # short, no full stop.
        commands=[("report", N_("Check-in report by theme (coordinators)"), coordinator)],
    )


def build_status_flow() -> Flow:
    """/status is every contact's, so it is not part of the coordinators' report flow."""
    return Flow(
        name="checkin_status",
        states={},
        entry_points=[on_command("status", status_command)],
        # Translators: Command list (Telegram's / menu and /help): what the command /status does;
        # short, no full stop.
        commands=[("status", N_("Your organisation's check-in answers"), Role.CONTACT)],
    )
