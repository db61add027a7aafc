"""``kylabot doctor``: is this installation ready to run? One line per check.

Checks, in order: the settings (a malformed one stops here, as nothing else can be checked),
the database (reachable; the URL without its password), its migrations, the translation
catalogs, the token (getMe), and the webhook (getWebhookInfo: in webhook mode the URL Telegram
has and its last delivery error; in polling mode, a webhook that ``run`` would remove). Exit
status 1 if any check fails, so it fits a deployment script or a container's start.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

from bot.cli_errors import safe_url
from bot.config import ConfigError, Settings, load_settings
from bot.i18n import DOMAINS, LANGUAGES, CatalogMissing, Catalogs
from bot.ops.errors import OperatorError
from bot.ops.startup import get_me
from bot.outbox.client import BotApiClient
from storage.db import create_engine
from storage.migrate import current_heads
from storage.schema_check import script_heads

Check = Callable[[Settings], Awaitable[str]]


class Failed(Exception):
    """The check failed; the message says why and what to do."""


async def check_database(settings: Settings) -> str:
    from sqlalchemy import text

    engine = create_engine(settings.database_url)
    try:
        async with asyncio.timeout(10), engine.connect() as connection:
            query = "SELECT sqlite_version()" if settings.is_sqlite else "SELECT version()"
            version = (await connection.execute(text(query))).scalar()
    except Exception as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines() or ["?"]
        raise Failed(f"{safe_url(settings.database_url)}: {reason[0]}") from None
    finally:
        await engine.dispose()
    name = f"SQLite {version}" if settings.is_sqlite else str(version).split(",")[0]
    return f"{safe_url(settings.database_url)} ({name})"


async def check_migrations(settings: Settings) -> str:
    engine = create_engine(settings.database_url)
    try:
        current = await current_heads(engine)
    except Exception:
        current = set()
    finally:
        await engine.dispose()
    wanted = script_heads()
    if current == wanted:
        return f"at {', '.join(sorted(current))}"
    at = ", ".join(sorted(current)) or "empty"
    raise Failed(
        f"at {at}, this kylabot needs {', '.join(sorted(wanted))}: run `kylabot db upgrade` "
        "(`kylabot run` does it at start)"
    )


async def check_catalogs(settings: Settings) -> str:
    try:
        Catalogs()
    except CatalogMissing as error:
        raise Failed(str(error)) from None
    return f"{len(LANGUAGES)} languages × {len(DOMAINS)} domains loaded"


async def check_token(settings: Settings) -> str:
    try:
        me, why = await get_me(settings)
    except (ConfigError, OperatorError) as error:
        raise Failed(str(error)) from None
    if me is None:
        raise Failed(f"cannot reach the Bot API at {settings.api_url}: {why}")
    return f"@{me.get('username', '?')} (id {me.get('id', '?')})"


async def check_webhook(settings: Settings) -> str:
    client = BotApiClient(settings.api_url, settings.require_token(), connections=1, timeout=10)
    await client.start()
    try:
        raw, status = await client.request("getWebhookInfo", {})
    finally:
        await client.close()
    if status != 200:
        raise Failed(f"getWebhookInfo answered {status if status > 0 else 'nothing'}")
    info = json.loads(raw).get("result") or {}
    url = str(info.get("url") or "")
    error = info.get("last_error_message")
    pending = info.get("pending_update_count", 0)
    if settings.webhook_url is None:
        if url:
            return f"polling mode; Telegram has a webhook {url}: `kylabot run` removes it"
        return f"polling mode; no webhook set ({pending} updates waiting)"
    if not url:
        return f"webhook mode; not set yet: `kylabot run` sets {settings.webhook_url}"
    if url != settings.webhook_url:
        raise Failed(f"Telegram sends to {url}, KYLABOT_WEBHOOK_URL is {settings.webhook_url}")
    if error:
        raise Failed(f"{url}: Telegram's last delivery failed: {error} ({pending} waiting)")
    return f"{url} ({pending} updates waiting)"


CHECKS: tuple[tuple[str, Check], ...] = (
    ("database", check_database),
    ("migrations", check_migrations),
    ("catalogs", check_catalogs),
    ("token", check_token),
    ("webhook", check_webhook),
)


async def doctor() -> int:
    """Prints one line per check; 0 if all pass, 1 otherwise."""
    try:
        settings = load_settings()
        settings.require_token()
    except ConfigError as error:
        print(f"FAIL  settings    {error}")
        return 1
    mode = f"webhook {settings.webhook_url}" if settings.webhook_url else "long polling"
    print(f"ok    settings    {mode}; API {settings.api_url}; listen {settings.listen}")
    failed = 0
    for name, check in CHECKS:
        try:
            line = await check(settings)
        except Failed as error:
            print(f"FAIL  {name:<11} {error}")
            failed += 1
            continue
        except Exception as error:  # an unexpected answer is a failed check, not a traceback
            print(f"FAIL  {name:<11} {type(error).__name__}: {error}")
            failed += 1
            continue
        print(f"ok    {name:<11} {line}")
    return 1 if failed else 0
