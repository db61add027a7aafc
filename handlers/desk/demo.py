"""The desk's part of ``make demo``: a coordinator's rounds page, fetched signed, and its URL.

Runs after the check-in step, so the page shows the round the village contact just answered
(36 measures: 26 done, 8 in progress, 2 not done). The demo's bot stops when the demo ends;
``kylabot chat --role coordinator`` keeps a desk open to browse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from bot.emulator import EmulatedUser
from handlers.desk.local import desk_link, serve_desk, signed_init_data
from storage.models import Contact, Role

if TYPE_CHECKING:  # the harness runs the application, which lists this feature
    from bot.harness import LocalBot

COORDINATOR_ID = 4343


async def desk_step(bot: LocalBot, user: EmulatedUser, language: str) -> str | None:
    services = bot.services
    desk_url = services.settings.desk_url
    if desk_url is None:
        return None
    async with services.write() as session:
        session.add(
            Contact(
                telegram_user_id=COORDINATOR_ID,
                role=Role.COORDINATOR,
                language=language,
                display_name="Kaisa",
                consent_at=services.now(),
            )
        )
    init_data = signed_init_data(
        services.settings.require_token(), COORDINATOR_ID, "Kaisa", language, services.now()
    )
    listener = await serve_desk(services)
    try:
        async with httpx.AsyncClient() as client:
            answer = await client.get(
                f"{desk_url}/page/rounds", headers={"Authorization": f"tma {init_data}"}
            )
    finally:
        await listener.stop()
    return (
        "--- the coordinator desk ---\n"
        f"Kaisa's rounds page: HTTP {answer.status_code}, {len(answer.content)} bytes\n"
        f"{desk_link(desk_url, init_data)}\n"
        "(served while the demo ran; `kylabot chat --role coordinator` keeps a desk open)"
    )
