"""The desk's routes on the process's HTTP listener (``Parts.http_routes``).

``PUBLIC`` names the routes that answer without a sign-in: the frame and its two files, which
carry no data. Every other route is made by ``signed_in`` (a page, GET) or ``acting`` (an
action, POST) and answers 401 or 403, with one sentence in the person's language, unless the
request's ``initData`` holds (``auth.py``); an action's must also be younger than ten minutes.
``tests/desk`` walks the routing table and holds every route to that. Unset
``KYLABOT_DESK_URL``, there are no routes at all, so every ``/desk`` path answers 404.

The desk's pages and actions are listed once, in ``PAGES`` and ``ACTIONS``: the routes, the
frame's navigation and the tests are all made from these two lists.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qsl

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from bot.services import Services
from handlers.desk import (
    assets,
    broadcasts_page,
    events_page,
    phenomena_actions,
    phenomena_data,
    phenomena_page,
    phenomenon_page,
    photo,
    rounds_actions,
    rounds_data,
    rounds_page,
    shell,
    texts,
)
from handlers.desk import phenomena_texts as pt
from handlers.desk.auth import Refusal, Viewer, browser_language, sign_in
from handlers.desk.declined import Declined as Declined  # re-exported: actions raise web.Declined
from handlers.desk.drawing import Page, PageCall, PageDrawer

PUBLIC: Final = frozenset({"/desk", "/desk/static/{name:path}"})
NO_STORE: Final = {"Cache-Control": "no-store", "Content-Security-Policy": shell.CSP}

Act = Callable[[Mapping[str, str], Services, AsyncSession, Viewer], Awaitable[str]]
MAX_FORM = 16_384  # bytes: an action's form is a few short fields


@dataclass(frozen=True)
class DeskPage:
    """A page of the desk: ``/desk/page/<name>``, shown in the frame's navigation as ``label``
    (a msgid of the desk domain) unless ``nav`` is false (a view opened from another page,
    such as one report)."""

    name: str
    label: str
    render: Page
    nav: bool = True


@dataclass(frozen=True)
class DeskAction:
    """An action: ``POST /desk/act/<name>`` with the form's fields; ``act`` writes its effects
    (outbox rows) and its audit event in the transaction and returns the sentence to show."""

    name: str
    act: Act


def server_timing(seconds: float) -> str:
    """The page's time in the process, from the request to its body (``python -m bench desk``
    reads it, so the figure leaves out the HTTP client and the loopback)."""
    return f"app;dur={seconds * 1000:.2f}"


def refused(refusal: Refusal) -> Response:
    return PlainTextResponse(
        refusal.text,
        status_code=refusal.status,
        headers={**NO_STORE, "Content-Language": refusal.language},
    )


def signed_in(
    services: Services, render: Page, drawer: PageDrawer
) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint that signs the request in, then has ``drawer`` read and draw ``render``'s
    fragment.

    The sign-in reads in a transaction that only reads (``Services.read``) and is over before
    the page is drawn: a page never waits for SQLite's write lock nor holds it, so the bot's
    updates do not queue behind a coordinator's page. The page is read and drawn in a worker
    process beside the bot (``drawing.py`` says why), which answers only for a signed-in
    coordinator.
    """

    async def endpoint(request: Request) -> Response:
        started = time.perf_counter()
        async with services.read() as session:
            try:
                viewer = await sign_in(request, services, session)
            except Refusal as refusal:
                return refused(refusal)
        body = await drawer.draw(PageCall(render, request.url.query, viewer))
        tr = services.catalogs.get(viewer.language, "desk")
        html = shell.fragment(body, tr, nav_labels())
        return HTMLResponse(
            html,
            headers={
                **NO_STORE,
                "Content-Language": viewer.language,
                "Server-Timing": server_timing(time.perf_counter() - started),
            },
        )

    return endpoint


def acting(services: Services, act: Act) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint that signs an action in (``initData`` at most ten minutes old), runs it in
    one write transaction and answers its one sentence (200), or the refusal (401/403) or the
    reason it was declined (409), with nothing written then. No network call happens here:
    what the action sends is written to the outbox and goes after the commit."""

    async def endpoint(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_FORM:
            return PlainTextResponse("", status_code=413, headers=NO_STORE)
        # The page posts its form URL-encoded (desk.js); one value a name is all it sends.
        form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        try:
            async with services.write() as session:
                viewer = await sign_in(request, services, session, action=True)
                done = await act(form, services, session, viewer)
        except Refusal as refusal:
            return refused(refusal)
        except Declined as declined:
            return PlainTextResponse(declined.text, status_code=409, headers=NO_STORE)
        services.wake_sender()
        return PlainTextResponse(done, headers={**NO_STORE, "Content-Language": viewer.language})

    return endpoint


async def rounds(
    query: QueryParams, services: Services, session: AsyncSession, viewer: Viewer
) -> str:
    filters = rounds_data.Filters.of(query)
    data = await rounds_data.load(session, viewer.language, filters)
    tr = services.catalogs.get(viewer.language, "desk")
    return rounds_page.render(data, tr, services.settings.zone)


PAGES: Final[tuple[DeskPage, ...]] = (
    DeskPage("rounds", texts.ROUNDS, rounds),
    DeskPage("phenomena", pt.PHENOMENA, phenomena_page.page),
    DeskPage("phenomenon", pt.REPORT_TITLE, phenomenon_page.page, nav=False),
    DeskPage("events", texts.EVENTS, events_page.page),
    DeskPage("broadcasts", texts.BROADCASTS, broadcasts_page.page),
)
ACTIONS: Final[tuple[DeskAction, ...]] = (
    DeskAction(phenomenon_page.ANSWER_ACTION, phenomena_actions.answer),
    DeskAction(phenomenon_page.HANDLED_ACTION, phenomena_actions.handled),
    DeskAction("remind", rounds_actions.remind),
    DeskAction("send", rounds_actions.send_to_chat),
)


def nav_labels() -> list[tuple[str, str]]:
    """(page name, label msgid) for the frame's navigation, in ``PAGES``' order."""
    return [(page.name, page.label) for page in PAGES if page.nav]


def photo_route(services: Services) -> Callable[[Request], Awaitable[Response]]:
    """``/desk/photo?id=N&n=K``: a report's photo for a signed-in coordinator. The file id is
    read in a read transaction that is closed before the Bot API is asked (``photo.py``)."""

    async def endpoint(request: Request) -> Response:
        async with services.read() as session:
            try:
                await sign_in(request, services, session)
            except Refusal as refusal:
                return refused(refusal)
            file_id = await phenomena_data.photo_file_id(session, request.query_params)
        if file_id is None:
            return PlainTextResponse("", status_code=404, headers=NO_STORE)
        return await photo.stream(services.settings, file_id)

    return endpoint


async def stop_drawer(services: Services) -> None:
    """The desk's ``on_stop``: its page workers end with the bot."""
    drawer = services.drop(PageDrawer)
    if drawer is not None:
        await drawer.close()


def routes(services: Services) -> list[BaseRoute]:
    if services.settings.desk_url is None:
        return []
    files = assets.load()
    policy = shell.csp(services.settings.desk_tiles_url)

    async def frame(request: Request) -> Response:
        tr = services.catalogs.get(browser_language(request), "desk")
        return HTMLResponse(
            shell.page(tr, nav_labels()),
            headers={"Content-Security-Policy": policy, "Referrer-Policy": "no-referrer"},
        )

    async def static(request: Request) -> Response:
        # only the files assets.py names: a request's path never reaches the file system
        found = files.get(request.path_params["name"])
        if found is None:
            return PlainTextResponse("", status_code=404)
        return Response(
            found.body,
            media_type=found.media_type,
            headers={"Cache-Control": found.cache_control, "X-Content-Type-Options": "nosniff"},
        )

    drawer = services.keep(PageDrawer(services))  # stopped by ``stop_drawer`` at the bot's stop
    pages: list[BaseRoute] = [
        Route(f"/desk/page/{page.name}", signed_in(services, page.render, drawer)) for page in PAGES
    ]
    actions: list[BaseRoute] = [
        Route(f"/desk/act/{action.name}", acting(services, action.act), methods=["POST"])
        for action in ACTIONS
    ]
    return [
        Route("/desk", frame),
        Route("/desk/static/{name:path}", static),
        Route("/desk/photo", photo_route(services)),
        *pages,
        *actions,
    ]
