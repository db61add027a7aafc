"""The check-in feature: plans, scheduled rounds, the contacts' answers and the reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.feature import Feature, Parts
from handlers.checkin import cli

if TYPE_CHECKING:
    from bot.walkthrough import Walkthrough


def walkthroughs() -> Sequence[Walkthrough]:
    # imported only by `kylabot i18n pack`: the scripts need the emulator
    from handlers.checkin import walkthrough

    return walkthrough.WALKTHROUGHS


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.checkin import (
        conversation,
        demo,
        mydata,
        report_flow,
        report_requests,
        rounds_flow,
    )

    return Parts(
        flows=(
            conversation.build_flow,
            rounds_flow.build_flow,
            report_flow.build_flow,
            report_flow.build_status_flow,
        ),
        on_start=rounds_flow.on_start,
        on_stop=rounds_flow.on_stop,
        sender_ticks=report_requests.sender_ticks,
        data_sections=mydata.SECTIONS,
        demo_steps=(demo.checkin_step,),
        walkthroughs=walkthroughs,
    )


FEATURE = Feature(name="checkin", domain="checkin", cli=cli.register, parts=parts)
