"""Report files (chart, workbook, CSV) drawn outside the tap's transaction.

Drawing a national round's workbook or chart takes seconds. Drawn inside the tap's update, it
held the process's turn for writers and, on SQLite, the write lock all that time: every other
conversation of the process waited (issue 19, item 9). The tap's transaction now only checks
the round and answers the button; the file is read in a transaction that only reads
(``Services.read``: no lock waited for or held), drawn in a worker thread, and its outbox row
is written in a short transaction of its own, then sent like any reply.

A crash while a file is being drawn loses that file (the tap was already handled): the
coordinator taps again. A drawing that fails says so, in the reader's language.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.outbox.client import Upload
from bot.outbox.effects import Effects
from bot.router import FAILED
from bot.services import Services
from handlers.checkin import report as rp
from handlers.checkin import report_files, report_phone
from storage.repos import checkin as repo
from storage.repos.checkin_rounds import EVERYWHERE, OrgScope

log = logging.getLogger(__name__)


def _png(data: rp.Report, tr: Translator, zone: ZoneInfo) -> bytes:
    return report_phone.png_bytes(data, tr)


def _csv(data: rp.Report, tr: Translator, zone: ZoneInfo) -> bytes:
    return report_files.csv_bytes(data, tr)


@dataclass(frozen=True)
class FileKind:
    """One kind of report file: how it is drawn and sent."""

    extension: str
    kind: str  # ``ctx.send_file``'s: "photo" or "document"
    details: bool  # needs every answer, not only the counts
    draw: Callable[[rp.Report, Translator, ZoneInfo], bytes]


CHART = FileKind("png", "photo", details=False, draw=_png)
WORKBOOK = FileKind("xlsx", "document", details=True, draw=report_files.xlsx_bytes)
CSV = FileKind("csv", "document", details=False, draw=_csv)
SEND_METHOD = {"photo": "sendPhoto", "document": "sendDocument"}


@dataclass(frozen=True)
class Request:
    chat_id: int
    round_id: int
    file: FileKind
    tr: Translator


@dataclass(frozen=True)
class Drawn:
    """A drawn file as the Bot API call that sends it (or the line saying it failed)."""

    method: str
    params: dict[str, Any]
    upload: Upload | None


def filename(label: str, extension: str) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in label).strip("-")
    return f"checkin-{safe}.{extension}"


async def render(
    services: Services,
    round_id: int,
    file: FileKind,
    tr: Translator,
    *,
    scope: OrgScope = EVERYWHERE,
    theme_ids: Collection[int] | None = None,
    note: str = "",
) -> Drawn | None:
    """Reads the round's report without the write lock and draws it in a worker thread; None
    when the round is gone. ``scope`` and ``theme_ids`` select as the desk's filters do, and
    ``note`` (which selection it is) goes under the caption's title."""
    try:
        async with services.read() as session:
            found = await repo.get_round(session, round_id)
            if found is None:
                return None
            label = found.label
            data = await rp.build_report(
                session,
                found,
                tr.language,
                details=file.details,
                scope=scope,
                theme_ids=theme_ids,
            )
        zone = services.settings.zone
        content = await asyncio.to_thread(file.draw, data, tr, zone)
        caption = "\n".join(line for line in (rp.title(data, tr), note) if line)
        upload = Upload(file.kind, filename(label, file.extension), content)
        return Drawn(SEND_METHOD[file.kind], {"caption": caption}, upload)
    except Exception:
        log.exception("the %s of round %s was not drawn", file.extension, round_id)
        return Drawn("sendMessage", {"text": tr._(FAILED)}, None)


async def draw(services: Services, request: Request) -> None:
    """Draws the report file a chat asked for and queues it to that chat."""
    drawn = await render(services, request.round_id, request.file, request.tr)
    if drawn is None:
        return  # removed since the tap, which was answered already
    async with services.write() as session:
        effects = Effects(session, request.chat_id, services.sender_id, services.now())
        effects.add(drawn.method, drawn.params, upload=drawn.upload)
        await effects.write()
    if services.sender is not None:
        await services.sender.send_now(effects.rows)
