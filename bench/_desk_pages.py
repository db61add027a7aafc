"""The desk's pages as ``python -m bench desk`` requests them, and what one load weighs.

Every page of ``handlers.desk.web.PAGES`` is requested, each with the filters its page offers
(a registered page this list does not know is still requested, without filters). The server's
own time comes from the ``Server-Timing`` header the desk's page endpoint writes; the client
time over loopback is kept beside it.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from bench._desk_seed import Seeded
from handlers.desk.web import PAGES
from handlers.phenomena.categories import CATEGORIES

STATIC = re.compile(r"""(?:href|src)="(desk/static/[^"]+)\"""")
CSS_URL = re.compile(r"""url\(["']?([^"')]+)["']?\)""")
DATA_FILES = re.compile(r'data-(?:scripts|styles)="([^"]+)"')


@dataclass(frozen=True)
class View:
    """One page with one set of filters: ``label`` names it in the figures."""

    label: str
    page: str
    query: dict[str, str]

    @property
    def path(self) -> str:
        tail = f"?{urlencode(self.query)}" if self.query else ""
        return f"/desk/page/{self.page}{tail}"


def views(seeded: Seeded) -> list[View]:
    """Every registered page, and each with its filters."""
    latest, first = seeded.round_ids[-1], seeded.round_ids[0]
    known: dict[str, list[tuple[str, dict[str, str]]]] = {
        "rounds": [
            ("latest round", {}),
            ("first round", {"round": str(first)}),
            ("municipality", {"municipality": "Inari"}),
            ("kind", {"kind": "village_association"}),
            ("theme", {"theme": str(seeded.theme_id)}),
        ],
        "phenomena": [
            ("30 days (map)", {}),
            ("7 days", {"period": "7"}),
            ("a round", {"period": f"r{latest}"}),
            ("category", {"category": next(iter(CATEGORIES))}),
            ("municipality", {"municipality": "Inari"}),
        ],
        "phenomenon": [("one report", {"id": str(seeded.phenomenon_id)})],
        "events": [
            ("upcoming", {}),
            ("recent", {"when": "recent"}),
            ("one event", {"event": str(seeded.event_id)}),
        ],
        "broadcasts": [("all", {}), ("done", {"status": "done"})],
    }
    out: list[View] = []
    for page in PAGES:
        for label, query in known.get(page.name, [("default", {})]):
            out.append(View(f"{page.name}: {label}", page.name, query))
    return out


@dataclass
class Timed:
    """One answer: its status, the server's time (ms, None without the header), the client's."""

    status: int
    server_ms: float | None
    client_ms: float
    size: int


async def fetch(client: httpx.AsyncClient, view: View, authorization: str) -> Timed:
    started = time.perf_counter()
    response = await client.get(view.path, headers={"Authorization": authorization})
    client_ms = (time.perf_counter() - started) * 1000
    timing = response.headers.get("Server-Timing", "")
    server = re.search(r"dur=([0-9.]+)", timing)
    return Timed(
        response.status_code,
        float(server.group(1)) if server else None,
        client_ms,
        len(response.content),
    )


async def weights(
    client: httpx.AsyncClient, pages: list[View], authorization: str
) -> dict[str, dict[str, int]]:
    """Bytes of each view: the frame, the fragment and every file the two load from the app
    (scripts, styles, the images the styles name), tiles excluded (none are configured)."""
    frame = await client.get("/desk")
    frame_files = STATIC.findall(frame.text)
    cache: dict[str, int] = {}

    async def size(name: str) -> int:
        if name not in cache:
            response = await client.get(f"/desk/static/{name}")
            cache[name] = len(response.content) if response.status_code == 200 else 0
            if name.endswith(".css") and response.status_code == 200:
                folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
                for ref in CSS_URL.findall(response.text):
                    if not ref.startswith(("data:", "http")):
                        cache[name] += await size(folder + ref)
        return cache[name]

    out: dict[str, dict[str, int]] = {}
    for view in pages:
        fragment = await client.get(view.path, headers={"Authorization": authorization})
        names = [f.removeprefix("desk/static/") for f in frame_files]
        for listed in DATA_FILES.findall(fragment.text):
            names += listed.split()
        files = 0
        for name in dict.fromkeys(names):
            files += await size(name)
        html = len(frame.content) + len(fragment.content)
        out[view.label] = {"html": html, "assets": files, "total": html + files}
    return out
