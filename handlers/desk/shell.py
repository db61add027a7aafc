"""The desk's one HTML page (the frame), its own static files and its content policy.

The frame carries no data: Telegram opens the desk's URL with a plain GET and hands the page
its ``initData`` in the URL fragment, which browsers never send to a server, so the frame
cannot be signed in. Its script then asks for each page as an HTML fragment with
``Authorization: tma <initData>``; those answers are the only ones with data, and each signs in
again. The only outside file the page names is Telegram's ``telegram-web-app.js``; where it
does not load (a plain browser, ``kylabot chat``'s local URL) the page still works, read-only,
and says so in one line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

from bot.i18n import Translator
from handlers.desk import texts

TELEGRAM_SCRIPT: Final = "https://telegram.org/js/telegram-web-app.js"
STATIC_DIR: Final = Path(__file__).resolve().parent / "static"
STATIC_TYPES: Final = {
    "desk.js": "text/javascript; charset=utf-8",
    "desk.css": "text/css; charset=utf-8",
    "phenomena.js": "text/javascript; charset=utf-8",  # the map and a report's photos
}
# No inline script or style, nothing from elsewhere but Telegram's script. Leaflet positions
# its panes through element.style (CSSOM), which style-src does not govern; a report's photo
# is fetched with the sign-in header and shown as a blob: URL.
CSP_TEMPLATE: Final = (
    "default-src 'none'; script-src 'self' https://telegram.org; style-src 'self'; "
    "img-src 'self' data: blob:{tiles}; connect-src 'self'; base-uri 'none'; form-action 'none'"
)
CSP: Final = CSP_TEMPLATE.format(tiles="")


def csp(tiles_url: str | None) -> str:
    """The page's policy; map tiles (``KYLABOT_DESK_TILES_URL``) add their host to img-src,
    a ``{s}`` subdomain as the wildcard it stands for."""
    if tiles_url is None:
        return CSP
    parts = urlsplit(tiles_url.replace("{s}", "*"))
    return CSP_TEMPLATE.format(tiles=f" {parts.scheme}://{parts.netloc}")


def _nav(tr: Translator, pages: Sequence[tuple[str, str]]) -> str:
    links = "".join(
        f'<a id="nav-{name}" href="#{name}" data-page="{name}">{escape(tr._(label))}</a>'
        for name, label in pages
    )
    return f'<nav aria-label="{escape(tr._(texts.PAGES))}">{links}</nav>'


def page(tr: Translator, pages: Sequence[tuple[str, str]]) -> str:
    """The frame, in the language the browser asks for (the person is not known yet);
    ``pages`` are the navigation's (name, label msgid) pairs (``web.PAGES``)."""
    title = escape(tr._(texts.TITLE))
    return f"""<!doctype html>
<html lang="{tr.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<link rel="stylesheet" href="desk/static/desk.css">
<script src="{TELEGRAM_SCRIPT}"></script>
<script src="desk/static/desk.js" defer></script>
</head>
<body>
<header>
<h1 id="title">{title}</h1>
{_nav(tr, pages)}
</header>
<p id="notice" class="notice" role="status" hidden>{escape(tr._(texts.READ_ONLY))}</p>
<p id="done" class="done" role="status" aria-live="polite" hidden></p>
<main id="page" aria-live="polite" aria-busy="true"><p>{escape(tr._(texts.LOADING))}</p></main>
<noscript><p class="notice">{escape(tr._(texts.NEEDS_SCRIPT))}</p></noscript>
</body>
</html>
"""


def fragment(body: str, tr: Translator, pages: Sequence[tuple[str, str]]) -> str:
    """A page's fragment, carrying what the frame shows in the signed-in person's language
    (the frame was written in the browser's): its title, notice and navigation labels."""
    nav = json.dumps({name: tr._(label) for name, label in pages})
    return (
        f'<div class="page" data-lang="{tr.language}" data-title="{escape(tr._(texts.TITLE))}" '
        f'data-nav="{escape(nav)}" '
        f'data-notice="{escape(tr._(texts.READ_ONLY))}">{body}</div>'
    )
