"""The desk's routes on the process's HTTP listener (``Parts.http_routes``).

``PUBLIC`` names the routes that answer without a sign-in: the frame and its two files, which
carry no data. Every other route is made by ``signed_in`` and answers 401 or 403, with one
sentence in the person's language, unless the request's ``initData`` holds (``auth.py``);
``tests/desk`` walks the routing table and holds every route to that. Unset
``KYLABOT_DESK_URL``, there are no routes at all, so every ``/desk`` path answers 404.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from bot.services import Services
from handlers.desk import rounds_data, rounds_page, shell
from handlers.desk.auth import Refusal, Viewer, browser_language, sign_in

PUBLIC: Final = frozenset({"/desk", "/desk/static/{name}"})
NO_STORE: Final = {"Cache-Control": "no-store", "Content-Security-Policy": shell.CSP}

Page = Callable[[Request, Services, AsyncSession, Viewer], Awaitable[str]]


def refused(refusal: Refusal) -> Response:
    return PlainTextResponse(
        refusal.text,
        status_code=refusal.status,
        headers={**NO_STORE, "Content-Language": refusal.language},
    )


def signed_in(services: Services, render: Page) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint that signs the request in, then renders ``render``'s fragment.

    One session per request, for the sign-in and the page alike. On SQLite every transaction
    takes the write lock (``storage/db.py``), so a page waits its turn like any writer instead
    of racing the bot's updates in SQLite's busy handler.
    """

    async def endpoint(request: Request) -> Response:
        async with services.write() as session:
            try:
                viewer = await sign_in(request, services, session)
            except Refusal as refusal:
                return refused(refusal)
            body = await render(request, services, session, viewer)
        tr = services.catalogs.get(viewer.language, "desk")
        return HTMLResponse(
            shell.fragment(body, tr), headers={**NO_STORE, "Content-Language": viewer.language}
        )

    return endpoint


async def rounds(
    request: Request, services: Services, session: AsyncSession, viewer: Viewer
) -> str:
    filters = rounds_data.Filters.of(request.query_params)
    data = await rounds_data.load(session, viewer.language, filters)
    tr = services.catalogs.get(viewer.language, "desk")
    return rounds_page.render(data, tr, services.settings.zone)


def routes(services: Services) -> list[BaseRoute]:
    if services.settings.desk_url is None:
        return []
    files = shell.static_files()

    async def frame(request: Request) -> Response:
        tr = services.catalogs.get(browser_language(request), "desk")
        return HTMLResponse(
            shell.page(tr),
            headers={"Content-Security-Policy": shell.CSP, "Referrer-Policy": "no-referrer"},
        )

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in files:
            return PlainTextResponse("", status_code=404)
        return Response(
            files[name],
            media_type=shell.STATIC_TYPES[name],
            headers={"Cache-Control": "public, max-age=3600"},
        )

    return [
        Route("/desk", frame),
        Route("/desk/static/{name}", static),
        Route("/desk/page/rounds", signed_in(services, rounds)),
    ]
