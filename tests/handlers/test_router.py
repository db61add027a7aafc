"""The router: roles, stale buttons across restarts, duplicate updates, unknown input."""

from __future__ import annotations

from collections.abc import AsyncIterator
from enum import IntEnum

import pytest
from sqlalchemy import func, select
from telegram import Update

from bot.context import Ctx
from bot.feature import Feature, Parts
from bot.features import FEATURES
from bot.flow import END, Flow, on_button, on_command, on_text
from bot.harness import LocalBot
from bot.router import Router
from storage.models import Contact, Role
from tests.helpers import has_buttons, make_org, onboard

pytestmark = pytest.mark.e2e


class Step(IntEnum):
    CONFIRM = 1


async def secret(update: Update, ctx: Ctx) -> int | None:
    await ctx.say("coordinator secret", ctx.keyboard([[("Go", "go", "1")]]))
    return Step.CONFIRM


async def go(update: Update, ctx: Ctx) -> int | None:
    contact = ctx.contact
    assert contact is not None
    contact.display_name = "went"
    await ctx.show("gone")
    return END


def _probe_flow() -> Flow:
    return Flow(
        name="probe",
        entry_points=[on_command("secret", secret, min_role=Role.COORDINATOR)],
        states={Step.CONFIRM: [on_button("go", go, min_role=Role.COORDINATOR)]},
    )


async def ask_note(update: Update, ctx: Ctx) -> int | None:
    await ctx.say("type a note")
    return Step.CONFIRM


async def take_note(update: Update, ctx: Ctx) -> int | None:
    await ctx.say("noted")
    return END


def _role_flow() -> Flow:
    """A coordinator flow that says its role once; its text route has no role of its own."""
    return Flow(
        name="probe_role",
        role=Role.COORDINATOR,
        entry_points=[on_command("note", ask_note)],
        states={Step.CONFIRM: [on_text(take_note)]},
    )


PROBE = Feature(name="probe", parts=lambda: Parts(flows=(_probe_flow, _role_flow)))


@pytest.fixture
async def probe_bot(database_url: str) -> AsyncIterator[LocalBot]:
    async with LocalBot(database_url, features=(*FEATURES, PROBE)) as local:
        yield local


def test_flow_role_raises_every_route_to_at_least_its_level() -> None:
    flow = Flow(
        name="roled",
        role=Role.COORDINATOR,
        entry_points=[on_command("start", go)],
        states={Step.CONFIRM: [on_text(go), on_button("admin", go, min_role=Role.ADMIN)]},
        fallbacks=[on_command("cancel", go)],
    )
    plain = _probe_flow()
    router = Router([flow, plain], [], idle=go)
    applied = router.flows["roled"]
    assert [route.min_role for route in applied.entry_points] == [Role.COORDINATOR]
    assert [route.min_role for route in applied.states[Step.CONFIRM]] == [
        Role.COORDINATOR,
        Role.ADMIN,
    ]
    assert [route.min_role for route in applied.fallbacks] == [Role.COORDINATOR]
    assert router.flows["probe"] is plain  # a flow without a role is used as declared


def test_a_state_with_its_own_reprompt_gets_it_and_the_others_get_the_flows() -> None:
    flow = Flow(
        name="asking",
        states={Step.CONFIRM: [on_button("go", go)], 2: [on_text(go)]},
        reprompt=secret,
        reprompts={Step.CONFIRM: go},
    )
    assert flow.reprompt_for(Step.CONFIRM) is go
    assert flow.reprompt_for(2) is secret
    assert flow.reprompt_for(None) is secret
    assert Flow(name="plain", states={}).reprompt_for(Step.CONFIRM) is None


async def test_text_in_a_coordinator_flow_needs_the_role(probe_bot: LocalBot) -> None:
    org = await make_org(probe_bot)
    user = probe_bot.emulator.user(4006, "Outi", language_code="fi")
    await onboard(probe_bot, user, org, "fi", role=Role.COORDINATOR)
    await user.send_text("/note")
    assert (await user.wait_for_message()).text == "type a note"
    async with probe_bot.services.write() as session:
        contact = await session.scalar(select(Contact).where(Contact.telegram_user_id == 4006))
        assert contact is not None
        contact.role = Role.CONTACT  # demoted while the flow is open
    await user.send_text("a note")
    reply = await user.wait_for_message()
    tr = probe_bot.services.catalogs.get("fi")
    assert reply.text == tr._("Sorry, that is only for coordinators. Nothing was done.")
    assert all(m.text != "noted" for m in user.messages)


async def test_contact_is_refused_a_coordinator_command(probe_bot: LocalBot) -> None:
    org = await make_org(probe_bot)
    user = probe_bot.emulator.user(4001, "Aino", language_code="fi")
    await onboard(probe_bot, user, org, "fi")
    await user.send_text("/secret")
    reply = await user.wait_for_message()
    tr = probe_bot.services.catalogs.get("fi")
    assert reply.text == tr._("Sorry, that is only for coordinators. Nothing was done.")
    assert all(m.text != "coordinator secret" for m in user.messages)


async def test_stale_button_after_restart_gets_a_clear_answer(probe_bot: LocalBot) -> None:
    org = await make_org(probe_bot)
    user = probe_bot.emulator.user(4002, "Outi", language_code="fi")
    await onboard(probe_bot, user, org, "fi", role=Role.COORDINATOR)
    await user.send_text("/secret")
    old = await user.wait_for_message(has_buttons)
    await user.send_text("/secret")  # a new conversation: the first keyboard is now stale
    await user.wait_for_message(lambda m: has_buttons(m) and m.message_id != old.message_id)
    await probe_bot.restart()
    await user.tap_data(old.reply_markup["inline_keyboard"][0][0]["callback_data"], old.message_id)  # type: ignore[index]
    await user.wait_idle(quiet=0.3)
    tr = probe_bot.services.catalogs.get("fi")
    assert user.callback_answers[-1]["text"] == tr._(
        "This button has expired. Please use the latest message."
    )
    # the live conversation survived the restart and still works
    await user.tap("Go")
    await user.wait_idle(quiet=0.3)
    assert user.last.text == "gone"


async def test_redelivered_update_is_handled_once(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(4003, "Aino", language_code="fi")
    await onboard(local_bot, user, org, "fi")
    await user.send_text("/help")
    await user.wait_idle(quiet=0.2)
    count = len(user.messages)
    local_bot.emulator.redeliver_last_update(4003)
    await user.wait_idle(quiet=0.5)
    assert len(user.messages) == count


async def test_unknown_command_and_stray_input_get_localized_hints(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(4004, "Aino", language_code="fi")
    await onboard(local_bot, user, org, "smn")
    tr = local_bot.services.catalogs.get("smn")
    await user.send_text("/nonsense")
    assert (await user.wait_for_message()).text == tr._(
        "I do not know that command. /help lists what I can do."
    )
    await user.send_sticker()
    assert (await user.wait_for_message()).text == tr._(
        "I did not understand that. Please choose from the menu."
    )


async def test_stranger_gets_the_join_hint(local_bot: LocalBot) -> None:
    user = local_bot.emulator.user(4005, "Stranger", language_code="en")
    await user.send_text("hello")
    reply = await user.wait_for_message()
    assert "invite link" in (reply.text or "")
    async with local_bot.services.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Contact)) == 0
