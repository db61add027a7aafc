"""Every desk route, read from the app's routing table, refuses a request without valid
initData; unset KYLABOT_DESK_URL, every one answers 404 (handlers/desk/web.py)."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Route

from bot.harness import LocalBot
from bot.ops.http import build_app
from handlers.desk import shell, texts
from handlers.desk.web import PAGES, PUBLIC
from storage.models import Role
from tests.desk.support import DESK_URL, add_person, desk_client, init_data, signed

pytestmark = pytest.mark.e2e

CONTACT = 601
SAMPLE = {"name": "desk.js"}  # a value for each path parameter


def desk_paths(bot: LocalBot) -> dict[str, tuple[str, str]]:
    """Route pattern -> (method, a concrete path), for every route under /desk."""
    paths = {}
    for route in build_app(bot.services).routes:
        assert isinstance(route, Route)
        if route.path == "/desk" or route.path.startswith("/desk/"):
            method = "POST" if route.methods == {"POST"} else "GET"
            concrete = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLE[m[1]], route.path)
            paths[route.path] = (method, concrete)
    return paths


async def test_every_desk_route_but_the_frame_refuses_without_valid_initdata(
    database_url: str,
) -> None:
    async with LocalBot(database_url, desk_url=DESK_URL) as bot:
        paths = desk_paths(bot)
        assert paths.keys() >= PUBLIC
        assert len(paths.keys() - PUBLIC) >= 1
        await add_person(bot, CONTACT, Role.CONTACT)
        async with desk_client(bot) as client:
            for pattern, (method, path) in sorted(paths.items()):
                bare = await client.request(method, path)
                contact = await client.request(
                    method, path, headers=signed(init_data(bot, CONTACT))
                )
                if pattern in PUBLIC:
                    # the frame and its files: the same bytes for anyone, no data in them
                    assert (bare.status_code, contact.content) == (200, bare.content)
                    continue
                refused = bot.services.catalogs.get("fi", "desk")._(texts.NO_SIGN_IN)
                assert (bare.status_code, bare.text) == (401, refused), pattern
                assert contact.status_code == 403, pattern
                assert "set-cookie" not in bare.headers and "set-cookie" not in contact.headers


async def test_the_frame_names_no_outside_file_but_telegrams_script(database_url: str) -> None:
    async with LocalBot(database_url, desk_url=DESK_URL) as bot, desk_client(bot) as client:
        frame = await client.get("/desk", headers={"Accept-Language": "se"})
    assert frame.headers["content-security-policy"] == shell.CSP
    outside = [part.split('"')[0] for part in frame.text.split('src="')[1:]]
    outside += [part.split('"')[0] for part in frame.text.split('href="')[1:]]
    assert sorted(outside) == sorted(
        [
            *(f"#{page.name}" for page in PAGES if page.nav),
            "desk/static/desk.css",
            "desk/static/desk.js",
            shell.TELEGRAM_SCRIPT,
        ]
    )
    assert '<html lang="se">' in frame.text
    assert 'aria-live="polite"' in frame.text


async def test_unset_desk_url_every_desk_route_answers_404(database_url: str) -> None:
    async with LocalBot(database_url, desk_url=DESK_URL) as bot:
        paths = desk_paths(bot)
    async with LocalBot(database_url) as bot:
        assert bot.settings.desk_url is None
        await add_person(bot, CONTACT, Role.COORDINATOR)
        async with desk_client(bot) as client:
            for method, path in sorted(paths.values()):
                answer = await client.request(method, path, headers=signed(init_data(bot, CONTACT)))
                assert answer.status_code == 404, path
