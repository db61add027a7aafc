"""The events feature: events with sign-ups and waitlists, and the opt-in coffee roulette."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.feature import Feature, Parts
from handlers.events import cli

if TYPE_CHECKING:
    from bot.walkthrough import Walkthrough


def walkthroughs() -> Sequence[Walkthrough]:
    # imported only by `kylabot i18n pack`: the scripts need the emulator
    from handlers.events import walkthrough

    return walkthrough.WALKTHROUGHS


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.events import (
        audience,
        coffee_flow,
        conversation,
        create_flow,
        demo,
        jobs,
        manage_flow,
        mydata,
    )

    return Parts(
        flows=(
            conversation.build_flow,
            create_flow.build_flow,
            manage_flow.build_flow,
            coffee_flow.build_flow,
        ),
        on_start=jobs.on_start,
        sender_ticks=jobs.sender_ticks,
        data_sections=mydata.SECTIONS,
        segments=audience.KINDS,
        demo_steps=(demo.coffee_signup_step,),
        walkthroughs=walkthroughs,
    )


FEATURE = Feature(name="events", domain="events", cli=cli.register, parts=parts)
