"""Reporting a local phenomenon end to end over the emulator, in several languages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.emulator import EmulatedUser, SentMessage
from bot.harness import LocalBot
from bot.i18n import Translator
from bot.municipalities import municipality_name
from handlers.phenomena import compose
from handlers.phenomena import report_texts as ph
from handlers.phenomena.categories import AFFECTED, CATEGORIES, FREQUENCIES
from storage.models import PhenomenonReport, ReportStatus
from tests.helpers import has_buttons, make_org, onboard, texts

pytestmark = pytest.mark.e2e


def tr(bot: LocalBot, language: str) -> Translator:
    return bot.services.catalogs.get(language)


def says(text: str) -> object:
    return lambda m: text in (m.text or "")


async def reports(bot: LocalBot) -> list[PhenomenonReport]:
    async with bot.services.sessionmaker() as session:
        return list(await session.scalars(select(PhenomenonReport).order_by(PhenomenonReport.id)))


async def begin(bot: LocalBot, user: EmulatedUser, language: str) -> None:
    """Opens the report from the main menu and checks the safety notice comes first."""
    t = tr(bot, language)
    mark = user.mark()
    await user.send_text("/menu")
    await user.wait_for_message(has_buttons)
    await user.tap(t._(ph.MENU_LABEL))
    first = await user.wait_for_message(after=mark + 2)
    assert t._(compose.SAFETY) in (first.text or "")
    assert "112" in (first.text or "")
    await user.wait_for_message(says(t._(ph.ASK_CATEGORY)))


async def choose(user: EmulatedUser, label: str, question: str) -> SentMessage:
    await user.tap(label)
    return await user.wait_for_message(says(question))


async def finish(
    bot: LocalBot,
    user: EmulatedUser,
    language: str,
    *,
    frequency: str = "often",
    affected: tuple[str, ...] = ("older",),
    show_name: bool = True,
) -> SentMessage:
    t = tr(bot, language)
    await choose(user, t._(FREQUENCIES[frequency]), t._(ph.ASK_AFFECTED))
    for key in affected:
        await user.tap("◻️ " + t._(AFFECTED[key]))
        await user.wait_for_message(lambda m, k=key: "✅ " + t._(AFFECTED[k]) in str(m.buttons))
    await choose(user, t._(ph.DONE), t._(ph.ASK_NAME))
    label = t._(ph.NAME_YES) if show_name else t._(ph.NAME_NO)
    return await choose(user, label, t._(ph.SUMMARY_TITLE))


async def test_report_with_photo_in_finnish(local_bot: LocalBot) -> None:
    org = await make_org(local_bot, "Sevettijärven kyläyhdistys", municipality="Inari")
    user = local_bot.emulator.user(2001, "Aino", language_code="fi")
    await onboard(local_bot, user, org, "fi")
    t = tr(local_bot, "fi")
    await begin(local_bot, user, "fi")
    await choose(user, t._(CATEGORIES["older"]), t._(ph.ASK_TEXT))
    await user.send_text("Bussilinja lopetettiin, vanhukset eivät pääse kauppaan.")
    await user.wait_for_message(says(t._(ph.ADDED)))
    await user.send_photo(file_id="photo-bus-stop", caption="Tyhjä pysäkki")
    await user.wait_for_message(says(t._(ph.ADDED)))
    await choose(user, t._(ph.NEXT), t._(ph.ASK_PLACE))
    await choose(user, "🏠 Inari", t._(ph.ASK_FREQUENCY))
    summary = await finish(local_bot, user, "fi", affected=("older", "village"))
    assert "Bussilinja lopetettiin" in (summary.text or "")
    assert t._("Photos: %(count)s") % {"count": "1"} in (summary.text or "")
    await choose(user, t._(ph.EDIT), t._(ph.ASK_EDIT))
    await choose(user, t._(ph.EDIT_CATEGORY), t._(ph.ASK_CATEGORY))
    again = await choose(user, t._(CATEGORIES["village"]), t._(ph.SUMMARY_TITLE))
    assert t._(CATEGORIES["village"]) in (again.text or "")
    assert "Bussilinja lopetettiin" in (again.text or "")  # the other answers are kept
    await user.tap(t._(ph.SEND))
    await user.wait_idle(quiet=0.2)
    [report] = await reports(local_bot)
    assert report.status is ReportStatus.SENT
    assert report.category == "village"
    assert report.municipality == "Inari" and report.place_kind == "home"
    assert report.text == "Bussilinja lopetettiin, vanhukset eivät pääse kauppaan.\n\nTyhjä pysäkki"
    assert report.media == [{"kind": "photo", "file_id": "photo-bus-stop"}]
    assert report.affected == ["older", "village"]
    assert report.frequency == "often" and report.show_name is True
    assert report.language == "fi" and report.sent_at is not None
    assert t._(ph.SENT) % {"id": report.id} in texts(user)


async def quick_report(
    bot: LocalBot,
    user: EmulatedUser,
    language: str,
    *,
    category: str = "traffic",
    text: str = "Tie on liukas.",
    show_name: bool = True,
    pin: tuple[float, float] | None = None,
    municipality: str = "Inari",
) -> None:
    """Goes through the whole conversation and sends the report."""
    t = tr(bot, language)
    await begin(bot, user, language)
    await choose(user, t._(CATEGORIES[category]), t._(ph.ASK_TEXT))
    await user.send_text(text)
    await user.wait_for_message(says(t._(ph.ADDED)))
    await choose(user, t._(ph.NEXT), t._(ph.ASK_PLACE))
    if pin is None:
        await choose(user, t._(ph.OTHER_MUNICIPALITY), t._(ph.ASK_MUNICIPALITY))
        await choose(user, municipality_name(municipality, language), t._(ph.ASK_FREQUENCY))
    else:
        await user.send_location(*pin)
        question = await user.wait_for_message(lambda m: "~ph_pin~" in str(m.reply_markup))
        await choose(user, question.buttons[0][0][0], t._(ph.ASK_FREQUENCY))  # "Yes, <guess>"
    await finish(bot, user, language, show_name=show_name)
    await user.tap(t._(ph.SEND))
    await user.wait_for_message(says(t._(ph.SENT).split("(")[0]))
    await user.wait_idle(quiet=0.1)  # the reply is sent just before the transaction commits


async def test_pin_far_away_and_emergency_words_in_swedish(local_bot: LocalBot) -> None:
    org = await make_org(local_bot, "Byaföreningen i Tornio", municipality="Tornio")
    user = local_bot.emulator.user(2002, "Greta", language_code="sv")
    await onboard(local_bot, user, org, "sv")
    t = tr(local_bot, "sv")
    await begin(local_bot, user, "sv")
    await choose(user, t._(CATEGORIES["tourism"]), t._(ph.ASK_TEXT))
    mark = user.mark()
    await user.send_text("Det brinner vid vandringsleden, turisterna hittar inte ut")
    warning = await user.wait_for_message(after=mark)
    assert t._(compose.SAFETY_AGAIN) in (warning.text or "")
    await user.wait_for_message(says(t._(ph.ADDED)))
    await choose(user, t._(ph.NEXT), t._(ph.ASK_PLACE))
    await user.send_location(40.7128, -74.0060)  # New York
    flagged = await user.wait_for_message(says(t._(ph.PIN_FAR)))
    assert flagged.text
    await user.wait_for_message(says(t._(ph.ASK_FREQUENCY)))
    summary = await finish(local_bot, user, "sv", frequency="once", affected=("tourists",))
    assert t._("far outside Finland: please check") in (summary.text or "")
    await user.tap(t._(ph.SEND))
    await user.wait_for_message(says(t._(ph.SENT).split("(")[0]))
    await user.wait_idle(quiet=0.1)
    [report] = await reports(local_bot)
    assert report.place_kind == "pin" and report.outside_finland is True
    assert (report.latitude, report.longitude) == (40.7128, -74.0060)
    assert report.municipality is None and report.emergency_words is True
    assert report.language == "sv"


async def test_unfinished_draft_is_resumed_after_a_restart(local_bot: LocalBot) -> None:
    org = await make_org(local_bot, "Ohcejoga searvi", municipality="Utsjoki")
    user = local_bot.emulator.user(2003, "Máret", language_code="se")
    await onboard(local_bot, user, org, "se")
    t = tr(local_bot, "se")
    await begin(local_bot, user, "se")
    await choose(user, t._(CATEGORIES["loneliness"]), t._(ph.ASK_TEXT))
    await user.send_text("Boarrásat leat okto go busse ii šat mana.")
    await user.wait_for_message(says(t._(ph.ADDED)))
    await choose(user, t._(ph.NEXT), t._(ph.ASK_PLACE))
    await user.send_text("/menu")  # interrupted: another command
    await user.wait_for_message(has_buttons)
    await local_bot.restart()
    t = tr(local_bot, "se")
    mark = user.mark()
    await user.send_text("/phenomenon")
    notice = await user.wait_for_message(after=mark)
    assert t._(compose.SAFETY) in (notice.text or "")  # the notice is never skipped
    offer = await user.wait_for_message(says(t._(ph.RESUME_QUESTION).split("(")[0]))
    await user.wait_idle(quiet=0.1)
    [draft] = await reports(local_bot)
    date = t.date(draft.created_at.astimezone(local_bot.services.settings.zone).date())
    assert offer.text == t._(ph.RESUME_QUESTION) % {"date": date}
    await choose(user, t._(ph.CONTINUE), t._(ph.ASK_PLACE))
    await user.send_location(68.91, 27.03)  # by Lake Inari
    anar = {"municipality": "Anár"}  # Inari in North Sámi, on the question and the button
    await user.wait_for_message(says(t._(ph.PIN_GUESS) % anar))
    await choose(user, t._(ph.PIN_YES) % anar, t._(ph.ASK_FREQUENCY))
    await finish(local_bot, user, "se", frequency="ongoing", show_name=False)
    await user.tap(t._(ph.SEND))
    await user.wait_for_message(says(t._(ph.SENT).split("(")[0]))
    await user.wait_idle(quiet=0.1)
    [report] = await reports(local_bot)
    assert report.id == draft.id and report.status is ReportStatus.SENT
    assert report.text == "Boarrásat leat okto go busse ii šat mana."
    assert report.municipality == "Inari" and not report.outside_finland
    assert report.show_name is False


async def test_start_over_drops_the_old_draft(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(2004, "Iŋgá", language_code="smn")
    await onboard(local_bot, user, org, "smn")
    t = tr(local_bot, "smn")
    await begin(local_bot, user, "smn")
    await choose(user, t._(CATEGORIES["scams"]), t._(ph.ASK_TEXT))
    await user.send_text("/menu")
    await user.wait_for_message(has_buttons)
    await user.send_text("/phenomenon")
    await user.wait_for_message(says(t._(ph.RESUME_QUESTION).split("(")[0]))
    await choose(user, t._(ph.START_OVER), t._(ph.ASK_CATEGORY))
    await user.wait_idle(quiet=0.1)
    assert await reports(local_bot) == []
    await choose(user, t._(CATEGORIES["village"]), t._(ph.ASK_TEXT))
    await user.wait_idle(quiet=0.1)
    [report] = await reports(local_bot)
    assert report.category == "village"


async def test_bad_input_is_explained_and_nothing_is_lost(local_bot: LocalBot) -> None:
    org = await make_org(local_bot, "Kemi tourism partners", municipality="Kemi")
    user = local_bot.emulator.user(2005, "Sam", language_code="en")
    await onboard(local_bot, user, org, "en")
    t = tr(local_bot, "en")
    await begin(local_bot, user, "en")
    await user.send_sticker()  # a sticker where a category button is expected
    await user.wait_for_message(says(t._(ph.UNSUPPORTED)))
    await user.wait_for_message(says(t._(ph.ASK_CATEGORY)))
    await choose(user, t._(CATEGORIES["traffic"]), t._(ph.ASK_TEXT))
    await user.send_text("   ")
    await user.wait_for_message(says(t._(compose.EMPTY_TEXT)))
    await user.send_text("First part. " + "a" * 3000)
    await user.wait_for_message(says(t._(ph.ADDED)))
    await user.send_text("b" * 10_000)
    hint = await user.wait_for_message(says("10,000"))
    assert hint.text == t._(compose.TOO_LONG) % {"length": "10,000", "limit": "4,096"}
    await user.send_sticker()
    await user.wait_for_message(says(t._(ph.UNSUPPORTED)))
    await user.send_document(file_name="virus.exe")
    await user.wait_for_message(says(t._(ph.UNSUPPORTED)))
    await user.send_voice(file_id="voice-1")
    await user.wait_for_message(says(t._(ph.ADDED)))
    await user.send_text("Second part.")
    await user.wait_for_message(says(t._(ph.ADDED)))
    await user.wait_idle(quiet=0.2)
    [report] = await reports(local_bot)
    assert report.text == "First part. " + "a" * 3000 + "\n\nSecond part."
    assert report.media == [{"kind": "voice", "file_id": "voice-1"}]
    await choose(user, t._(ph.NEXT), t._(ph.ASK_PLACE))
    await user.send_text("somewhere")  # text where a button or a pin is expected
    await user.wait_for_message(says(t._(ph.USE_BUTTONS)))
    await user.wait_for_message(says(t._(ph.ASK_PLACE)))
    await user.send_text("Help, there is a fire!")
    await user.wait_for_message(says(t._(compose.SAFETY_AGAIN)))
    await user.wait_idle(quiet=0.1)
    [report] = await reports(local_bot)
    assert report.place_kind is None and report.emergency_words is True


async def test_mydata_lists_the_persons_reports(local_bot: LocalBot) -> None:
    import json

    org = await make_org(local_bot)
    user = local_bot.emulator.user(2006, "Aila", language_code="sms")
    await onboard(local_bot, user, org, "sms")
    await quick_report(local_bot, user, "sms", category="older", text="Puärraz lie oʹdinâst")
    await user.send_text("/mydata")
    document = await user.wait_for_message(lambda m: m.kind == "document")
    data = json.loads(document.file_bytes or b"{}")
    [item] = data["phenomenon_reports"]
    assert item["text"] == "Puärraz lie oʹdinâst" and item["status"] == "sent"
    assert item["category"] == "older" and item["municipality"] == "Inari"


@pytest.mark.parametrize(
    ("language", "done"),
    [("fi", "Valmis"), ("sv", "Klar"), ("se", "Válmmas"), ("smn", "Vaalmâš"), ("sms", "Vaalmâš")],
)
async def test_the_done_button_is_the_one_the_question_names(
    local_bot: LocalBot, language: str, done: str
) -> None:
    """Issue 12.1: "press Done" sat over the check-in status "Toteutunut" ("Čađahuvvon" in se),
    because the chained catalogs gave the checkin domain's "Done" first."""
    org = await make_org(local_bot, "Kyläyhdistys", municipality="Inari")
    user = local_bot.emulator.user(2101, "Sara", language_code=language)
    await onboard(local_bot, user, org, language)
    t = tr(local_bot, language)
    await begin(local_bot, user, language)
    await choose(user, t._(CATEGORIES["traffic"]), t._(ph.ASK_TEXT))
    await user.send_text("Tie on liukas.")
    await user.wait_for_message(says(t._(ph.ADDED)))
    await choose(user, t._(ph.NEXT), t._(ph.ASK_PLACE))
    await choose(user, t._(ph.OTHER_MUNICIPALITY), t._(ph.ASK_MUNICIPALITY))
    await choose(user, municipality_name("Inari", language), t._(ph.ASK_FREQUENCY))
    question = await choose(user, t._(FREQUENCIES["often"]), t._(ph.ASK_AFFECTED))
    labels = [label for row in question.buttons for label, _ in row]
    assert labels[-1] == done
    assert done in (question.text or "")
