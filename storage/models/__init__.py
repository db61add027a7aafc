"""All models, imported here so ``Base.metadata`` knows every table (Alembic reads it)."""

from storage.models.base import Base
from storage.models.broadcast import (
    Broadcast,
    BroadcastStatus,
    Delivery,
    DeliveryStatus,
    Priority,
)
from storage.models.checkin import (
    Answer,
    Measure,
    MeasureResponsibility,
    MeasureStatus,
    Plan,
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
    "Contact",
    "Conversation",
    "Delivery",
    "DeliveryStatus",
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
    "ReportStatus",
    "Role",
    "Round",
    "RoundRequest",
    "Schedule",
    "Theme",
]
