"""Stacked bars drawn on the server as SVG: no chart library and no script in the page.

A bar is decoration beside its table row, which carries the same figures as text, so the SVG is
``aria-hidden``. It keeps the chat chart's colours (``report_phone.COLORS``: blue, amber, red and
grey stay apart for colour-blind readers) and scales to its container's width, so a 390 px phone
never scrolls sideways.
"""

from __future__ import annotations

from html import escape

from handlers.checkin.report import STATUS_KEYS, Counts
from handlers.checkin.report_phone import COLORS, TEXT_COLORS

WIDTH = 300
HEIGHT = 22


def stacked_bar(counts: Counts, number: dict[str, str]) -> str:
    """One bar of ``counts`` by status; ``number`` gives each status's figure as formatted text
    (shown inside its part when there is room)."""
    parts = []
    left = 0.0
    total = counts.measures
    for status in STATUS_KEYS:
        amount = getattr(counts, status)
        if not amount or not total:
            continue
        width = WIDTH * amount / total
        parts.append(
            f'<rect x="{left:.2f}" y="0" width="{width:.2f}" height="{HEIGHT}" '
            f'fill="{COLORS[status]}"/>'
        )
        if width >= 18:
            parts.append(
                f'<text x="{left + width / 2:.2f}" y="{HEIGHT / 2 + 5:.0f}" '
                f'text-anchor="middle" fill="{TEXT_COLORS[status]}">'
                f"{escape(number[status])}</text>"
            )
        left += width
    return (
        f'<svg class="bar" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-hidden="true" focusable="false">{"".join(parts)}</svg>'
    )
