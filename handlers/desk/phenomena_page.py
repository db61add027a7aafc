"""The desk's phenomena page as an HTML fragment: filters, the map, the counts, the newest.

The map is drawn in the browser by Leaflet (``static/phenomena.js``, loaded with Leaflet when
this fragment names them in ``data-scripts``); what it draws is in the map element's data
attributes, made here: one point per report (``[id, latitude, longitude, kind, title]``,
anonymous ones already rounded) and, for a map without tiles, a label with the count at each
municipality that has reports. The same counts are in the tables below it, so the page reads
without the map too (a screen reader, a failed script). Words the chat already has come from
/phenomena's own catalog entries.
"""

from __future__ import annotations

import json
from html import escape
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from bot.i18n import Translator
from bot.municipalities import MUNICIPALITIES, MUNICIPALITY_KEYS, municipality_name
from bot.services import Services
from handlers.desk import assets, texts
from handlers.desk import phenomena_texts as pt
from handlers.desk.auth import Viewer
from handlers.desk.phenomena_data import (
    LIST_CAP,
    MAP_CAP,
    PERIODS,
    Filters,
    PhenomenaData,
    Pin,
    PinKind,
    load,
)
from handlers.phenomena import coordinator_texts as chat
from handlers.phenomena.categories import CATEGORIES
from handlers.phenomena.digest import NO_MUNICIPALITY
from handlers.phenomena.service import category_label, report_date
from storage.models import PhenomenonReport


def _option(value: str, label: str, chosen: bool) -> str:
    selected = " selected" if chosen else ""
    return f'<option value="{escape(value)}"{selected}>{escape(label)}</option>'


def _select(name: str, label: str, options: list[str]) -> str:
    return f'<label>{escape(label)}<select name="{name}">{"".join(options)}</select></label>'


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def filters_form(data: PhenomenaData, tr: Translator) -> str:
    chosen = data.filters
    every = tr._(texts.ALL)
    periods = [
        _option(
            days,
            _capitalised(tr.counted(chat.LAST_DAYS, int(days)) % {"days": tr.number(int(days))}),
            days == chosen.period,
        )
        for days in PERIODS
    ] + [
        _option(f"r{r.id}", tr._(pt.DURING_ROUND) % {"round": r.label}, f"r{r.id}" == chosen.period)
        for r in data.rounds
    ]
    categories = [_option("", every, chosen.category is None)] + [
        _option(key, tr._(label), key == chosen.category) for key, label in CATEGORIES.items()
    ]
    places = [_option("", every, chosen.municipality is None)] + [
        _option(key, municipality_name(key, tr.language), key == chosen.municipality)
        for key in MUNICIPALITY_KEYS
    ]
    return (
        '<form class="filters" data-page="phenomena">'
        + _select("period", tr._(chat.CHOOSE_PERIOD), periods)
        + _select("category", tr._(chat.CHOOSE_CATEGORY), categories)
        + _select("municipality", tr._(texts.MUNICIPALITY), places)
        + "</form>"
    )


def status_label(tr: Translator, report: PhenomenonReport) -> str:
    if report.handled_at is not None:
        return tr._(pt.HANDLED)
    return tr._(pt.ANSWERED) if report.replies else tr._(pt.NEW)


def status_key(report: PhenomenonReport) -> str:
    if report.handled_at is not None:
        return "handled"
    return "answered" if report.replies else "new"


def _points(pins: list[Pin], tr: Translator, zone: ZoneInfo) -> list[list[object]]:
    """``[id, latitude, longitude, kind, title]`` per pin; hundreds of pins share a few days
    and categories, so each is formatted once."""
    dates: dict[object, str] = {}
    labels: dict[str | None, str] = {}
    points: list[list[object]] = []
    for pin in pins:
        report = pin.report
        assert report.sent_at is not None  # a sent report
        day = report.sent_at.astimezone(zone).date()
        if day not in dates:
            dates[day] = tr.date(day)
        if report.category not in labels:
            labels[report.category] = category_label(tr, report.category)
        title = tr._(pt.PIN_TITLE) % {
            "id": report.id,
            "category": labels[report.category],
            "date": dates[day],
        }
        points.append([report.id, pin.latitude, pin.longitude, pin.kind, title])
    return points


def _places(data: PhenomenaData, tr: Translator) -> list[list[object]]:
    """A label per municipality with reports, at its centre: ``["Inari 3", lat, lon]``."""
    labels: list[list[object]] = []
    for key, count in sorted(data.counts.by_municipality.items()):
        known = MUNICIPALITIES.get(key)
        if known is not None and count:
            latitude, longitude = known.places[0]
            name = municipality_name(key, tr.language)
            labels.append([f"{name} {tr.number(count)}", latitude, longitude])
    return labels


def map_block(data: PhenomenaData, tr: Translator, zone: ZoneInfo, tiles: str | None) -> str:
    points = _points(data.pins, tr, zone)
    attributes = {
        "data-points": json.dumps(points, ensure_ascii=False, separators=(",", ":")),
        "data-places": json.dumps(_places(data, tr), ensure_ascii=False, separators=(",", ":")),
        "data-tiles": tiles or "",
        "data-cluster": tr._(pt.CLUSTER),
        "data-zoom-in": tr._(pt.ZOOM_IN),
        "data-zoom-out": tr._(pt.ZOOM_OUT),
        "aria-label": tr._(pt.MAP),
    }
    shown = " ".join(f'{name}="{escape(value)}"' for name, value in attributes.items())
    notes = []
    if tiles is None:
        notes.append(tr._(pt.NO_TILES))
    if data.counts.total > MAP_CAP:
        numbers = {"shown": tr.number(MAP_CAP), "count": tr.number(data.counts.total)}
        notes.append(tr._(pt.MAP_CAPPED) % numbers)
    if data.unplaced:
        notes.append(tr.counted(pt.NO_PLACE, data.unplaced) % {"count": tr.number(data.unplaced)})
    legend = "".join(
        f'<li><span class="pin-key {kind}" aria-hidden="true"></span>{escape(tr._(label))}</li>'
        for kind, label in (
            (PinKind.EXACT, pt.PIN_EXACT),
            (PinKind.ROUNDED, pt.PIN_ROUNDED),
            (PinKind.CENTRE, pt.PIN_CENTRE),
        )
    )
    return (
        f'<section class="phenomena-map" data-scripts="{" ".join(assets.MAP_SCRIPTS)} '
        f'phenomena.js" data-styles="{" ".join(assets.MAP_STYLES)}">'
        f'<div id="phenomena-map" class="map" role="region" {shown}></div>'
        f'<ul class="legend">{legend}</ul>'
        + "".join(f'<p class="hint">{escape(note)}</p>' for note in notes)
        + "</section>"
    )


def _count_table(
    title: str, columns: tuple[str, str], rows: list[tuple[str, int]], tr: Translator
) -> str:
    body = "".join(
        f'<tr><th scope="row">{escape(name)}</th><td>{escape(tr.number(count))}</td></tr>'
        for name, count in rows
    )
    return (
        f'<section class="counts"><h2>{escape(title)}</h2><table>'
        f'<thead><tr><th scope="col">{escape(columns[0])}</th>'
        f'<th scope="col">{escape(columns[1])}</th>'
        f"</tr></thead><tbody>{body}</tbody></table></section>"
    )


def counts_block(data: PhenomenaData, tr: Translator) -> str:
    """The total, then the counts per municipality and per category."""
    counts = data.counts
    column = tr._(pt.REPORTS)
    total = (
        f'<dl class="figures one"><div><dt>{escape(column)}</dt>'
        f"<dd>{escape(tr.number(counts.total))}</dd></div></dl>"
    )
    # most first, then by name; the reports without a municipality last, as in the digest
    places = sorted(
        (
            (municipality_name(key, tr.language), count)
            for key, count in counts.by_municipality.items()
        ),
        key=lambda row: (row[0] == "", -row[1], row[0]),
    )
    places = [(name or tr._(NO_MUNICIPALITY), count) for name, count in places]
    kinds = sorted(
        ((category_label(tr, key), count) for key, count in counts.by_category.items()),
        key=lambda row: (-row[1], row[0]),
    )
    return (
        total
        + _count_table(tr._(pt.BY_MUNICIPALITY), (tr._(texts.MUNICIPALITY), column), places, tr)
        + _count_table(tr._(pt.BY_CATEGORY), (tr._(chat.CHOOSE_CATEGORY), column), kinds, tr)
    )


def report_link(report: PhenomenonReport, tr: Translator, zone: ZoneInfo) -> str:
    where = municipality_name(report.municipality or report.municipality_guess, tr.language)
    head = " · ".join(
        part for part in (f"#{report.id}", report_date(tr, report, zone), where or "") if part
    )
    return (
        f'<li><a href="#phenomenon" data-page="phenomenon" data-query="id={report.id}">'
        f"{escape(head)}</a>"
        f'<span class="status {status_key(report)}">{escape(status_label(tr, report))}</span>'
        f"<span>{escape(category_label(tr, report.category))}</span></li>"
    )


def newest_block(data: PhenomenaData, tr: Translator, zone: ZoneInfo) -> str:
    shown = data.reports[:LIST_CAP]
    items = "".join(report_link(report, tr, zone) for report in shown)
    rest = data.counts.total - len(shown)
    more = (
        f'<p class="hint">{escape(tr.counted(pt.MORE, rest) % {"count": tr.number(rest)})}</p>'
        if rest > 0
        else ""
    )
    return (
        f'<section class="reports"><h2>{escape(tr._(pt.NEWEST))}</h2>'
        f'<ul class="report-list">{items}</ul>{more}</section>'
    )


def render(data: PhenomenaData, tr: Translator, zone: ZoneInfo, tiles: str | None) -> str:
    """The whole page fragment; the shell puts it into its ``aria-live`` region."""
    form = filters_form(data, tr)
    if not data.counts.total:
        return form + f'<p class="empty">{escape(tr._(chat.NONE_FOUND))}</p>'
    return "".join(
        [
            form,
            map_block(data, tr, zone, tiles),
            counts_block(data, tr),
            newest_block(data, tr, zone),
        ]
    )


async def page(
    query: QueryParams, services: Services, session: AsyncSession, viewer: Viewer
) -> str:
    """``/desk/page/phenomena``: the map and figures under the request's filters."""
    filters = Filters.of(query)
    data = await load(session, filters, services.now())
    tr = services.catalogs.get(viewer.language, "desk")
    settings = services.settings
    return render(data, tr, settings.zone, settings.desk_tiles_url)
