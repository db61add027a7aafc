"""The rounds page's parts that need no database: the waiting list's cap and its action."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.i18n import Catalogs
from handlers.desk import rounds_page
from handlers.desk.rounds_data import Filters, RoundsData
from storage.models import OrgKind, Round
from storage.repos.checkin_rounds import Waiting


def data(waiting: int, closed: bool = False) -> RoundsData:
    chosen = Round(id=7, plan_id=1, label="Q3/2026", started_at=datetime(2026, 9, 7, tzinfo=UTC))
    chosen.closed_at = datetime(2026, 12, 1, tzinfo=UTC) if closed else None
    found = RoundsData([chosen], chosen, Filters(7, "Inari", OrgKind.ASSOCIATION, 3))
    found.waiting = tuple(
        Waiting(f"Kylä {i:03d} ry", (f"Contact {i}",), 0, None) for i in range(waiting)
    )
    return found


def test_a_long_waiting_list_shows_fifty_and_counts_the_rest() -> None:
    tr = Catalogs().get("en", "desk")
    page = rounds_page.waiting_list(data(52), tr, ZoneInfo("Europe/Helsinki"))
    assert page.count("<li>") == rounds_page.WAITING_SHOWN == 50
    assert "<p>…and 2 more organisations.</p>" in page
    # the button reminds all 52 under the page's filters; the theme is no filter of it
    assert (
        '<form class="act" data-action="remind"><input type="hidden" name="round" value="7">'
        '<input type="hidden" name="municipality" value="Inari">'
        '<input type="hidden" name="kind" value="association">'
        '<button type="submit">Remind the 52 who have not answered</button></form>'
    ) in page


def test_a_closed_round_has_no_remind_button() -> None:
    tr = Catalogs().get("en", "desk")
    page = rounds_page.waiting_list(data(3, closed=True), tr, ZoneInfo("Europe/Helsinki"))
    assert page.count("<li>") == 3
    assert "data-action" not in page
    assert "more organisation" not in page
