"""Events for the reviewer's pages: invitations and sign-ups, /event, managing one, coffee.

Events are published as ``kylabot event create`` or /event leaves them; their titles are the
demo's (``SAMPLES["title"]``) in every language, as a coordinator who adds each version would.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.emulator import EmulatedUser
from bot.i18n import base_language
from bot.walkthrough import Stage, Walkthrough
from bot.walkthrough_samples import SAMPLES
from handlers.events import notices, publish, reminders, roulette
from storage.models import EventKind, Role

LINK = "https://meet.example.fi/kylakahvit"
PLACE = "Sevettijärven kylätalo"  # a place's name is not translated


def _local(stage: Stage, days: int, hour: int = 10) -> datetime:
    zone = stage.bot.services.settings.zone
    day = stage.bot.services.now().astimezone(zone).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, 0), tzinfo=zone)


def _typed(day: date, hour: int = 10) -> str:
    """A date and time as a coordinator types them (``24.12. 18:00``)."""
    return f"{day.day}.{day.month}. {hour}:00"


async def publish_event(
    stage: Stage,
    kind: EventKind,
    *told: EmulatedUser,
    days: int,
    capacity: int | None,
    place: str | None = None,
) -> int:
    """An event ``days`` ahead, to everyone, published; its invitations reach ``told``."""
    services = stage.bot.services
    now = services.now()
    start = _local(stage, days)
    async with services.write() as session:
        event = publish.new_event(
            now,
            kind,
            title=dict(SAMPLES["title"]),
            starts_at=start,
            minutes=60,
            timezone=services.settings.timezone,
            link=None if place else LINK,
            place=place,
            capacity=capacity,
            audience={"kind": "all"},
            deadline=start - timedelta(hours=2),
        )
        await publish.publish_new(session, services.segments, event, now)
        event_id = event.id
    await stage.job(notices.invite_all(services), *told)
    return event_id


async def signups(stage: Stage) -> None:
    """A one-seat coffee: Aino gets the seat, Eero the waitlist; Aino gives it up and Eero
    moves up. Aino declines a clinic. The reminders a day and an hour before."""
    aino = await stage.person("Aino", "Aino, a village contact")
    eero = await stage.person("Eero", "Eero, another contact of the village")
    start = _local(stage, 2)
    coffee = str(await publish_event(stage, EventKind.COFFEE, aino, eero, days=2, capacity=1))
    await stage.tap(aino, "ev_join", coffee)
    await stage.tap(eero, "ev_join", coffee)
    await stage.send(aino, "/events")
    await stage.tap(aino, "ev_open", coffee)
    await stage.tap(aino, "ev_quit", coffee)
    clinic = str(
        await publish_event(stage, EventKind.CLINIC, aino, eero, days=3, capacity=None, place=PLACE)
    )
    await stage.tap(aino, "ev_no", clinic)
    services = stage.bot.services
    for before in (timedelta(hours=20), timedelta(minutes=45)):  # a day, then an hour before
        stage.travel(start - before)
        await stage.job(reminders.remind_due(services), eero)


async def create(stage: Stage) -> None:
    """Kaisa creates a workshop step by step, with a version in the page's language."""
    kaisa = await stage.person(
        "Kaisa", "Kaisa, a coordinator, creates an event", role=Role.COORDINATOR
    )
    start = _local(stage, 7)
    await stage.send(kaisa, "/event")
    await stage.tap(kaisa, "evc_kind", EventKind.WORKSHOP.value)
    await stage.send(kaisa, stage.text_in("title", "fi"))  # the title is asked in Finnish
    await stage.send(kaisa, stage.text_in("comment", "fi"))
    if stage.language != "fi":
        await stage.tap(kaisa, "evc_lang", stage.language)
        await stage.send(kaisa, stage.text("title"))
        await stage.tap(kaisa, "evc_skip")
    await stage.tap(kaisa, "evc_langs_done")
    await stage.send(kaisa, "1.1.2026 10:00")  # in the past: refused
    await stage.send(kaisa, _typed(start.date()))
    await stage.tap(kaisa, "evc_len", "90")
    await stage.send(kaisa, "http://meet.example.fi/paja")  # not https: refused
    await stage.send(kaisa, "https://meet.example.fi/paja")
    await stage.send(kaisa, "20")
    await stage.tap(kaisa, "evc_seg", "all")
    await stage.tap(kaisa, "evc_dl", "day")
    await stage.tap(kaisa, "evc_publish")
    await stage.send(kaisa, "/event")
    await stage.tap(kaisa, "evc_kind", EventKind.OTHER.value)
    await stage.send(kaisa, "/event")  # an unfinished draft is offered
    await stage.tap(kaisa, "evc_resume", "new")  # start over: the draft is deleted
    await stage.send(kaisa, "/cancel")


async def manage(stage: Stage) -> None:
    """Kaisa opens an event with sign-ups: people, a new time and place, attendance after the
    start; and cancels another one. Aino, signed up to both, is told."""
    kaisa = await stage.person(
        "Kaisa", "Kaisa, a coordinator, manages events", role=Role.COORDINATOR
    )
    aino = await stage.person("Aino", "Aino, a village contact who signed up")
    first = str(
        await publish_event(
            stage, EventKind.TRAINING, aino, kaisa, days=2, capacity=10, place=PLACE
        )
    )
    second = str(await publish_event(stage, EventKind.COFFEE, aino, kaisa, days=4, capacity=None))
    await stage.tap(aino, "ev_join", first)
    await stage.tap(aino, "ev_join", second)
    await stage.send(kaisa, "/events")
    await stage.tap(kaisa, "ev_open", first)
    await stage.tap(kaisa, "ev_manage", first)
    await stage.tap(kaisa, "evm_people")
    await stage.tap(kaisa, "evm_back")
    await stage.tap(kaisa, "evm_time")
    moved = _local(stage, 3, 12)
    await stage.send(kaisa, _typed(moved.date(), 12))
    await stage.tap(kaisa, "ev_manage", first)
    await stage.tap(kaisa, "evm_where")
    await stage.send(kaisa, "https://meet.example.fi/koulutus")
    await stage.tap(kaisa, "ev_open", second)
    await stage.tap(kaisa, "ev_manage", second)
    await stage.tap(kaisa, "evm_cancel")
    await stage.tap(kaisa, "evm_yes")
    stage.travel(moved + timedelta(minutes=10))  # the first has started
    await stage.tap(kaisa, "ev_manage", first)
    await stage.tap(kaisa, "evm_att")
    await stage.tap(kaisa, "evm_mark")
    await stage.tap(kaisa, "evm_back")
    await stage.tap(kaisa, "evm_msg")  # hands over to /broadcast, for the attendees
    await stage.send(kaisa, "/cancel")


async def _pair(stage: Stage) -> None:
    """A virtual coffee round now, as the monthly schedule starts one."""
    services = stage.bot.services
    async with services.write() as session:
        await roulette.run_round(session, services.catalogs, services.now(), seed=1)
    services.wake_sender()


async def coffee(stage: Stage) -> None:
    """Aino and Eero join the virtual coffee, are paired, and are asked a week later whether
    they met; Aino changes her languages and stops; Kaisa sees the rounds' figures."""
    aino = await stage.person("Aino", "Aino, a village contact")
    eero = await stage.person(
        "Eero", "Eero, a contact of another organisation", organisation=stage.office
    )
    for person in (aino, eero):
        await stage.send(person, "/coffee")
        await stage.tap(person, "cf_done")
    services = stage.bot.services
    await stage.job(_pair(stage), aino, eero)
    stage.travel(services.now() + roulette.FOLLOW_UP_AFTER + timedelta(hours=1))
    await stage.job(roulette.follow_up_due(services), aino, eero)
    await stage.tap(aino, "cf_met", lambda arg: arg.endswith(":yes"))
    await stage.tap(eero, "cf_met", lambda arg: arg.endswith(":not_yet"))
    await stage.send(aino, "/coffee")
    await stage.tap(aino, "cf_change")
    own = base_language(stage.language)
    await stage.tap(aino, "cf_lang", own)
    await stage.tap(aino, "cf_done")  # no language left: refused
    await stage.tap(aino, "cf_lang", "sv" if own == "fi" else "fi")
    await stage.tap(aino, "cf_done")
    await stage.send(aino, "/coffee")
    await stage.tap(aino, "cf_stop")
    kaisa = await stage.person("Kaisa", "Kaisa, a coordinator", role=Role.COORDINATOR)
    await stage.send(kaisa, "/coffee")


WALKTHROUGHS = (
    Walkthrough(
        "events",
        "Events: invitations, sign-ups, waitlist, reminders",
        "Two contacts are invited to a one-seat virtual coffee: one gets the seat and the "
        "calendar file, the other the waitlist; the first gives the seat up and the second "
        "moves up. A clinic is declined; the reminders a day and an hour before.",
        ("events",),
        signups,
    ),
    Walkthrough(
        "event-create",
        "Creating an event (coordinators)",
        "/event step by step: kind, Finnish title and description, a version in another "
        "language, time (a refused one first), length, link (a refused one first), seats, "
        "audience, when sign-ups close, preview and publishing; then a draft offered again, "
        "started over and cancelled.",
        ("event_create",),
        create,
    ),
    Walkthrough(
        "event-manage",
        "Managing an event (coordinators)",
        "A coordinator opens an event: who signed up, a new time and place (the people who "
        "signed up are told), attendance after the start; another event is cancelled.",
        ("event_manage",),
        manage,
    ),
    Walkthrough(
        "coffee",
        "Virtual coffee",
        "Two contacts join the monthly virtual coffee with their languages, are paired and "
        "asked a week later whether they met; one changes her languages and stops; a "
        "coordinator sees the figures.",
        ("coffee",),
        coffee,
    ),
)
