"""The reviewer's pages: each walkthrough's chats drawn as phones, one self-contained HTML file.

Bubbles and buttons as the phone shows them, the person's own messages and taps on the right,
the short notices after a tap in between; an edited message is drawn again where the edit
happened, marked "edited". Every bubble and button names the catalog messages it shows
(``data-msgid``, and a tooltip with the msgid), found with ``bot.i18n_match``, so the reviewer
finds it in the .po file; a table at the end lists the page's messages. Nothing is loaded from
elsewhere: the style is in the page and a chart is embedded.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

from bot.emulator import SentMessage
from bot.emulator.models import inline_rows
from bot.i18n import ENDONYMS
from bot.i18n_match import MessageIndex, MessageKey
from bot.walkthrough import Phone, Played

STYLE = """
body{font:15px/1.4 system-ui,sans-serif;margin:0;background:#eef1f4;color:#111}
header,footer{padding:12px 24px;background:#fff;border-bottom:1px solid #d5dbe1}
footer{border-top:1px solid #d5dbe1;border-bottom:0}
nav a{margin-right:12px}
body>ul{margin:16px 24px;line-height:1.6}
h1{font-size:22px;margin:4px 0}h2{font-size:16px;margin:0 0 8px}
.phones{display:flex;flex-wrap:wrap;gap:24px;padding:24px}
.phone{width:380px;background:#cfe3d0;border:10px solid #222;border-radius:28px;padding:12px}
.phone h2{background:#222;color:#fff;margin:-12px -12px 12px;padding:8px 12px;font-weight:normal}
.bubble{background:#fff;border-radius:12px;padding:8px 10px;margin:6px 40px 2px 0;
white-space:pre-wrap;overflow-wrap:anywhere;box-shadow:0 1px 1px #0002}
.bubble.me{background:#dcf8c6;margin:6px 0 2px 60px}
.bubble.edited{border-left:4px solid #e0a800}
.bubble.deleted{opacity:.5;text-decoration:line-through}
.tag{display:block;font-size:11px;color:#666;white-space:normal}
.tap{text-align:right;font-size:13px;color:#333;margin:4px 0}
.tap span{background:#fff8;border-radius:10px;padding:2px 8px}
.toast{text-align:center;font-size:13px;margin:6px 20px}
.toast span{background:#333;color:#fff;border-radius:10px;padding:3px 10px;display:inline-block}
.toast.alert span{background:#a00}
.keys{margin:0 40px 6px 0}.row{display:flex;gap:4px;margin-top:4px}
.button{flex:1;background:#ffffffcc;border-radius:8px;padding:6px;text-align:center;
font-size:14px;color:#1b5fa8;overflow-wrap:anywhere}
.file{font-weight:600}img{max-width:100%;border-radius:8px}
[data-msgid]:hover{outline:2px solid #1b5fa8}
table{border-collapse:collapse;background:#fff;margin:0 24px 24px}
td,th{border:1px solid #d5dbe1;padding:4px 8px;text-align:left;vertical-align:top}
td{white-space:pre-wrap}
"""


@dataclass
class Page:
    """One rendered page and the messages it shows."""

    name: str
    html: str
    keys: list[MessageKey] = field(default_factory=list)


def label(key: MessageKey) -> str:
    context, msgid = key
    return f"{msgid} [{context}]" if context else msgid


def _marks(index: MessageIndex, text: str, seen: dict[MessageKey, None]) -> str:
    """The attributes that name the messages ``text`` shows (and notes them as seen)."""
    keys = index.keys_in(text)
    seen.update(dict.fromkeys(keys))
    if not keys:
        return ""
    data = escape(json.dumps([list(k) for k in keys], ensure_ascii=False))
    tip = escape("\n".join(f"msgid: {label(k)}" for k in keys))
    return f' data-msgid="{data}" title="{tip}"'


def _body(message: SentMessage, body: str) -> str:
    """The bubble's inside: a file's name or a picture, and the text (or caption)."""
    text = _caption(message, body)
    head = ""
    if message.kind == "photo" and message.file_bytes:
        picture = base64.b64encode(message.file_bytes).decode("ascii")
        head = f'<img alt="" src="data:image/png;base64,{picture}">'
    elif message.kind != "text":
        head = f'<span class="file">📄 {escape(message.file_name or message.kind)}</span>\n'
    return head + (f'<span class="text">{escape(text)}</span>' if text else "")


def _caption(message: SentMessage, body: str) -> str:
    if message.kind == "text":
        return body
    return body.split(" — ", 1)[1] if " — " in body else ""


def _keyboard(index: MessageIndex, markup: object, seen: dict[MessageKey, None]) -> str:
    rows = inline_rows(markup if isinstance(markup, dict) else None)
    if not rows:
        return ""
    out = []
    for row in rows:
        cells = "".join(
            f'<span class="button" data-kind="button"{_marks(index, text, seen)}>'
            f"{escape(text)}</span>"
            for text, _target in row
        )
        out.append(f'<div class="row">{cells}</div>')
    return f'<div class="keys">{"".join(out)}</div>'


def render_phone(phone: Phone, index: MessageIndex, seen: dict[MessageKey, None]) -> str:
    """One person's chat, from the walkthrough's start to its end."""
    log = phone.user.events()[phone.start : phone.end]
    toasts: dict[int, list[str]] = {}
    for toast in phone.toasts:
        kind = "toast alert" if toast.alert else "toast"
        marks = _marks(index, toast.text, seen)
        toasts.setdefault(toast.after, []).append(
            f'<div class="{kind}"><span data-kind="toast"{marks}>{escape(toast.text)}</span></div>'
        )
    parts = [f"<h2>{escape(phone.label)}</h2>"]
    for position, (tag, message, body, markup) in enumerate(log, start=phone.start):
        if tag == ">":
            parts.append(f'<div class="bubble me" data-kind="me">{escape(body)}</div>')
        elif tag == "tap":
            parts.append(f'<div class="tap" data-kind="tap"><span>👆 {escape(body)}</span></div>')
        elif message is not None:
            css = {"<": "bubble", "edit": "bubble edited", "del": "bubble deleted"}[tag]
            note = {"edit": "edited", "del": "deleted"}.get(tag)
            tagline = f'<span class="tag">{note}</span>' if note else ""
            marks = _marks(index, _caption(message, body), seen)
            role = "deleted" if tag == "del" else "bot"
            inside = tagline + _body(message, body)
            parts.append(f'<div class="{css}" data-kind="{role}"{marks}>{inside}</div>')
            if tag != "del":
                parts.append(_keyboard(index, markup, seen))
        parts += toasts.get(position, [])
    return f'<section class="phone">{"".join(parts)}</section>'


def render_page(
    played: Played,
    index: MessageIndex,
    pages: Sequence[tuple[str, str]],
) -> Page:
    """The page of one walkthrough in ``index``'s language; ``pages``: (name, title) of all,
    for the links between them."""
    walkthrough = played.walkthrough
    seen: dict[MessageKey, None] = {}
    phones = "".join(render_phone(phone, index, seen) for phone in played.phones)
    table = _messages_table(index, seen)
    html = _document(
        index.language,
        f"{walkthrough.title} — {ENDONYMS[index.language]}",
        f"<p>{escape(walkthrough.about)}</p>{_nav(pages, walkthrough.name)}",
        f'<main class="phones">{phones}</main>'
        "<h2 style='margin:0 24px 8px'>Messages on this page</h2>"
        f"{table}",
    )
    return Page(walkthrough.name, html, list(seen))


def _messages_table(index: MessageIndex, seen: Iterable[MessageKey]) -> str:
    rows = [
        "<tr><td>{}</td><td>{}</td><td>{}</td></tr>".format(
            escape(label(key)),
            escape(index.domains.get(key, "")),
            escape("\n".join(index.translations.get(key, []))),
        )
        for key in seen
    ]
    head = "<tr><th>msgid [context]</th><th>catalog</th><th>translation</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def _nav(pages: Sequence[tuple[str, str]], current: str | None) -> str:
    links = ['<a href="index.html">All pages</a>'] + [
        f"<b>{escape(title)}</b>"
        if name == current
        else f'<a href="{name}.html">{escape(title)}</a>'
        for name, title in pages
    ]
    return f"<nav>{' · '.join(links)}</nav>"


def render_index(language: str, pages: Sequence[tuple[str, str, str]]) -> str:
    """The first page: every flow, with what it shows. ``pages``: (name, title, about)."""
    items = "".join(
        f'<li><a href="{name}.html">{escape(title)}</a>: {escape(about)}</li>'
        for name, title, about in pages
    )
    intro = (
        "<p>Each page shows one conversation of the bot as a phone shows it, in "
        f"{escape(ENDONYMS[language])}. Point at a bubble or a button to see its msgid, the "
        "English text to search for in the .po file; each page ends with a table of its "
        "messages.</p>"
    )
    return _document(language, f"kylabot — {ENDONYMS[language]}", intro, f"<ul>{items}</ul>")


def _document(language: str, title: str, header: str, main: str) -> str:
    code = "fi-x-selko" if language == "fi@selko" else language
    return (
        f'<!DOCTYPE html><html lang="{escape(code)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{escape(title)}</h1>{header}</header>{main}</body></html>\n"
    )
