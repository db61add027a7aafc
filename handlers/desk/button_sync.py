"""At start, every chat's menu button is made to follow ``KYLABOT_DESK_URL``.

``publish_button`` writes a chat's button when its person's role or language changes. A
deployment that turns the desk on (or off, or moves it) changes no role, so without this the
coordinators who already had their role would never get the button, and after unsetting it
they would keep one that opens a desk answering 404. ``Contact.desk_button`` records what each
chat's button opens; at start every chat where that differs from what the setting says gets
its button through the outbox, and the record is updated in the same transaction.

Several processes start at once on PostgreSQL: each contact's record is changed with a
conditional update (``WHERE desk_button`` is still what was read), so only one of them writes
the button.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.i18n import Catalogs
from bot.language import choose_language
from bot.services import Services
from handlers.desk.button import desired_url, menu_button
from storage.models import Contact, DeliveryStatus, Priority, Role
from storage.repos.outbox import insert_deliveries


def _role(contact: Contact, admins: frozenset[int]) -> Role:
    # KYLABOT_ADMINS is authoritative, as in the router and the desk's sign-in.
    return Role.ADMIN if contact.telegram_user_id in admins else contact.role


async def _claim(session: AsyncSession, contact: Contact, url: str | None) -> bool:
    """Records ``url`` unless another process changed the record since it was read."""
    current = Contact.desk_button
    read = current.is_(None) if contact.desk_button is None else current == contact.desk_button
    result = await session.execute(
        update(Contact)
        .where(Contact.id == contact.id, read)
        .values(desk_button=url)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def stale_buttons(
    session: AsyncSession, services: Services, catalogs: Catalogs, now: datetime
) -> int:
    """Writes the button of every chat whose record differs from the setting; how many."""
    settings = services.settings
    contacts = await session.scalars(
        select(Contact)
        .where(
            Contact.telegram_user_id.is_not(None),
            Contact.forgotten_at.is_(None),
            Contact.active.is_(True),  # blocked the bot: at a later start, once back
            Contact.opted_out.is_(False),  # /stop: the sender would hold the row anyway
        )
        .options(selectinload(Contact.organisation))
        .order_by(Contact.id)
    )
    rows: list[dict[str, Any]] = []
    for contact in contacts:
        role = _role(contact, settings.admins)
        url = desired_url(settings, role)
        if url == contact.desk_button or not await _claim(session, contact, url):
            continue
        tr = catalogs.get(choose_language(contact, None), "desk")
        rows.append(
            {
                "contact_id": contact.id,
                "method": "setChatMenuButton",
                "payload": {"menu_button": menu_button(settings, role, tr)},
                "status": DeliveryStatus.PENDING,
                "priority": int(Priority.NOTICE),
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
        )
    await insert_deliveries(session, rows)
    return len(rows)


async def sync_buttons(services: Services) -> None:
    """The desk feature's start hook: one transaction, then the sender is woken."""
    async with services.write() as session:
        written = await stale_buttons(session, services, services.catalogs, services.now())
    if written:
        services.wake_sender()
