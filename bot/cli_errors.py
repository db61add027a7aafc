"""One line for each error an operator can fix, instead of a traceback (issue 12, item 19).

A database that cannot be reached, a Bot API that cannot be reached or refuses the token, a
file that cannot be written, a bad setting or bad input are the operator's to fix, and a
120-line traceback hides the one line that says what to do. Anything else is a bug and keeps
its traceback. The checks look only at modules already imported: an error cannot come from a
library that was never loaded, and importing python-telegram-bot or SQLAlchemy just to compare
exception types would slow every command down (``kylabot --help`` loads neither).
"""

from __future__ import annotations

import re
import socket
import sys
from typing import NamedTuple

# SQLSTATE classes of "cannot connect / not allowed / no such database / server busy".
CONNECTION_SQLSTATES = ("08", "28", "3D", "53", "57P03")
USAGE, ENVIRONMENT = 2, 1


class UsageError(Exception):
    """Bad command-line input; printed as one line."""


class Explained(NamedTuple):
    text: str
    exit_code: int


def safe_url(url: str | None) -> str:
    """The database URL without its password."""
    if url is None:
        return "(not set)"
    return re.sub(r"://([^:/@]*):[^@/]*@", r"://\1:***@", url)


def explain(
    exc: BaseException, database_url: str | None = None, api_url: str | None = None
) -> Explained | None:
    """The line to print for ``exc`` and the exit status, or None for a bug."""
    if isinstance(exc, UsageError) or _is(exc, "bot.config", "ConfigError"):
        return Explained(str(exc), USAGE)
    if _is(exc, "bot.i18n", "CatalogMissing"):
        return Explained(str(exc), USAGE)
    if _is(exc, "bot.ops.errors", "OperatorError"):
        return Explained(str(exc), ENVIRONMENT)
    if _is(exc, "telegram.error", "InvalidToken"):
        return Explained(
            "the Bot API refused the token: check KYLABOT_TOKEN (a token from @BotFather)",
            ENVIRONMENT,
        )
    if _is(exc, "telegram.error", "NetworkError"):
        return Explained(
            f"cannot reach the Bot API at {api_url}: {_first_line(exc)}; "
            "check the network connection or KYLABOT_API_URL",
            ENVIRONMENT,
        )
    if _is_database_error(exc):
        return Explained(
            f"cannot use the database {safe_url(database_url)}: {_reason(exc)}; check "
            "KYLABOT_DATABASE_URL and that the database server is running",
            ENVIRONMENT,
        )
    if isinstance(exc, OSError) and exc.filename is not None:
        return Explained(f"{exc.strerror or exc}: {exc.filename}", ENVIRONMENT)
    return None


def _is(exc: BaseException, module: str, name: str) -> bool:
    loaded = sys.modules.get(module)
    kind = getattr(loaded, name, None) if loaded is not None else None
    return isinstance(kind, type) and isinstance(exc, kind)


def _is_database_error(exc: BaseException) -> bool:
    if isinstance(exc, ConnectionError | socket.gaierror):  # asyncpg's own connect attempt
        return True
    if _is(exc, "sqlalchemy.exc", "OperationalError") or _is(
        exc, "sqlalchemy.exc", "InterfaceError"
    ):
        return True
    origin = getattr(exc, "orig", None) if _is(exc, "sqlalchemy.exc", "DBAPIError") else exc
    state = _sqlstate(origin)
    return state is not None and state.startswith(CONNECTION_SQLSTATES)


def _sqlstate(error: object) -> str | None:
    for candidate in (error, getattr(error, "__cause__", None)):
        state = getattr(candidate, "sqlstate", None)
        if isinstance(state, str):
            return state
    return None


def _reason(exc: BaseException) -> str:
    origin = getattr(exc, "orig", None)
    return _first_line(origin if isinstance(origin, BaseException) else exc)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
