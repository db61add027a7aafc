"""The features of kylabot, listed once; the application, CLI, demo and catalogs read this list.

A new feature is a folder under ``handlers/`` with a ``feature.py``, added here (README, "Adding
a feature"). The order is the order of menus, ``/mydata`` sections, CLI groups and demo steps.
"""

from __future__ import annotations

from bot.feature import Feature
from handlers.broadcast.feature import FEATURE as BROADCAST
from handlers.checkin.feature import FEATURE as CHECKIN
from handlers.desk.feature import FEATURE as DESK
from handlers.events.feature import FEATURE as EVENTS
from handlers.menu.feature import FEATURE as MENU
from handlers.onboarding.feature import FEATURE as ONBOARDING
from handlers.phenomena.feature import FEATURE as PHENOMENA
from handlers.privacy.feature import FEATURE as PRIVACY
from handlers.settings.feature import FEATURE as SETTINGS

FEATURES: tuple[Feature, ...] = (
    ONBOARDING,
    MENU,
    SETTINGS,
    PRIVACY,
    BROADCAST,
    CHECKIN,
    EVENTS,
    PHENOMENA,
    DESK,
)
