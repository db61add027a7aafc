"""Settings from the environment (and an optional .env), validated once at start-up.

Settings take an injectable environment mapping so tests never touch ``os.environ``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_API_URL = "https://api.telegram.org"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line meant for a person."""


class Settings(BaseSettings):
    """Everything kylabot reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="KYLABOT_", extra="ignore", frozen=True)

    token: SecretStr | None = None
    api_url: str = DEFAULT_API_URL
    database_url: str = "sqlite+aiosqlite:///kylabot.db"
    timezone: str = "Europe/Helsinki"
    admins: Annotated[frozenset[int], NoDecode] = frozenset()
    bot_username: str | None = None
    quiet_hours: str = "21:00-08:00"
    reminder_after_days: int = Field(default=3, ge=1, le=60)
    max_reminders: int = Field(default=2, ge=0, le=10)
    round_grace_hours: int = Field(default=24, ge=0, le=24 * 14)
    civil_hours: str = "09:00-18:00"
    global_rate: float = Field(default=30.0, gt=0)
    per_chat_rate: float = Field(default=1.0, gt=0)
    group_rate_per_minute: float = Field(default=20.0, gt=0)
    log_level: str = "INFO"
    # The sender (tuning; environment only): a claim older than the lease belongs to a crashed
    # worker; the first retry waits the backoff, doubling; pacing off is for benchmarks only.
    broadcast_lease: float = Field(default=30.0, gt=0)
    broadcast_backoff: float = Field(default=1.0, gt=0)
    broadcast_pacing: bool = True
    # Production (issue 11, bot.ops): webhook mode, the HTTP listener for health and metrics,
    # and how fast another process takes the scheduler over when its holder dies.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    listen: str = "127.0.0.1:8080"
    health_max_lag: float = Field(default=300.0, gt=0)
    leader_interval: float = Field(default=2.0, gt=0, le=60)

    @field_validator("admins", mode="before")
    @classmethod
    def _parse_admins(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError("a comma-separated list of Telegram user ids") from None
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("an IANA time zone name such as Europe/Helsinki") from None
        return value

    @field_validator("api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("an http:// or https:// URL (the root of a Bot API server)")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            value = "postgresql+asyncpg://" + value.split("://", 1)[1]
        if value.startswith("sqlite:///"):
            value = "sqlite+aiosqlite:///" + value.removeprefix("sqlite:///")
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER@HOST/DB")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("https://", "http://")):
            raise ValueError("the public https:// URL Telegram sends updates to")
        return value.strip()

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        secret = value.get_secret_value() if value is not None else None
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ValueError("1-256 characters: letters, digits, _ and - (Telegram's rule)")
        return value

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        parse_listen(value)
        return value.strip()

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("quiet_hours", "civil_hours")
    @classmethod
    def _hour_range(cls, value: str) -> str:
        parse_hour_range(value)
        return value

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
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Builds settings from ``environ`` (default: the process environment) and ``env_file``.

    Raises ConfigError with one readable line instead of pydantic's multi-line report.
    """
    env = dict(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    if env_file is not None and env_file.is_file() and environ is None:
        values.update(_read_env_file(env_file))
    prefix = "KYLABOT_"
    values.update({k[len(prefix) :].lower(): v for k, v in env.items() if k.startswith(prefix)})
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "?"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"KYLABOT_{field.upper()} is invalid: {message}") from None


def _read_env_file(path: Path) -> dict[str, str]:
    result: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.strip().removeprefix("export ").strip()
        if key.startswith("KYLABOT_"):
            result[key[len("KYLABOT_") :].lower()] = value.strip().strip("'\"")
    return result
