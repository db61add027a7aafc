"""A report's photo for a signed-in coordinator, fetched from the Bot API and passed through.

A photo is stored as a Bot API ``file_id`` only, and a file's download URL carries the bot's
token, so the page can never be given one: ``/desk/photo?id=N&n=K`` signs the request in like
every desk request, then asks the Bot API (``KYLABOT_API_URL``) ``getFile`` and streams the
bytes on. The route reads the file id in a read transaction and closes it before this module
makes any network call (``web.photo``). The answer is ``private, no-store``: a photo is never
kept by a browser or a proxy. Only image types are passed on; anything else is a 502, as is a
Bot API that fails or does not answer in time, and the page then shows one line instead.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import PurePosixPath
from typing import Final

import httpx
from starlette.responses import PlainTextResponse, Response, StreamingResponse

from bot.config import Settings

log = logging.getLogger(__name__)

TIMEOUT: Final = httpx.Timeout(20.0, connect=5.0)
IMAGE_TYPES: Final = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
PRIVATE: Final = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


def _failed() -> Response:
    return PlainTextResponse("", status_code=502, headers=PRIVATE)


def image_type(file_path: str, content_type: str | None) -> str | None:
    """The image type to answer with: the file server's own where it names an image we pass
    on, else the one of the file's extension; None for anything that is not such an image."""
    given = (content_type or "").split(";")[0].strip().lower()
    if given in IMAGE_TYPES.values():
        return given
    return IMAGE_TYPES.get(PurePosixPath(file_path).suffix.lower())


async def _file_path(client: httpx.AsyncClient, base: str, file_id: str) -> str | None:
    answer = await client.post(f"{base}/getFile", json={"file_id": file_id})
    payload = answer.json()
    if not isinstance(payload, dict) or not payload.get("ok"):
        return None
    path = payload.get("result", {}).get("file_path")
    return path if isinstance(path, str) and path else None


async def stream(settings: Settings, file_id: str) -> Response:
    """The photo's bytes as they arrive from the Bot API's file server."""
    token = settings.require_token()
    client = httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False)
    try:
        path = await _file_path(client, f"{settings.api_url}/bot{token}", file_id)
        if path is None:
            await client.aclose()
            return _failed()
        request = client.build_request("GET", f"{settings.api_url}/file/bot{token}/{path}")
        download = await client.send(request, stream=True)
    except (httpx.HTTPError, ValueError) as exc:
        # the URL holds the token: name the failure, never the request
        log.warning("a report photo could not be fetched: %s", type(exc).__name__)
        await client.aclose()
        return _failed()
    media_type = image_type(path, download.headers.get("content-type"))
    if download.status_code != 200 or media_type is None:
        await download.aclose()
        await client.aclose()
        return _failed()

    async def body() -> AsyncIterator[bytes]:
        try:
            async for chunk in download.aiter_bytes():
                yield chunk
        finally:
            await download.aclose()
            await client.aclose()

    headers = dict(PRIVATE)
    if "content-length" in download.headers:
        headers["Content-Length"] = download.headers["content-length"]
    return StreamingResponse(body(), media_type=media_type, headers=headers)
