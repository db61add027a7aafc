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
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.outbox.client import Upload
from bot.outbox.effects import Effects
from bot.router import FAILED
from bot.services import Services
from handlers.checkin import report as rp
from handlers.checkin import report_files, report_phone
from storage.repos import checkin as repo

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


def filename(label: str, extension: str) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in label).strip("-")
    return f"checkin-{safe}.{extension}"


async def draw(services: Services, request: Request) -> None:
    """Reads the round's report without the write lock, draws it, and queues the file."""
    tr = request.tr
    try:
        async with services.read() as session:
            found = await repo.get_round(session, request.round_id)
            if found is None:
                return  # removed since the tap, which was answered already
            label = found.label
            data = await rp.build_report(session, found, tr.language, details=request.file.details)
        zone = services.settings.zone
        content = await asyncio.to_thread(request.file.draw, data, tr, zone)
        method = SEND_METHOD[request.file.kind]
        params = {"caption": rp.title(data, tr)}
        upload = Upload(request.file.kind, filename(label, request.file.extension), content)
    except Exception:
        log.exception("the %s of round %s was not drawn", request.file.extension, request.round_id)
        method, params, upload = "sendMessage", {"text": tr._(FAILED)}, None
    async with services.write() as session:
        effects = Effects(session, request.chat_id, services.sender_id, services.now())
        effects.add(method, params, upload=upload)
        await effects.write()
    if services.sender is not None:
        await services.sender.send_now(effects.rows)
