"""The check-in feature: plans, scheduled rounds, the contacts' answers and the reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.feature import Feature, Parts
from handlers.checkin import cli

if TYPE_CHECKING:
    from bot.services import Services


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.checkin import conversation, demo, mydata, report_flow, rounds_flow

    return Parts(
        flows=(
            conversation.build_flow,
            rounds_flow.build_flow,
            report_flow.build_flow,
            report_flow.build_status_flow,
        ),
        on_start=rounds_flow.on_start,
        on_stop=_on_stop,
        data_sections=mydata.SECTIONS,
        demo_steps=(demo.checkin_step,),
    )


async def _on_stop(services: Services) -> None:
    # imported when the application stops, like parts(): the CLI never loads the flows
    from handlers.checkin import report_drawing, rounds_flow

    await report_drawing.on_stop(services)  # report files being drawn are finished and queued
    await rounds_flow.on_stop(services)


FEATURE = Feature(name="checkin", domain="checkin", cli=cli.register, parts=parts)
