"""Settings: defaults, parsing, one-line errors, and a token that never prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_API_URL, ConfigError, load_settings


def test_defaults_need_nothing() -> None:
    settings = load_settings({}, env_file=None)
    assert settings.api_url == DEFAULT_API_URL
    assert settings.database_url == "sqlite+aiosqlite:///kylabot.db"
    assert settings.timezone == "Europe/Helsinki"
    assert settings.admins == frozenset()
    assert settings.token is None


def test_values_are_parsed_and_normalised() -> None:
    settings = load_settings(
        {
            "KYLABOT_TOKEN": "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef",
            "KYLABOT_API_URL": "http://127.0.0.1:8081/",
            "KYLABOT_DATABASE_URL": "postgresql://kyla@db/kylabot",
            "KYLABOT_ADMINS": "1, 2;3",
        },
        env_file=None,
    )
    assert settings.api_url == "http://127.0.0.1:8081"
    assert settings.database_url == "postgresql+asyncpg://kyla@db/kylabot"
    assert settings.admins == frozenset({1, 2, 3})
    assert "ABCDEFGH" not in repr(settings) and "ABCDEFGH" not in str(settings.token)


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("KYLABOT_TIMEZONE", "Mars/Olympus", "KYLABOT_TIMEZONE is invalid"),
        ("KYLABOT_ADMINS", "one,two", "KYLABOT_ADMINS is invalid"),
        ("KYLABOT_API_URL", "ftp://x", "KYLABOT_API_URL is invalid"),
        ("KYLABOT_DATABASE_URL", "mysql://x", "KYLABOT_DATABASE_URL is invalid"),
        ("KYLABOT_QUIET_HOURS", "late", "KYLABOT_QUIET_HOURS is invalid"),
    ],
)
def test_malformed_setting_gives_one_line(name: str, value: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({name: value}, env_file=None)
    message = str(caught.value)
    assert fragment in message and "\n" not in message


def test_missing_token_is_explained() -> None:
    with pytest.raises(ConfigError, match="KYLABOT_TOKEN is not set"):
        load_settings({}, env_file=None).require_token()


def test_env_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / ".env"
    env.write_text("# comment\nexport KYLABOT_TIMEZONE='Europe/Stockholm'\n", encoding="utf-8")
    for key in [k for k in __import__("os").environ if k.startswith("KYLABOT_")]:
        monkeypatch.delenv(key)
    assert load_settings(env_file=env).timezone == "Europe/Stockholm"
