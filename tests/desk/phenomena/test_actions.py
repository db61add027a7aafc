"""The desk's actions on a report and its photo route, on both databases: an answer reaches the
reporter once through the outbox, framed as the chat frames it; marking handled holds once;
bad input is one sentence with nothing written; a photo is passed on from the Bot API to a
coordinator only, never to be cached."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select

from bot.harness import LocalBot
from handlers.desk import texts
from handlers.phenomena import coordinator as chat
from handlers.phenomena.replying import FRAME, MAX_REPLY
from storage.models import AuditEvent, Contact, PhenomenonReply, PhenomenonReport, Role
from storage.repos.phenomena import new_draft
from tests.desk.phenomena.support import COORDINATOR, add_report
from tests.desk.support import Clock, add_person, desk_client, init_data, signed

pytestmark = pytest.mark.e2e

REPORTER = 911
JPEG = b"\xff\xd8\xff\xe0" + b"kylabot" * 200 + b"\xff\xd9"


async def act(bot: LocalBot, name: str, fields: dict[str, str], **kwargs: object) -> httpx.Response:
    data = init_data(bot, COORDINATOR, **kwargs)  # type: ignore[arg-type]
    async with desk_client(bot) as client:
        return await client.post(f"/desk/act/{name}", data=fields, headers=signed(data))


async def written(bot: LocalBot) -> tuple[int, int, list[tuple[str, str | None]]]:
    """(replies, reports marked handled, audit events) in the database now."""
    async with bot.services.read() as session:
        replies = await session.scalar(select(func.count()).select_from(PhenomenonReply))
        handled = await session.scalar(
            select(func.count())
            .select_from(PhenomenonReport)
            .where(PhenomenonReport.handled_at.is_not(None))
        )
        events = await session.execute(
            select(AuditEvent.action, AuditEvent.detail).order_by(AuditEvent.id)
        )
        return int(replies or 0), int(handled or 0), [tuple(row) for row in events.all()]


async def test_an_answer_reaches_the_reporter_once_framed_as_in_the_chat(bot: LocalBot) -> None:
    reporter = bot.emulator.user(REPORTER, "Greta", language_code="sv")
    contact = await add_person(bot, REPORTER, Role.CONTACT, language="sv")
    report = await add_report(bot, contact)
    answer = await act(
        bot, "phenomenon-answer", {"id": str(report), "text": "  Tack, vi ser på det.  "}
    )
    en = bot.services.catalogs.get("en", "desk")
    assert (answer.status_code, answer.text) == (200, en._(chat.REPLY_SENT) % {"id": report})
    await bot.settle()
    sv = bot.services.catalogs.get("sv")
    async with bot.services.read() as session:
        sent = await session.get(PhenomenonReport, report)
        assert sent is not None and sent.sent_at is not None
        day = sv.date(sent.sent_at.astimezone(bot.services.settings.zone).date())
    framed = sv._(FRAME) % {"date": day, "reply": "Tack, vi ser på det."}
    assert [m.text for m in reporter.messages] == [framed]
    assert await written(bot) == (
        1,
        0,
        [("phenomenon.reply", f'{{"delivery": "queued", "report": {report}, "via": "desk"}}')],
    )
    view = (await desk_client_get(bot, f"/desk/page/phenomenon?id={report}")).text
    assert "<dt>Status</dt><dd>Answered</dd>" in view
    assert "💬 Reply " in view and "Tack, vi ser på det.</li>" in view


async def desk_client_get(bot: LocalBot, path: str) -> httpx.Response:
    async with desk_client(bot) as client:
        return await client.get(path, headers=signed(init_data(bot, COORDINATOR)))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"text": "   "}, "Write the answer first."),
        (
            {"text": "x" * (MAX_REPLY + 1)},
            "The reply is 3,001 characters long; at most 3,000 fit. Please shorten it.",
        ),
        ({"id": "999999"}, "That report no longer exists."),
        ({"id": "draft"}, "That report no longer exists."),
        ({"id": "abc"}, "That report no longer exists."),
    ],
    ids=["empty", "overlong", "unknown", "draft", "not-a-number"],
)
async def test_a_bad_answer_is_one_sentence_and_nothing_written(
    bot: LocalBot, fields: dict[str, str], expected: str
) -> None:
    contact = await add_person(bot, REPORTER, Role.CONTACT, language="sv")
    report = await add_report(bot, contact)
    async with bot.services.write() as session:
        person = await session.get(Contact, contact)
        assert person is not None
        draft = await new_draft(session, person, "sv", bot.services.now())
        draft_id = draft.id
    form = {"id": str(report), "text": "Tack."} | fields
    if form["id"] == "draft":
        form["id"] = str(draft_id)
    answer = await act(bot, "phenomenon-answer", form)
    assert (answer.status_code, answer.text) == (409, expected)
    assert await written(bot) == (0, 0, [])


async def test_marking_handled_holds_once(bot: LocalBot, clock: Clock) -> None:
    contact = await add_person(bot, REPORTER, Role.CONTACT, language="fi")
    report = await add_report(bot, contact)
    done = await act(bot, "phenomenon-handled", {"id": str(report)})
    assert (done.status_code, done.text) == (200, f"Report #{report} was marked handled.")
    marked_at = clock.now
    clock.now += timedelta(minutes=1)
    again = await act(bot, "phenomenon-handled", {"id": str(report)})
    assert (again.status_code, again.text) == (409, f"Report #{report} was already marked handled.")
    assert await written(bot) == (
        0,
        1,
        [("phenomenon.handled", f'{{"report": {report}, "via": "desk"}}')],
    )
    async with bot.services.read() as session:
        stored = await session.get(PhenomenonReport, report)
        assert stored is not None
        assert stored.handled_at == marked_at
    view = (await desk_client_get(bot, f"/desk/page/phenomenon?id={report}")).text
    day = bot.services.catalogs.get("en").date(
        marked_at.astimezone(bot.services.settings.zone).date()
    )
    assert f"<dt>Status</dt><dd>Handled (Marked handled {day})</dd>" in view
    assert 'data-action="phenomenon-handled"' not in view


async def test_an_action_on_old_initdata_is_refused_with_nothing_written(
    bot: LocalBot, clock: Clock
) -> None:
    contact = await add_person(bot, REPORTER, Role.CONTACT, language="fi")
    report = await add_report(bot, contact)
    opened = clock.now
    clock.now = opened + timedelta(minutes=10, seconds=1)
    for name, fields in (
        ("phenomenon-handled", {"id": str(report)}),
        ("phenomenon-answer", {"id": str(report), "text": "Kiitos."}),
    ):
        answer = await act(bot, name, fields, at=opened)
        refusal = bot.services.catalogs.get("en", "desk")._(texts.ACTION_TOO_OLD)
        assert (answer.status_code, answer.text) == (403, refusal)
    assert await written(bot) == (0, 0, [])


async def test_a_photo_is_passed_on_to_a_coordinator_and_never_cached(bot: LocalBot) -> None:
    bot.emulator.state.store_file("photo", JPEG, file_id="photo-road")
    contact = await add_person(bot, REPORTER, Role.CONTACT, language="fi")
    report = await add_report(bot, contact, media=[{"kind": "photo", "file_id": "photo-road"}])
    photo = await desk_client_get(bot, f"/desk/photo?id={report}&n=0")
    assert (photo.status_code, photo.content) == (200, JPEG)
    assert photo.headers["content-type"] == "image/jpeg"
    assert photo.headers["cache-control"] == "private, no-store"
    for missing in (f"id={report}&n=1", f"id={report + 1}&n=0", "id=x&n=0", f"id={report}"):
        assert (await desk_client_get(bot, f"/desk/photo?{missing}")).status_code == 404
    await add_person(bot, REPORTER + 1, Role.CONTACT, language="fi")
    async with desk_client(bot) as client:
        stranger = await client.get(
            f"/desk/photo?id={report}&n=0", headers=signed(init_data(bot, REPORTER + 1))
        )
    assert (stranger.status_code, stranger.content) == (
        403,
        bot.services.catalogs.get("fi", "desk")._(texts.NOT_ALLOWED).encode(),
    )


async def test_a_photo_the_bot_api_does_not_have_is_a_502(bot: LocalBot) -> None:
    contact = await add_person(bot, REPORTER, Role.CONTACT, language="fi")
    report = await add_report(bot, contact, media=[{"kind": "photo", "file_id": "photo-gone"}])
    photo = await desk_client_get(bot, f"/desk/photo?id={report}&n=0")
    assert (photo.status_code, photo.content) == (502, b"")
    assert photo.headers["cache-control"] == "private, no-store"
