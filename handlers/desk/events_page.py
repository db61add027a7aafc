"""The events page as an HTML fragment, in the coordinator's language: upcoming or recent events
with their figures, one event's lists of people, and the coffee roulette's rounds.

The words of an event (its kind, time, place, seats) and of the coffee rounds are the chat's own
(``handlers/events/texts.py``, /coffee's), so the desk and the chat say them alike; dates and
numbers go through the one formatter (``Translator.datetime``, ``number``, ``percent``).
"""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from bot.i18n import Plural, Translator
from bot.services import Services
from handlers.desk import events_data, markup, texts
from handlers.desk.auth import Viewer
from handlers.desk.events_data import Detail, EventsData, Group, People, When
from handlers.events import coffee_flow, manage_texts
from handlers.events import texts as tx
from storage.models import Event, EventStatus
from storage.repos.events import Figures

GROUP_LABELS = {
    Group.SEATS: texts.SIGNED_UP,
    Group.WAITING: texts.WAITLIST,
    Group.DECLINED: texts.DECLINED,
    Group.CANCELLED: texts.GAVE_UP,
    Group.ATTENDED: texts.ATTENDED,
    Group.INVITED: texts.INVITED,
}
IN_ORDER = frozenset({Group.SEATS, Group.WAITING})  # numbered: their order is the queue's


async def page(
    query: QueryParams, services: Services, session: AsyncSession, viewer: Viewer
) -> str:
    filters = events_data.Filters.of(query)
    data = await events_data.load(session, filters, services.now())
    tr = services.catalogs.get(viewer.language, "desk")
    return render(data, tr, services.settings.zone)


def render(data: EventsData, tr: Translator, zone: ZoneInfo) -> str:
    """The whole fragment: one event's lists, or the list of events and the coffee rounds."""
    if data.detail is not None:
        return detail(data.detail, data.filters.when, tr)
    return "".join([filters_form(data, tr), events_table(data, tr), coffee(data, tr, zone)])


def filters_form(data: EventsData, tr: Translator) -> str:
    when = data.filters.when
    options = [
        markup.option(When.UPCOMING, tr._(texts.UPCOMING), when is When.UPCOMING),
        markup.option(When.RECENT, tr._(texts.RECENT), when is When.RECENT),
    ]
    note = tr._(texts.UPCOMING_NOTE) if when is When.UPCOMING else _days(tr, texts.RECENT_NOTE)
    return (
        '<form class="filters" data-page="events">'
        + markup.select("when", tr._(texts.WHEN), options)
        + f'</form><p class="note">{escape(note)}</p>'
    )


def _days(tr: Translator, message: Plural) -> str:
    """``message`` for the page's "recent" window, in days."""
    days = events_data.RECENT_DAYS
    return tr.counted(message, days) % {"days": tr.number(days)}


def figure_items(tr: Translator, figures: Figures) -> list[tuple[str, str]]:
    """An event's figures, labelled, in the chat's order (/events: invited, signed up,
    waitlist, declined, attended)."""
    return [
        (tr._(texts.INVITED), tr.number(figures.invited)),
        (tr._(texts.SIGNED_UP), tr.number(figures.seats)),
        (tr._(texts.WAITLIST), tr.number(figures.waiting)),
        (tr._(texts.DECLINED), tr.number(figures.declined)),
        (tr._(texts.ATTENDED), tr.number(figures.attended)),
    ]


def _heading(event: Event, when: When, tr: Translator) -> str:
    """The row header of an event: its title (a link to its lists), kind, time, state."""
    title = tx.event_title(event, tr.language)
    link = markup.page_link("events", f"event={event.id}&when={when}", title)
    state = ""
    if event.status is EventStatus.CANCELLED:
        state = f'<span class="state">{escape(tr._(texts.CANCELLED))}</span>'
    line = f"{tx.kind_label(tr, event)} · {tx.when_text(tr, event)}"
    return f'{link}<span class="when">{escape(line)}</span>{state}'


def events_table(data: EventsData, tr: Translator) -> str:
    when = data.filters.when
    if not data.events:
        empty = tr._(texts.NO_UPCOMING) if when is When.UPCOMING else _days(tr, texts.NO_RECENT)
        return f'<section class="events"><p class="empty">{escape(empty)}</p></section>'
    figures = figure_items(tr, Figures())
    columns = [tr._(texts.EVENT), *(label for label, _ in figures)]
    rows = [
        ("", [value for _, value in figure_items(tr, found)], _heading(event, when, tr))
        for event, found in data.events
    ]
    return (
        f'<section class="events">{markup.table(columns, rows, "three")}'
        f"{markup.more(tr, data.more)}</section>"
    )


def coffee(data: EventsData, tr: Translator, zone: ZoneInfo) -> str:
    """The coffee roulette: how many take part, and each recent round's figures."""
    title = f"<h2>{escape(tr._(coffee_flow.MENU_LABEL))}</h2>"
    taking_part = tr._(coffee_flow.ROUNDS) % {"count": tr.number(data.taking_part)}
    if not data.rounds:
        body = f"<p>{escape(tr._(coffee_flow.NO_ROUNDS))}</p>"
    else:
        columns = [tr._(texts.PAIRED_ON), tr._(texts.PAIRED), tr._(texts.MET)]
        columns += [tr._(texts.RATE), tr._(texts.NO_ANSWER)]
        rows = [
            (
                tr.date(found.started_at.astimezone(zone).date()),
                [
                    tr.number(figures.paired),
                    tr.number(figures.met),
                    tr.percent(figures.rate),
                    tr.number(figures.unanswered),
                ],
                "",
            )
            for found, figures in data.rounds
        ]
        body = (
            f"<p>{escape(taking_part)}</p>{markup.table(columns, rows)}"
            f'<p class="note">{escape(tr._(texts.RATE_NOTE))}</p>'
        )
    return f'<section class="coffee">{title}{body}</section>'


def people_list(found: People, tr: Translator) -> str:
    label = f"{tr._(GROUP_LABELS[found.group])} ({tr.number(found.count)})"
    heading = f"<h3>{escape(label)}</h3>"
    if not found.count:
        body = f"<p>{escape(tr._(manage_texts.NOBODY_YET))}</p>"
    else:
        tag = "ol" if found.group in IN_ORDER else "ul"
        names = "".join(f"<li>{escape(tx.person_name(tr, p))}</li>" for p in found.people)
        body = f"<{tag}>{names}</{tag}>{markup.more(tr, found.more)}"
    return f'<section class="people">{heading}{body}</section>'


def detail(found: Detail, when: When, tr: Translator) -> str:
    """One event as the chat's summary says it, its figures and its lists of people."""
    back = (
        f'<p class="back">{markup.page_link("events", f"when={when}", tr._(texts.ALL_EVENTS))}</p>'
    )
    event = found.event
    if event is None:
        return f'{back}<p class="empty">{escape(tr._(tx.UNKNOWN))}</p>'
    first, *rest = tx.summary(tr, event, found.figures.seats).split("\n")
    lines = "".join(f"<p>{escape(line)}</p>" for line in rest if line)
    if event.status is EventStatus.CANCELLED:
        lines += f'<p class="state">{escape(tr._(texts.CANCELLED))}</p>'
    figures = markup.figures(figure_items(tr, found.figures), "figures wrap")
    lists = "".join(people_list(people, tr) for people in found.lists)
    return f'{back}<section class="event"><h2>{escape(first)}</h2>{lines}{figures}</section>{lists}'
