"""Organisations, contacts and invites."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import Contact, Invite, Organisation, OrgKind, Role
from storage.repos import audit

INVITE_TOKEN_BYTES = 24  # 32 URL-safe characters, well under Telegram's 64 for ?start=


class NotFound(LookupError):
    """The named row does not exist; the message is meant for a person."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


async def add_organisation(
    session: AsyncSession,
    name: str,
    kind: OrgKind,
    municipality: str | None = None,
    village: str | None = None,
    language: str | None = None,
) -> Organisation:
    organisation = Organisation(
        name=name, kind=kind, municipality=municipality, village=village, language=language
    )
    session.add(organisation)
    await session.flush()
    return organisation


async def find_organisation(session: AsyncSession, ref: str) -> Organisation:
    """By id or exact name (case-insensitive)."""
    if ref.isdigit():
        organisation = await session.get(Organisation, int(ref))
    else:
        organisation = await session.scalar(
            select(Organisation).where(func.lower(Organisation.name) == ref.lower())
        )
    if organisation is None:
        raise NotFound(f"no organisation {ref!r}")
    return organisation


async def list_organisations(session: AsyncSession) -> list[tuple[Organisation, int]]:
    """Organisations with their number of active contacts."""
    counts = (
        select(Contact.organisation_id, func.count().label("n"))
        .where(Contact.telegram_user_id.is_not(None), Contact.active.is_(True))
        .group_by(Contact.organisation_id)
        .subquery()
    )
    rows = await session.execute(
        select(Organisation, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.organisation_id == Organisation.id)
        .order_by(Organisation.name)
    )
    return [(org, int(n)) for org, n in rows.all()]


@dataclass(frozen=True)
class IssuedInvite:
    token: str
    invite: Invite

    def link(self, bot_username: str) -> str:
        return f"https://t.me/{bot_username}?start={self.token}"


async def create_invite(
    session: AsyncSession,
    organisation: Organisation,
    role: Role,
    valid_for: timedelta,
    now: datetime,
) -> IssuedInvite:
    token = secrets.token_urlsafe(INVITE_TOKEN_BYTES)
    invite = Invite(
        token_hash=hash_token(token),
        organisation_id=organisation.id,
        role=role,
        expires_at=now + valid_for,
    )
    session.add(invite)
    await session.flush()
    return IssuedInvite(token, invite)


async def usable_invite(session: AsyncSession, token: str, now: datetime) -> Invite | None:
    """The invite behind ``token`` if it exists, is unused and has not expired."""
    if not token or len(token) > 64:
        return None
    invite = await session.scalar(
        select(Invite)
        .options(selectinload(Invite.organisation))
        .where(Invite.token_hash == hash_token(token))
    )
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        return None
    return invite


async def contact_by_telegram_id(session: AsyncSession, user_id: int) -> Contact | None:
    return await session.scalar(
        select(Contact)
        .options(selectinload(Contact.organisation))
        .where(Contact.telegram_user_id == user_id)
    )


async def redeem_invite(
    session: AsyncSession,
    invite: Invite,
    user_id: int,
    display_name: str | None,
    language: str,
    now: datetime,
) -> Contact:
    """Binds the Telegram user to the invite's organisation and role, with consent given now."""
    contact = await contact_by_telegram_id(session, user_id)
    if contact is None:
        contact = Contact(telegram_user_id=user_id)
        session.add(contact)
    contact.organisation_id = invite.organisation_id
    contact.role = invite.role
    contact.language = language
    contact.display_name = display_name
    contact.consent_at = now
    contact.active = True
    contact.opted_out = False
    await session.flush()
    invite.used_at = now
    invite.used_by_contact_id = contact.id
    audit.record(session, contact, audit.Action.INVITE_REDEEMED, now, invite=invite.id)
    await session.flush()
    await session.refresh(contact, ["organisation"])
    return contact


async def ensure_admin(session: AsyncSession, user_id: int) -> None:
    """Makes a configured admin an admin if they are already known (KYLABOT_ADMINS)."""
    contact = await contact_by_telegram_id(session, user_id)
    if contact is not None and contact.role != Role.ADMIN:
        contact.role = Role.ADMIN


async def forget_contact(session: AsyncSession, contact: Contact, now: datetime) -> None:
    """Erases who the person is; their organisation's answers stay, attributed to nobody."""
    contact.telegram_user_id = None
    contact.display_name = None
    contact.language = None
    contact.timezone = None
    contact.active = False
    contact.forgotten_at = now
    audit.record(session, contact, audit.Action.CONTACT_FORGOTTEN, now)
