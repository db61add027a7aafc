"""The coordinator desk feature: its pages on the HTTP listener, its catalog, its demo step."""

from __future__ import annotations

from bot.feature import Feature, Parts


def parts() -> Parts:
    # imported when the application is built, not when the CLI lists its commands (start-up)
    from handlers.desk import button_sync, demo, web

    return Parts(
        http_routes=web.routes,
        demo_steps=(demo.desk_step,),
        on_start=button_sync.sync_buttons,
        on_stop=web.stop_drawer,
    )


FEATURE = Feature(name="desk", domain="desk", parts=parts)
