"""Small HTML pieces every desk page is made of: a filter's select, a table that becomes cards on
a phone, a row of figures, the "… and N more" line of a capped list.

Text goes in escaped; only the ``extra`` of a table's row header is markup, made by the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.i18n import Translator
from handlers.desk import texts


def option(value: str, label: str, chosen: bool) -> str:
    selected = " selected" if chosen else ""
    return f'<option value="{escape(value)}"{selected}>{escape(label)}</option>'


def select(name: str, label: str, options: list[str]) -> str:
    return f'<label>{escape(label)}<select name="{name}">{"".join(options)}</select></label>'


def table(columns: list[str], rows: list[tuple[str, list[str], str]], css: str = "") -> str:
    """A table that reads as one on a wide screen and as one card per row on a phone (the
    CSS lays each row out as a grid); the roles keep it a table for screen readers then too,
    and each cell carries its column's name for the card's label. ``css``: more classes
    (``three``: three figures a line on a phone, for long column names)."""
    head = "".join(f'<th scope="col" role="columnheader">{escape(c)}</th>' for c in columns)
    body = []
    for name, cells, extra in rows:
        tds = "".join(
            f'<td role="cell" data-label="{escape(label)}">{escape(cell)}</td>'
            for label, cell in zip(columns[1:], cells, strict=True)
        )
        body.append(
            f'<tr role="row"><th scope="row" role="rowheader">{escape(name)}{extra}</th>{tds}</tr>'
        )
    classes = f"cards c{len(columns) - 1} {css}".strip()
    return (
        f'<table role="table" class="{classes}">'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead>'
        f'<tbody role="rowgroup">{"".join(body)}</tbody></table>'
    )


def figures(items: Sequence[tuple[str, str]], css: str = "figures") -> str:
    """Labelled figures side by side: (label, the figure as formatted text)."""
    cells = "".join(
        f"<div><dt>{escape(label)}</dt><dd>{escape(value)}</dd></div>" for label, value in items
    )
    return f'<dl class="{css}">{cells}</dl>'


def more(tr: Translator, count: int) -> str:
    """The line under a capped list: how many it leaves out ("" when none)."""
    if count <= 0:
        return ""
    return f'<p class="more">{escape(tr._(texts.MORE) % {"count": tr.number(count)})}</p>'


def page_link(page: str, query: str, text: str) -> str:
    """A link to another view of the desk: desk.js loads it as a step in the desk's history
    (Telegram's Back button returns); the href keeps it a link for every reader."""
    return f'<a href="#{page}" data-page="{page}" data-query="{escape(query)}">{escape(text)}</a>'
