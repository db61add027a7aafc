"""Where it happens: the organisation's home place, a municipality from the list, or a location
pin whose municipality the reporter confirms (issue 12, item 10)."""

from __future__ import annotations

from telegram import Update

from bot.context import Ctx
from bot.municipalities import (
    MUNICIPALITY_KEYS,
    guess_municipality,
    municipality_name,
    outside_finland,
)
from handlers.phenomena.questions import (
    Drafting,
    Step,
    advance,
    ask,
    confirm_choice,
    drafted,
    home_place,
    municipality_rows,
    pin_rows,
)
from handlers.phenomena.report_texts import ASK_MUNICIPALITY, ASK_PLACE, DO_NOT_KNOW, PIN_FAR
from storage.models import PhenomenonReport


@drafted
async def choose_place(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Takes the organisation's home place, or opens the municipality list."""
    with Drafting.edit(ctx) as data:
        data.pin_municipality = False
    home = home_place(report, ctx.tr.language)
    if ctx.arg == "home" and report.organisation is not None and home:
        report.place_kind = "home"
        report.municipality = report.organisation.municipality
        report.municipality_guess = None
        report.village = report.organisation.village
        report.latitude = report.longitude = None
        report.outside_finland = False
        await confirm_choice(ctx, ctx._(ASK_PLACE), home)
        return await advance(ctx, report, Step.FREQUENCY)
    await ctx.show(ctx._(ASK_MUNICIPALITY), ctx.keyboard(municipality_rows(ctx, 0)))
    report.step = int(Step.MUNICIPALITY)
    return Step.MUNICIPALITY


async def municipality_page(update: Update, ctx: Ctx) -> int | None:
    """Turns the page of the municipality list."""
    await ctx.show(ctx._(ASK_MUNICIPALITY), ctx.keyboard(municipality_rows(ctx, ctx.arg)))
    return None


@drafted
async def municipality_back(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Goes back to the place question."""
    await ctx.close_keyboard()
    return await ask(ctx, report, Step.PLACE)


@drafted
async def choose_municipality(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Stores the chosen municipality."""
    if not ctx.arg.isdigit() or int(ctx.arg) >= len(MUNICIPALITY_KEYS):
        await ctx.answer()
        return None
    name = MUNICIPALITY_KEYS[int(ctx.arg)]
    report.municipality = name
    report.municipality_guess = None
    data = Drafting.of(ctx)
    if data.pin_municipality and report.place_kind == "pin":
        report.village = None  # the pin stays; the reporter named its municipality
    else:
        report.place_kind = "municipality"
        home = report.organisation
        report.village = home.village if home and home.municipality == name else None
        report.latitude = report.longitude = None
        report.outside_finland = False
    data.pin_municipality = False
    data.save(ctx)
    await confirm_choice(ctx, ctx._(ASK_MUNICIPALITY), municipality_name(name, ctx.tr.language))
    return await advance(ctx, report, Step.FREQUENCY)


@drafted
async def pin(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Stores a location pin and asks the reporter to confirm its municipality.

    One far outside Finland is kept but flagged. The municipality is a guess until the reporter
    confirms it (issue 12, item 10): only a confirmed or chosen one is stored as ``municipality``.
    """
    assert update.message is not None and update.message.location is not None
    latitude = float(update.message.location.latitude)
    longitude = float(update.message.location.longitude)
    report.place_kind = "pin"
    report.latitude, report.longitude = latitude, longitude
    report.outside_finland = outside_finland(latitude, longitude)
    report.municipality = None
    report.municipality_guess = (
        None if report.outside_finland else guess_municipality(latitude, longitude)
    )
    report.village = None
    if report.outside_finland:
        await ctx.say("⚠️ " + ctx._(PIN_FAR))
        return await advance(ctx, report, Step.FREQUENCY)
    return await ask(ctx, report, Step.PIN_MUNICIPALITY)


@drafted
async def pin_municipality(update: Update, ctx: Ctx, report: PhenomenonReport) -> int | None:
    """Takes the guessed municipality as confirmed, opens the list, or leaves it open."""
    question, _rows = pin_rows(ctx, report)
    if ctx.arg == "yes" and report.municipality_guess:
        report.municipality, report.municipality_guess = report.municipality_guess, None
        choice = municipality_name(report.municipality, ctx.tr.language)
    elif ctx.arg == "unknown":
        report.municipality = None  # the guess stays a guess, shown to coordinators as one
        choice = ctx._(DO_NOT_KNOW)
    else:
        with Drafting.edit(ctx) as data:
            data.pin_municipality = True
        await ctx.show(ctx._(ASK_MUNICIPALITY), ctx.keyboard(municipality_rows(ctx, 0)))
        report.step = int(Step.MUNICIPALITY)
        return Step.MUNICIPALITY
    await confirm_choice(ctx, question, choice)
    return await advance(ctx, report, Step.FREQUENCY)
