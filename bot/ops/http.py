"""The process's HTTP listener (starlette under uvicorn): /healthz, /metrics, the webhook, and
the pages features serve (``Parts.http_routes``: the coordinator desk under ``/desk``).

In polling mode it serves only health and metrics, on ``KYLABOT_LISTEN`` (127.0.0.1:8080;
``off`` for none); a port already taken is one warning, and the bot runs on without it. In
webhook mode it also receives Telegram's POSTs; there the port is required.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Iterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.journal import AnyApplication
from bot.ops import health, metrics
from bot.ops.webhook import WebhookReceiver
from bot.services import Services

log = logging.getLogger(__name__)

PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8"


def build_app(
    services: Services,
    application: AnyApplication | None = None,
    webhook_path: str | None = None,
) -> Starlette:
    found = metrics.install(services)

    async def healthz(request: Request) -> Response:
        healthy, body = await health.report(services)
        return JSONResponse(body, status_code=200 if healthy else 503)

    async def scrape(request: Request) -> Response:
        return Response(await found.render(services), media_type=PROMETHEUS)

    routes: list[BaseRoute] = [Route("/healthz", healthz), Route("/metrics", scrape)]
    for make in services.http_routes:
        routes.extend(make(services))
    if webhook_path is not None:
        assert application is not None
        receiver = WebhookReceiver(application, services)
        routes.append(Route(webhook_path, receiver.handle, methods=["POST"]))
    return Starlette(routes=routes)


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """The process's own SIGTERM handler stops everything in order, this server too."""
        yield


class HttpListener:
    def __init__(self, app: Starlette, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.server = _Server(
            uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        )
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Binds (OSError if the address is taken) and serves in the background."""
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
            sock.listen(512)
        except OSError:
            sock.close()
            raise
        self.port = sock.getsockname()[1]
        sock.setblocking(False)
        self._task = asyncio.create_task(self.server.serve(sockets=[sock]), name="http")
        while not self.server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        """Stops taking requests; requests being handled (a store) finish first."""
        task, self._task = self._task, None
        if task is None:
            return
        self.server.should_exit = True
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 15)
