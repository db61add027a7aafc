"""The models, each module imported when one of its names is first used (PEP 562).

Importing every model module here built all the mapped classes for any command: ``kylabot org
list`` needs the six of ``core`` and paid for the other nineteen (about a quarter of its
start-up; issue 12, item 21). ``from storage.models import Contact`` still works and still
has the real type; it imports ``storage.models.core`` only. Relationships point from the other
modules into ``core``, which points nowhere else; a module whose foreign keys name another
module's tables imports that module, so each loads with what a flush needs
(``tests/storage/test_models.py`` checks both).

Whatever needs the whole schema (``Base.metadata`` for Alembic and the tests that compare or
walk it) calls ``load_all()`` first.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.models.base import Base
    from storage.models.broadcast import (
        Broadcast,
        BroadcastStatus,
        Delivery,
        DeliveryStatus,
        Priority,
        SenderPresence,
    )
    from storage.models.checkin import (
        Answer,
        Measure,
        MeasureResponsibility,
        MeasureStatus,
        Plan,
        ReportRequest,
        Round,
        RoundRequest,
        Schedule,
        Theme,
    )
    from storage.models.core import (
        AuditEvent,
        Contact,
        Conversation,
        InboundUpdate,
        Invite,
        Organisation,
        OrgKind,
        Role,
    )
    from storage.models.events import (
        CoffeeMatch,
        CoffeeParticipant,
        CoffeeRound,
        Event,
        EventInvitation,
        EventKind,
        EventSignup,
        EventStatus,
        SignupStatus,
    )
    from storage.models.phenomena import (
        PhenomenonFollowUp,
        PhenomenonReply,
        PhenomenonReport,
        ReportStatus,
    )

__all__ = [
    "Answer",
    "AuditEvent",
    "Base",
    "Broadcast",
    "BroadcastStatus",
    "CoffeeMatch",
    "CoffeeParticipant",
    "CoffeeRound",
    "Contact",
    "Conversation",
    "Delivery",
    "DeliveryStatus",
    "Event",
    "EventInvitation",
    "EventKind",
    "EventSignup",
    "EventStatus",
    "InboundUpdate",
    "Invite",
    "Measure",
    "MeasureResponsibility",
    "MeasureStatus",
    "OrgKind",
    "Organisation",
    "PhenomenonFollowUp",
    "PhenomenonReply",
    "PhenomenonReport",
    "Plan",
    "Priority",
    "ReportRequest",
    "ReportStatus",
    "Role",
    "Round",
    "RoundRequest",
    "Schedule",
    "SenderPresence",
    "SignupStatus",
    "Theme",
    "load_all",
]

# Each model module and its public names (the same as the imports for the type checker above).
MODULES: dict[str, tuple[str, ...]] = {
    "base": ("Base",),
    "core": (
        "AuditEvent",
        "Contact",
        "Conversation",
        "InboundUpdate",
        "Invite",
        "OrgKind",
        "Organisation",
        "Role",
    ),
    "checkin": (
        "Answer",
        "Measure",
        "MeasureResponsibility",
        "MeasureStatus",
        "Plan",
        "ReportRequest",
        "Round",
        "RoundRequest",
        "Schedule",
        "Theme",
    ),
    "broadcast": (
        "Broadcast",
        "BroadcastStatus",
        "Delivery",
        "DeliveryStatus",
        "Priority",
        "SenderPresence",
    ),
    "events": (
        "CoffeeMatch",
        "CoffeeParticipant",
        "CoffeeRound",
        "Event",
        "EventInvitation",
        "EventKind",
        "EventSignup",
        "EventStatus",
        "SignupStatus",
    ),
    "phenomena": ("PhenomenonFollowUp", "PhenomenonReply", "PhenomenonReport", "ReportStatus"),
}
_MODULE_OF = {name: module for module, names in MODULES.items() for name in names}


def load_all() -> None:
    """Imports every model module, so ``Base.metadata`` and ``Base.registry`` are complete."""
    for module in MODULES:
        _load(module)


def _load(module: str) -> ModuleType:
    # __import__, not importlib.import_module: only the former shows in `python -X importtime`
    __import__(f"{__name__}.{module}")
    return sys.modules[f"{__name__}.{module}"]


if not TYPE_CHECKING:  # the type checker sees the imports above, so a misspelt name is an error

    def __getattr__(name: str) -> Any:
        module = _MODULE_OF.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(_load(module), name)
        globals()[name] = value  # found directly from now on
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
