"""The check-in for the reviewer's pages: answering a round, /rounds, /report and /status.

The round is started as the scheduler starts one; the other organisations' answers come from
the example plan's seed (as in ``make demo``), so the report has figures to show.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.emulator import EmulatedUser
from bot.walkthrough import Stage, Walkthrough
from handlers.checkin.rounds import invite_round, start_round
from handlers.checkin.seed import apply_seed, load_seed
from storage.models import Role
from storage.repos import checkin as repo


def _code(code: str) -> Callable[[str], bool]:
    """A status button's argument is ``<measure id>.<code>``."""
    return lambda arg: arg.endswith(f".{code}")


async def start_seeded_round(stage: Stage, *told: EmulatedUser) -> None:
    """A new round of the example plan, answered by every organisation but the village; the
    invitations reach ``told``."""
    services = stage.bot.services
    async with services.write() as session:
        plan = await repo.get_plan(session)
        new = await start_round(session, plan, services.now(), services.settings.zone)
        await apply_seed(
            session, new, load_seed(), services.now(), skip_organisations={stage.village.id}
        )
        round_id = new.id
    await stage.job(invite_round(services, round_id), *told)


async def answer(stage: Stage) -> None:
    """Aino answers her village's four measures: later, a comment, back, a skip, /status."""
    aino = await stage.person("Aino", "Aino, a village contact, answers the check-in")
    await start_seeded_round(stage, aino)
    await stage.tap(aino, "ci_later")
    await stage.tap(aino, "ci_start")
    await stage.tap(aino, "ci_st", _code("d"))
    await stage.send(aino, stage.text("comment"))
    await stage.tap(aino, "ci_st", _code("p"))
    await stage.tap(aino, "ci_back")  # from the comment question: the measure again
    await stage.tap(aino, "ci_st", _code("p"))
    await stage.tap(aino, "ci_nc")
    await stage.send(aino, "👍")  # not a button: asked to use them
    await stage.tap(aino, "ci_st", _code("n"))
    await stage.tap(aino, "ci_nc")
    await stage.tap(aino, "ci_st", _code("s"))
    await stage.send(aino, "/checkin")  # the skipped measure is offered again
    await stage.tap(aino, "ci_st", _code("d"))
    await stage.tap(aino, "ci_nc")
    await stage.send(aino, "/checkin")
    await stage.tap(aino, "ci_close")
    await stage.send(aino, "/status")


async def rounds(stage: Stage) -> None:
    """Kaisa starts a round, adds a quarterly schedule, tries a bad one, stops the first."""
    kaisa = await stage.person("Kaisa", "Kaisa, a coordinator", role=Role.COORDINATOR)
    await stage.send(kaisa, "/rounds")
    await stage.tap(kaisa, "rd_start")
    await stage.tap(kaisa, "rd_cancel")
    await stage.send(kaisa, "/rounds")
    await stage.tap(kaisa, "rd_start")
    await stage.tap(kaisa, "rd_go")
    await stage.send(kaisa, "/rounds")
    await stage.tap(kaisa, "rd_add")
    await stage.send(kaisa, "every monday")
    await stage.tap(kaisa, "rd_preset", "quarterly")
    await stage.send(kaisa, "/rounds")
    await stage.tap(kaisa, "rd_stop")


async def report(stage: Stage) -> None:
    """Kaisa reads the report of a round the other organisations answered, and its files."""
    kaisa = await stage.person("Kaisa", "Kaisa, a coordinator", role=Role.COORDINATOR)
    await start_seeded_round(stage)
    await stage.send(kaisa, "/report")
    await stage.tap(kaisa, "rp_png")
    await stage.tap(kaisa, "rp_xlsx")
    await stage.tap(kaisa, "rp_csv")
    await stage.send(kaisa, "/report Q9/1999")


WALKTHROUGHS = (
    Walkthrough(
        "checkin",
        "Check-in: answering a round",
        "A contact gets the invitation of a new round, answers each of the village's measures "
        "(a comment, going back, a skip), finishes the skipped one later and reads /status.",
        ("checkin", "checkin_status"),
        answer,
    ),
    Walkthrough(
        "rounds",
        "Check-in rounds and schedules (coordinators)",
        "/rounds: a coordinator starts a round (first cancelling), adds a schedule after a "
        "cron expression the bot does not understand, and stops it.",
        ("checkin_rounds",),
        rounds,
    ),
    Walkthrough(
        "report",
        "Check-in report (coordinators)",
        "/report: the per-theme table, then the chart, the workbook and the CSV file, and a "
        "round that does not exist.",
        ("checkin_report",),
        report,
    ),
)
