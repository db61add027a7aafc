"""/rounds for coordinators: round figures that agree with the report, schedule numbers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.harness import LocalBot
from handlers.checkin import rounds_flow as cr
from handlers.checkin.seed import apply_seed, load_seed
from storage.models import Round, RoundRequest, Schedule
from tests.checkin.support import import_example, organisation, start_and_invite
from tests.helpers import has_buttons, onboard

pytestmark = pytest.mark.e2e


async def test_seeded_answers_count_as_finished_and_schedules_number_from_one(
    local_bot: LocalBot,
) -> None:
    bot = local_bot
    await import_example(bot)
    council = await organisation(bot, "Lapin liitto")
    coordinator = bot.emulator.user(4101, "Outi", language_code="en")
    await onboard(bot, coordinator, council, "en", role=cr.Role.COORDINATOR)
    round_id = await start_and_invite(bot)
    services = bot.services
    async with services.sessionmaker() as session, session.begin():
        found = await session.get(Round, round_id)
        assert found is not None
        await apply_seed(session, found, load_seed(), services.now())
        asked = len(list(await session.scalars(select(RoundRequest))))
        others = list(await session.scalars(select(Schedule)))
    # the digest's and the coffee roulette's schedules come first, so the first round
    # schedule's id is 3, and it must still be shown as number 1
    assert sorted(s.kind for s in others) == ["coffee", "digest"]
    t = services.catalogs.get("en")
    zone = services.settings.zone

    await coordinator.send_text("/rounds")
    overview = await coordinator.wait_for_message(has_buttons)
    round_line = t.counted(cr.ROUND_LINE, asked) % {
        "round": found.label,
        "date": t.date(found.started_at.astimezone(zone).date()),
        "answered": t.number(asked),
        "asked": t.number(asked),
        "state": t._(cr.OPEN),
    }
    assert (overview.text or "").split("\n") == [
        t._(cr.SCHEDULES),
        t._(cr.NO_SCHEDULES),
        "",
        t._(cr.ROUNDS),
        round_line,
    ]

    await coordinator.tap(t._(cr.ADD_SCHEDULE))
    await coordinator.wait_for_message(has_buttons)
    await coordinator.tap(t._(cr.QUARTERLY))
    added = await coordinator.wait_for_message(lambda m: "0 9 1 */3 *" in (m.text or ""))
    assert (added.text or "").startswith(t._(cr.SCHEDULED).split("%")[0] + "1 added")
    await coordinator.send_text("/rounds")
    listed = await coordinator.wait_for_message(
        lambda m: has_buttons(m) and (m.text or "").startswith(t._(cr.SCHEDULES) + "\n#1: ")
    )
    stop = t._(cr.STOP_SCHEDULE) % {"id": 1}
    assert [label for row in listed.buttons for label, _ in row][-1] == stop
    await coordinator.tap(stop)
    stopped = await coordinator.wait_for_message(lambda m: "stopped" in (m.text or ""))
    assert stopped.text == t._(cr.STOPPED) % {"id": 1}
