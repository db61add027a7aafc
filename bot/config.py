"""Settings from the environment (and an optional .env), validated once at start-up.

Settings take an injectable environment mapping so tests never touch ``os.environ``. They are
a frozen dataclass read by ``bot.config_fields``, no longer pydantic-settings (start-up time,
issue 12, item 21); each field names its bounds and its check, a plain function defined above
the class.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config_fields import Invalid, Secret, read_fields, setting

DEFAULT_API_URL = "https://api.telegram.org"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
PREFIX = "KYLABOT_"


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line meant for a person."""


def _parse_admins(value: object) -> frozenset[int]:
    """``1,2;3 4`` (commas, semicolons or spaces), or any collection of ids."""
    if isinstance(value, str):
        value = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        if not isinstance(value, Iterable):
            raise TypeError
        return frozenset(int(p) for p in value)
    except (TypeError, ValueError):
        raise ValueError("a comma-separated list of Telegram user ids") from None


def _known_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("an IANA time zone name such as Europe/Helsinki") from None
    return value


def _http_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError("an http:// or https:// URL (the root of a Bot API server)")
    return value.rstrip("/")


def _async_driver(value: str) -> str:
    if value.startswith("postgresql://") or value.startswith("postgres://"):
        value = "postgresql+asyncpg://" + value.split("://", 1)[1]
    if value.startswith("sqlite:///"):
        value = "sqlite+aiosqlite:///" + value.removeprefix("sqlite:///")
    if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        raise ValueError("sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER@HOST/DB")
    return value


def _webhook_url(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if not value.startswith(("https://", "http://")):
        raise ValueError("the public https:// URL Telegram sends updates to")
    return value.strip()


def _webhook_secret(value: Secret | None) -> Secret | None:
    secret = value.get_secret_value() if value is not None else None
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise ValueError("1-256 characters: letters, digits, _ and - (Telegram's rule)")
    return value


def _listen(value: str) -> str:
    parse_listen(value)
    return value.strip()


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def _desk_url(value: str | None) -> str | None:
    """The public address of the coordinator desk; http only on this machine (``kylabot chat``).

    It must end in ``/desk``, the path the app serves, so the page's relative links work behind
    a reverse proxy that maps any prefix to ``KYLABOT_LISTEN``.
    """
    if value is None or not value.strip():
        return None
    url = value.strip().rstrip("/")
    local = url.startswith("http://") and url[7:].split("/", 1)[0].rsplit(":", 1)[0] in (
        LOOPBACK_HOSTS
    )
    if not (url.startswith("https://") or local) or not url.endswith("/desk"):
        raise ValueError("the public https:// URL of the desk, ending in /desk")
    return url


def _tiles_url(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    url = value.strip()
    if not url.startswith(("https://", "http://")) or "{z}" not in url:
        raise ValueError("a tile URL template such as https://tiles.example.org/{z}/{x}/{y}.png")
    return url


def _known_log_level(value: str) -> str:
    level = value.strip().upper()
    if level not in LOG_LEVELS:
        raise ValueError(f"one of {', '.join(LOG_LEVELS)}")
    return level


def _hour_range(value: str) -> str:
    parse_hour_range(value)
    return value


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything kylabot reads from its environment.

    ``Settings.parse(values)`` reads and checks raw values; ``Settings(...)`` takes typed values
    as they are (tests and tools that want the defaults).
    """

    token: Secret | None = None
    api_url: str = setting(DEFAULT_API_URL, check=_http_url)
    database_url: str = setting("sqlite+aiosqlite:///kylabot.db", check=_async_driver)
    timezone: str = setting("Europe/Helsinki", check=_known_timezone)
    admins: frozenset[int] = setting(frozenset(), parse=_parse_admins)
    bot_username: str | None = None
    quiet_hours: str = setting("21:00-08:00", check=_hour_range)
    reminder_after_days: int = setting(3, ge=1, le=60)
    max_reminders: int = setting(2, ge=0, le=10)
    round_grace_hours: int = setting(24, ge=0, le=24 * 14)
    civil_hours: str = setting("09:00-18:00", check=_hour_range)
    global_rate: float = setting(30.0, gt=0)
    per_chat_rate: float = setting(1.0, gt=0)
    group_rate_per_minute: float = setting(20.0, gt=0)
    log_level: str = setting("INFO", check=_known_log_level)
    # The sender (tuning; environment only): a claim older than the lease belongs to a crashed
    # worker; the first retry waits the backoff, doubling; pacing off is for benchmarks only.
    broadcast_lease: float = setting(30.0, gt=0)
    broadcast_backoff: float = setting(1.0, gt=0)
    broadcast_progress: float = setting(3.0, gt=0, le=60)  # seconds between progress edits
    broadcast_pacing: bool = True
    # Production (issue 11, bot.ops): webhook mode, the HTTP listener for health and metrics,
    # and how fast another process takes the scheduler over when its holder dies.
    webhook_url: str | None = setting(None, check=_webhook_url)
    webhook_secret: Secret | None = setting(None, check=_webhook_secret)
    listen: str = setting("127.0.0.1:8080", check=_listen)
    health_max_lag: float = setting(300.0, gt=0)
    leader_interval: float = setting(2.0, gt=0, le=60)
    # The coordinator desk (issue 17, handlers/desk): unset, nothing of it is shown and its
    # routes answer 404; the initData a desk request carries is accepted up to this many
    # seconds old (Telegram Desktop keeps it for hours); map tiles, none by default.
    desk_url: str | None = setting(None, check=_desk_url)
    desk_max_age: int = setting(86400, ge=60, le=7 * 86400)
    desk_tiles_url: str | None = setting(None, check=_tiles_url)
    # Processes that read and draw the desk's pages beside the bot, at a lower CPU priority;
    # 0 draws them in the bot's own process (handlers/desk/drawing.py says why not by default).
    desk_workers: int = setting(1, ge=0, le=16)

    @classmethod
    def parse(cls, values: Mapping[str, object]) -> Settings:
        """Settings from raw values by field name (strings from the environment, or typed
        values); unknown names are ignored, a missing one keeps its default.

        Raises ConfigError naming the first bad setting, in the order of the fields.
        """
        try:
            return cls(**read_fields(cls, values))
        except Invalid as exc:
            raise ConfigError(f"{PREFIX}{exc.name.upper()} is invalid: {exc.expected}") from None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def require_token(self) -> str:
        if self.token is None or not self.token.get_secret_value():
            raise ConfigError(
                "KYLABOT_TOKEN is not set: get a token from @BotFather "
                "(or use `kylabot chat` / `make demo`, which need none)"
            )
        return self.token.get_secret_value()


def parse_listen(value: str) -> tuple[str, int] | None:
    """``HOST:PORT`` (or ``PORT``) of the HTTP listener; None for ``off``."""
    text = value.strip()
    if text.lower() == "off":
        return None
    host, _, port = text.rpartition(":")
    try:
        number = int(port)
    except ValueError:
        raise ValueError("HOST:PORT such as 127.0.0.1:8080, or off") from None
    if not 0 <= number <= 65535:
        raise ValueError("HOST:PORT such as 127.0.0.1:8080, or off")
    return (host.strip("[]") or "127.0.0.1"), number


def parse_hour_range(value: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """Parses ``HH:MM-HH:MM``; the range may wrap past midnight."""
    try:
        start, end = value.split("-")
        sh, sm = (int(x) for x in start.strip().split(":"))
        eh, em = (int(x) for x in end.strip().split(":"))
    except ValueError:
        raise ValueError("a range of hours like 21:00-08:00") from None
    if not (0 <= sh < 24 and 0 <= eh < 24 and 0 <= sm < 60 and 0 <= em < 60):
        raise ValueError("a range of hours like 21:00-08:00")
    return (sh, sm), (eh, em)


def load_settings(
    environ: Mapping[str, str] | None = None,
    env_file: Path | None = Path(".env"),
    overrides: Mapping[str, object] | None = None,
) -> Settings:
    """Builds settings from ``environ`` (default: the process environment) and ``env_file``.

    The process environment wins over the file, and ``overrides`` (by field name, raw or typed
    values) win over both. Raises ConfigError with one readable line.
    """
    env = dict(os.environ if environ is None else environ)
    values: dict[str, object] = {}
    if env_file is not None and env_file.is_file() and environ is None:
        values.update(_read_env_file(env_file))
    values.update({k[len(PREFIX) :].lower(): v for k, v in env.items() if k.startswith(PREFIX)})
    values.update(overrides or {})
    return Settings.parse(values)


def _read_env_file(path: Path) -> dict[str, str]:
    result: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.strip().removeprefix("export ").strip()
        if key.startswith(PREFIX):
            result[key[len(PREFIX) :].lower()] = value.strip().strip("'\"")
    return result
