"""/event over the emulator: the guided creation, its refusals, the kept draft, publishing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.harness import LocalBot
from handlers.events import create_details as details
from handlers.events import create_flow as flow
from handlers.events import draft, rules
from handlers.events import texts as tx
from storage.models import AuditEvent, Conversation, Event, EventStatus
from tests.broadcast.support import add_contact
from tests.events.support import HELSINKI, Clock, coordinator, has_signup, helsinki, tr
from tests.helpers import has_buttons, make_org, onboard

pytestmark = pytest.mark.e2e


@pytest.fixture
async def ev_bot(database_url: str) -> AsyncIterator[LocalBot]:
    clock = Clock(helsinki(3, 20, 9))
    async with LocalBot(
        database_url, clock=clock, admins=frozenset({9000}), quiet_hours="00:00-00:00"
    ) as bot:
        yield bot


async def test_a_coordinator_creates_and_publishes_an_event(ev_bot: LocalBot) -> None:
    bot = ev_bot
    _ = tr(bot)
    _office, boss = await coordinator(bot)
    village = await make_org(bot, "Sevettijärven kyläyhdistys", municipality="Inari")
    await add_contact(bot, village, 3201, "sv")
    swede = bot.emulator.user(3201)

    await boss.send_text("/event")
    await boss.wait_for_message(has_buttons)
    await boss.tap(_(tx.KIND_LABELS[tx.EventKind.CLINIC]))
    assert (await boss.wait_for_message()).text == _(flow.ASK_TITLE)
    await boss.send_text("HYTU-klinikka: kylän turvallisuussuunnitelma")
    await boss.wait_for_message(has_buttons)
    await boss.send_text("Käydään yhdessä läpi kylän suunnitelma.")
    await boss.wait_for_message(has_buttons)
    await boss.tap("Svenska")
    await boss.wait_for_message()
    await boss.send_text("HYTU-klinik: byns säkerhetsplan")
    await boss.wait_for_message(has_buttons)
    await boss.tap(_(flow.SKIP))
    languages = await boss.wait_for_message(has_buttons)
    assert _(flow.VERSIONS) % {"languages": "Suomi, Svenska"} in (languages.text or "")
    await boss.tap(_(flow.CONTINUE))
    await boss.wait_for_message()

    await boss.send_text("1.1.2026 10:00")  # in the past
    assert (await boss.wait_for_message()).text == _(rules.PAST)
    await boss.send_text("next week")
    bad = await boss.wait_for_message()
    assert bad.text == _(draft.BAD_TIME) % {"example": "24.12. 18:00"}
    await boss.send_text("30.3. 10:00")
    await boss.wait_for_message(has_buttons)
    await boss.send_text("0")  # an end before (at) the start
    assert (await boss.wait_for_message()).text == _(rules.END_BEFORE_START)
    await boss.send_text("1:30")
    await boss.wait_for_message()
    await boss.send_text("http://meet.example.fi/klinikka")  # not https
    assert (await boss.wait_for_message()).text == _(rules.BAD_LINK) % rules.LINK_EXAMPLE
    await boss.send_text("https://meet.example.fi/klinikka")
    await boss.wait_for_message(has_buttons)
    await boss.send_text("kaksikymmentä")
    capacity = await boss.wait_for_message()
    assert capacity.text == _(rules.BAD_CAPACITY) % {"limit": "10\u00a0000"}
    await boss.send_text("20")
    await boss.wait_for_message(has_buttons)
    await boss.tap(_("Everyone"))
    await boss.wait_for_message(has_buttons)
    await boss.send_text("31.3. 10:00")  # sign-ups closing after the start
    after = await boss.wait_for_message()
    start_fi = bot.services.catalogs.get("fi").datetime(helsinki(3, 30, 10), HELSINKI)
    assert after.text == _(rules.DEADLINE_AFTER_START) % {"start": start_fi}
    await boss.send_text("29.3. 12:00")
    preview = await boss.wait_for_message(lambda m: _(details.PUBLISH) in str(m.reply_markup))
    assert _(details.RECIPIENTS) % {"count": "2"} in (preview.text or "")
    summary = boss.messages[-2].text or ""
    assert summary.startswith("🩺 " + _(tx.KIND_LABELS[tx.EventKind.CLINIC]))
    assert "10.00–11.30" in summary

    await boss.tap(_(details.PUBLISH))
    published = await boss.wait_for_message(lambda m: m.edited > 0)
    assert published.text == _(details.PUBLISHED) % {"id": 1, "count": "2"}
    invitation = await swede.wait_for_message(has_signup(1), timeout=10.0)
    assert (invitation.text or "").startswith("🩺 ")
    assert "HYTU-klinik: byns säkerhetsplan" in (invitation.text or "")
    assert "Käydään yhdessä läpi" in (invitation.text or "")  # no Swedish description: Finnish

    async with bot.services.sessionmaker() as session:
        event = await session.get(Event, 1)
        assert event is not None
        assert event.status is EventStatus.PUBLISHED
        assert (event.duration_minutes, event.capacity, event.link) == (
            90,
            20,
            "https://meet.example.fi/klinikka",
        )
        assert event.signup_deadline == helsinki(3, 29, 12)
        actions = list(await session.scalars(select(AuditEvent.action)))
    assert "event.published" in actions


async def test_an_interrupted_draft_is_offered_again(ev_bot: LocalBot) -> None:
    bot = ev_bot
    _ = tr(bot)
    _office, boss = await coordinator(bot)
    await boss.send_text("/event")
    await boss.wait_for_message(has_buttons)
    await boss.tap(_(tx.KIND_LABELS[tx.EventKind.WORKSHOP]))
    await boss.wait_for_message()
    await boss.send_text("Kuntien työpaja")
    await boss.wait_for_message(has_buttons)
    await boss.send_text("/events")  # interrupts; the draft stays
    await boss.wait_for_message()
    await bot.restart()
    await boss.send_text("/event")
    offer = await boss.wait_for_message(has_buttons)
    assert (offer.text or "").startswith(_(flow.RESUME).split("%")[0])
    assert "Kuntien työpaja" in (offer.text or "")
    await boss.tap(_(flow.CONTINUE))
    languages = await boss.wait_for_message(has_buttons)
    assert (languages.text or "").startswith(_(flow.ASK_LANGUAGES).split("%")[0])
    async with bot.services.sessionmaker() as session:
        drafts = list(await session.scalars(select(Event)))
    assert [(e.status, e.title) for e in drafts] == [(EventStatus.DRAFT, {"fi": "Kuntien työpaja"})]


async def test_a_contact_cannot_create_events(ev_bot: LocalBot) -> None:
    bot = ev_bot
    village = await make_org(bot)
    user = bot.emulator.user(3301, "Aino")
    await onboard(bot, user, village, "fi")
    await user.send_text("/event")
    refusal = await user.wait_for_message()
    assert refusal.text == bot.services.catalogs.get("fi")._(
        "Sorry, that is only for coordinators. Nothing was done."
    )


async def test_the_kind_list_and_the_coffee_languages_have_a_cancel_button(
    ev_bot: LocalBot,
) -> None:
    bot = ev_bot
    _office, boss = await coordinator(bot, "sv")
    sv = bot.services.catalogs.get("sv")
    cancel = sv.pgettext("button", "Cancel")
    for command in ("/event", "/coffee"):
        await boss.send_text(command)
        asked = await boss.wait_for_message(has_buttons)
        assert asked.buttons[-1][0][0] == cancel
        await boss.tap(cancel)
        await boss.wait_for_message(lambda m: m.text == sv._("What would you like to do?"))
        async with bot.services.sessionmaker() as session:
            row = await session.scalar(select(Conversation).where(Conversation.chat_id == 9100))
        assert row is not None and row.flow is None


async def test_a_wrong_kind_of_answer_asks_the_current_question_again(ev_bot: LocalBot) -> None:
    bot = ev_bot
    _ = tr(bot)
    _office, boss = await coordinator(bot)
    await boss.send_text("/event")
    await boss.wait_for_message(has_buttons)
    await boss.send_text("Työpaja")  # the kind is chosen with a button
    assert (await boss.wait_for_message()).text == _(draft.USE_BUTTONS)
    await boss.tap(_(tx.KIND_LABELS[tx.EventKind.WORKSHOP]))
    assert (await boss.wait_for_message()).text == _(flow.ASK_TITLE)
    await boss.send_location(68.9, 28.3)  # the title is typed
    assert (await boss.wait_for_message()).text == _(draft.NEED_TEXT)
    await boss.send_text("Kuntien työpaja")
    await boss.wait_for_message(has_buttons)
    async with bot.services.sessionmaker() as session:
        row = await session.scalar(select(Conversation).where(Conversation.chat_id == 9100))
        event = await session.scalar(select(Event))
    assert row is not None and row.state == draft.Step.DESCRIPTION
    assert event is not None and event.title == {"fi": "Kuntien työpaja"}
    assert row.data == {"id": event.id, "variant": None, "kind": None, "options": []}


async def test_a_draft_deleted_meanwhile_ends_the_flow(ev_bot: LocalBot) -> None:
    bot = ev_bot
    _ = tr(bot)
    _office, boss = await coordinator(bot)
    await boss.send_text("/event")
    await boss.wait_for_message(has_buttons)
    await boss.tap(_(tx.KIND_LABELS[tx.EventKind.WORKSHOP]))
    await boss.wait_for_message()
    async with bot.services.sessionmaker() as session, session.begin():
        event = await session.scalar(select(Event))
        assert event is not None
        await session.delete(event)  # e.g. `kylabot event delete` from a terminal
    await boss.send_text("Kuntien työpaja")
    assert (await boss.wait_for_message()).text == _(draft.GONE)
    async with bot.services.sessionmaker() as session:
        row = await session.scalar(select(Conversation).where(Conversation.chat_id == 9100))
    assert row is not None and (row.flow, row.data) == (None, {})
