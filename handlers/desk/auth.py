"""Sign-in to the desk: the Mini App's ``initData``, checked on every request.

Each request carries the raw ``initData`` Telegram gave the page (``Authorization: tma …``);
``init-data-py`` checks its HMAC with the bot token's ``WebAppData`` key and its age
(``KYLABOT_DESK_MAX_AGE``, 24 h by default: Telegram Desktop keeps a Mini App open for hours).
A date more than a minute in the future is refused too. The person's role is then read from
the database, so a coordinator who lost the role an hour ago is refused now, whatever the page
still holds. Actions that change or send anything need ``initData`` younger than ten minutes.
There are no cookies and no server-side sessions: nothing outlives the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from init_data_py import errors, parse, strip_auth_header, validate_by_hash
from init_data_py.models import InitData
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from bot.i18n import normalise_language
from bot.language import choose_language
from bot.services import Services
from handlers.desk import texts
from storage.models import Role
from storage.repos.people import contact_by_telegram_id

ACTION_MAX_AGE = timedelta(minutes=10)
FUTURE_SLACK = timedelta(seconds=60)


@dataclass(frozen=True)
class Viewer:
    """The signed-in coordinator of one request."""

    contact_id: int
    telegram_user_id: int
    role: Role
    language: str
    signed_at: datetime


class Refusal(Exception):
    """A request the desk does not serve: ``status`` (401 or 403) and one sentence for the
    person, already in their language."""

    def __init__(self, status: int, text: str, language: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text
        self.language = language


def browser_language(request: Request) -> str:
    """Before any initData is read: the browser's first language we have, else Finnish."""
    for part in request.headers.get("accept-language", "").split(","):
        found = normalise_language(part.split(";")[0].strip())
        if found:
            return found
    return "fi"


def _checked(data: InitData, token: str, max_age: int, now: datetime) -> InitData:
    """``data`` if its hash and age hold; raises the library's errors otherwise.

    The age is checked by the library before the hash, so an expired one is checked again
    without the age: forged data must read "could not be checked", not "expired".
    """
    try:
        return validate_by_hash(data, token, expires_in=max_age, now=now)
    except errors.ExpiredError:
        validate_by_hash(data, token, expires_in=None)
        raise


async def sign_in(
    request: Request, services: Services, session: AsyncSession, *, action: bool = False
) -> Viewer:
    """The coordinator behind the request, or a ``Refusal`` saying why not."""
    catalogs = services.catalogs
    language = browser_language(request)

    def refuse(status: int, text: str) -> Refusal:
        return Refusal(status, catalogs.get(language, "desk")._(text), language)

    header = request.headers.get("authorization")
    if not header:
        raise refuse(401, texts.NO_SIGN_IN)
    settings = services.settings
    now = services.now()
    try:
        data = parse(strip_auth_header(header))
    except errors.MalformedAuthHeaderError:
        raise refuse(401, texts.NO_SIGN_IN) from None
    except errors.InvalidInitDataError:
        raise refuse(401, texts.BAD_SIGN_IN) from None
    # Not checked yet, but it only picks the language of a refusal.
    user = data.user
    language = normalise_language(user.language_code if user else None) or language
    try:
        _checked(data, settings.require_token(), settings.desk_max_age, now)
    except errors.ExpiredError:
        raise refuse(401, texts.TOO_OLD) from None
    except errors.InvalidInitDataError:
        raise refuse(401, texts.BAD_SIGN_IN) from None
    if user is None or data.issued_at > now + FUTURE_SLACK:
        raise refuse(401, texts.BAD_SIGN_IN)
    contact = await contact_by_telegram_id(session, user.id)
    if contact is None or contact.telegram_user_id is None:
        raise refuse(403, texts.NOT_ALLOWED)  # a stranger, or a person who used /forget
    language = choose_language(contact, user.language_code)
    # KYLABOT_ADMINS is authoritative, as in the router, even before their next update.
    role = Role.ADMIN if user.id in settings.admins else contact.role
    if role.rank < Role.COORDINATOR.rank:
        raise refuse(403, texts.NOT_ALLOWED)
    if action and now - data.issued_at > ACTION_MAX_AGE:
        raise refuse(403, texts.ACTION_TOO_OLD)
    return Viewer(contact.id, user.id, role, language, data.issued_at)
