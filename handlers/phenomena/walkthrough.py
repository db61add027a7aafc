"""Local phenomena for the reviewer's pages: reporting one, the coordinators' inbox and reply,
and adding to one's own report.

The reports are the people's own words in the page's language (``SAMPLES``); one mentions a
fire, so the 112 notice comes again, as it would.
"""

from __future__ import annotations

from bot.emulator import EmulatedUser
from bot.walkthrough import Stage, Walkthrough
from handlers.phenomena.follow_up import ADD_ACTION
from storage.models import Role

# Inari, Sevettijärvi: where a pin dropped on the map is
PIN = (69.5, 28.6)


async def file_report(stage: Stage, user: EmulatedUser) -> None:
    """A report as a contact sends it with the fewest taps."""
    await stage.send(user, "/phenomenon")
    await stage.tap(user, "ph_cat", "older")
    await stage.send(user, stage.text("report"))
    await stage.tap(user, "ph_next")
    await stage.tap(user, "ph_place", "home")
    await stage.tap(user, "ph_freq", "often")
    await stage.tap(user, "ph_aff", "older")
    await stage.tap(user, "ph_affdone")
    await stage.tap(user, "ph_name", "yes")
    await stage.tap(user, "ph_send")


async def report(stage: Stage) -> None:
    """Aino reports a phenomenon step by step; then starts another with a pin on the map, is
    interrupted, picks it up again and discards it."""
    aino = await stage.person("Aino", "Aino, a village contact")
    await stage.send(aino, "/phenomenon")
    await stage.tap(aino, "ph_cat", "older")
    await stage.send(aino, "/phenomenon")  # while writing: offered to continue
    await stage.tap(aino, "ph_resume", "continue")
    await stage.send(aino, stage.text("report"))
    await stage.send(aino, stage.text("emergency"))  # the 112 notice again
    await stage.tap(aino, "ph_next")
    await stage.tap(aino, "ph_place", "other")
    await stage.tap(aino, "ph_mpage", "1")
    await stage.tap(aino, "ph_mback")
    await stage.send_location(aino, *PIN)
    await stage.tap(aino, "ph_pin", "yes")
    await stage.tap(aino, "ph_freq", "often")
    await stage.tap(aino, "ph_aff", "older")
    await stage.tap(aino, "ph_aff", "families")
    await stage.tap(aino, "ph_affdone")
    await stage.tap(aino, "ph_name", "yes")
    await stage.tap(aino, "ph_edit")
    await stage.tap(aino, "ph_goto", lambda arg: True)
    await stage.tap(aino, "ph_cat", "village")
    await stage.tap(aino, "ph_send")
    await stage.send(aino, "/phenomenon")
    await stage.tap(aino, "ph_cat", "traffic")
    await stage.send(aino, stage.text("report"))
    await stage.tap(aino, "ph_clear")
    await stage.send(aino, "/cancel")


async def inbox(stage: Stage) -> None:
    """Kaisa filters the reports, opens Aino's and replies; Aino gets the reply."""
    aino = await stage.person("Aino", "Aino, who sent a report, gets the reply", show=False)
    await file_report(stage, aino)
    stage.show(aino, "Aino, who sent a report, gets the reply")
    kaisa = await stage.person("Kaisa", "Kaisa, a coordinator", role=Role.COORDINATOR)
    await stage.send(kaisa, "/phenomena")
    await stage.tap(kaisa, "pc_cat")
    await stage.tap(kaisa, "pc_setcat", "older")
    await stage.tap(kaisa, "pc_per")
    await stage.tap(kaisa, "pc_setper", lambda arg: True)
    await answer_first(stage, kaisa)


async def answer_first(stage: Stage, kaisa: EmulatedUser) -> None:
    """From the coordinator's filters: the list, the newest report, a reply."""
    await stage.tap(kaisa, "pc_list", "0")
    await stage.tap(kaisa, "pc_open")
    await stage.tap(kaisa, "pc_reply")
    await stage.send(kaisa, stage.text("reply"))


async def follow_up(stage: Stage) -> None:
    """Aino adds to her report under Kaisa's reply and from /myreports; Kaisa is told."""
    aino = await stage.person("Aino", "Aino adds to her report", show=False)
    kaisa = await stage.person(
        "Kaisa", "Kaisa, who replied, is told", role=Role.COORDINATOR, show=False
    )
    await file_report(stage, aino)
    await stage.send(kaisa, "/phenomena")
    await answer_first(stage, kaisa)
    stage.show(aino, "Aino adds to her report")
    stage.show(kaisa, "Kaisa, who replied, is told")
    await stage.tap(aino, ADD_ACTION)
    await stage.send(aino, stage.text("comment"))
    await stage.tap(aino, "pf_send")
    await stage.send(aino, "/myreports")
    await stage.tap(aino, ADD_ACTION)
    await stage.send(aino, stage.text("comment"))
    await stage.tap(aino, "pf_discard")


WALKTHROUGHS = (
    Walkthrough(
        "phenomena",
        "Reporting a local phenomenon",
        "A contact reports a phenomenon: the safety notice, category, description (the "
        "112 notice again when it mentions an emergency), place by a pin on the map, how "
        "often, who is affected, the name, a summary to check and change, sending; another "
        "report is left unfinished.",
        ("phenomena",),
        report,
    ),
    Walkthrough(
        "phenomena-inbox",
        "Reading and answering reports (coordinators)",
        "/phenomena: a coordinator filters the reports by category and period, opens one and "
        "replies; the reporter gets the reply.",
        ("phenomena_coord",),
        inbox,
    ),
    Walkthrough(
        "my-reports",
        "Adding to one's own report",
        "A reporter adds to a sent report under the coordinator's reply (the coordinator is "
        "told), and starts another addition from /myreports and discards it.",
        ("phenomena_follow_up",),
        follow_up,
    ),
)
