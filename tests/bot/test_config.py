"""Settings: defaults, parsing, one-line errors, and a token that never prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_API_URL, ConfigError, Settings, load_settings
from bot.config_fields import Secret


def test_defaults_need_nothing() -> None:
    settings = load_settings({}, env_file=None)
    assert settings.api_url == DEFAULT_API_URL
    assert settings.database_url == "sqlite+aiosqlite:///kylabot.db"
    assert settings.timezone == "Europe/Helsinki"
    assert settings.admins == frozenset()
    assert settings.token is None


def test_every_default() -> None:
    assert load_settings({}, env_file=None) == Settings()
    assert (
        repr(Settings()) == "Settings(token=None, api_url='https://api.telegram.org', "
        "database_url='sqlite+aiosqlite:///kylabot.db', timezone='Europe/Helsinki', "
        "admins=frozenset(), bot_username=None, quiet_hours='21:00-08:00', "
        "reminder_after_days=3, max_reminders=2, round_grace_hours=24, "
        "civil_hours='09:00-18:00', global_rate=30.0, per_chat_rate=1.0, "
        "group_rate_per_minute=20.0, log_level='INFO', broadcast_lease=30.0, "
        "broadcast_backoff=1.0, broadcast_progress=3.0, broadcast_pacing=True, webhook_url=None, "
        "webhook_secret=None, "
        "listen='127.0.0.1:8080', health_max_lag=300.0, leader_interval=2.0, desk_url=None, "
        "desk_max_age=86400, desk_tiles_url=None, desk_workers=1)"
    )


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
    ("name", "value", "field", "expected"),
    [
        ("DATABASE_URL", "postgres://kyla@db/k", "database_url", "postgresql+asyncpg://kyla@db/k"),
        ("DATABASE_URL", "sqlite:///data/k.db", "database_url", "sqlite+aiosqlite:///data/k.db"),
        ("API_URL", "https://bots.example//", "api_url", "https://bots.example"),
        ("LOG_LEVEL", " debug ", "log_level", "DEBUG"),
        ("WEBHOOK_URL", "  ", "webhook_url", None),
        ("WEBHOOK_URL", "", "webhook_url", None),
        ("WEBHOOK_URL", "https://bot.example/hook ", "webhook_url", "https://bot.example/hook"),
        ("LISTEN", " 0.0.0.0:9000 ", "listen", "0.0.0.0:9000"),
        ("ADMINS", "1,2;3 4", "admins", frozenset({1, 2, 3, 4})),
        ("ADMINS", "", "admins", frozenset()),
        ("BOT_USERNAME", "kyla_bot", "bot_username", "kyla_bot"),
        ("REMINDER_AFTER_DAYS", " 7 ", "reminder_after_days", 7),
        ("REMINDER_AFTER_DAYS", "7.0", "reminder_after_days", 7),
        ("GLOBAL_RATE", "2.5", "global_rate", 2.5),
        ("GLOBAL_RATE", "25", "global_rate", 25.0),
        ("LEADER_INTERVAL", "60", "leader_interval", 60.0),
        ("QUIET_HOURS", "22:00-07:30", "quiet_hours", "22:00-07:30"),
        ("DESK_URL", "", "desk_url", None),
        ("DESK_URL", " https://bot.example/k/desk/ ", "desk_url", "https://bot.example/k/desk"),
        ("DESK_URL", "http://127.0.0.1:8080/desk", "desk_url", "http://127.0.0.1:8080/desk"),
        ("DESK_MAX_AGE", "3600", "desk_max_age", 3600),
        (
            "DESK_TILES_URL",
            "https://t.example/{z}/{x}/{y}.png",
            "desk_tiles_url",
            "https://t.example/{z}/{x}/{y}.png",
        ),
    ],
)
def test_one_value(name: str, value: str, field: str, expected: object) -> None:
    settings = load_settings({f"KYLABOT_{name}": value}, env_file=None)
    assert getattr(settings, field) == expected


@pytest.mark.parametrize(
    "word", ["true", "TRUE", "True", "1", "yes", "Yes", "on", "ON", "t", "y", " true "]
)
def test_true_spellings(word: str) -> None:
    settings = load_settings({"KYLABOT_BROADCAST_PACING": word}, env_file=None)
    assert settings.broadcast_pacing is True


@pytest.mark.parametrize("word", ["false", "FALSE", "0", "no", "NO", "off", "Off", "f", "n"])
def test_false_spellings(word: str) -> None:
    settings = load_settings({"KYLABOT_BROADCAST_PACING": word}, env_file=None)
    assert settings.broadcast_pacing is False


BOOL = "true or false (or yes/no, on/off, 1/0)"
URL = "an http:// or https:// URL (the root of a Bot API server)"
DESK = "the public https:// URL of the desk, ending in /desk"
TILES = "a tile URL template such as https://tiles.example.org/{z}/{x}/{y}.png"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("TIMEZONE", "Mars/Olympus", "an IANA time zone name such as Europe/Helsinki"),
        ("ADMINS", "one,two", "a comma-separated list of Telegram user ids"),
        ("API_URL", "ftp://x", URL),
        ("API_URL", "api.telegram.org", URL),
        (
            "DATABASE_URL",
            "mysql://x",
            "sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER@HOST/DB",
        ),
        ("QUIET_HOURS", "late", "a range of hours like 21:00-08:00"),
        ("CIVIL_HOURS", "09:00-25:00", "a range of hours like 21:00-08:00"),
        ("LOG_LEVEL", "verbose", "one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ("WEBHOOK_URL", "bot.example/hook", "the public https:// URL Telegram sends updates to"),
        (
            "WEBHOOK_SECRET",
            "not secret!",
            "1-256 characters: letters, digits, _ and - (Telegram's rule)",
        ),
        ("WEBHOOK_SECRET", "", "1-256 characters: letters, digits, _ and - (Telegram's rule)"),
        ("LISTEN", "localhost:http", "HOST:PORT such as 127.0.0.1:8080, or off"),
        ("BROADCAST_PACING", "ture", BOOL),
        ("BROADCAST_PACING", "2", BOOL),
        ("BROADCAST_PACING", "", BOOL),
        ("REMINDER_AFTER_DAYS", "three", "a whole number from 1 to 60"),
        ("REMINDER_AFTER_DAYS", "3.5", "a whole number from 1 to 60"),
        ("REMINDER_AFTER_DAYS", "", "a whole number from 1 to 60"),
        ("REMINDER_AFTER_DAYS", "0", "a whole number from 1 to 60"),
        ("DESK_WORKERS", "-1", "a whole number from 0 to 16"),
        ("DESK_WORKERS", "two", "a whole number from 0 to 16"),
        ("REMINDER_AFTER_DAYS", "61", "a whole number from 1 to 60"),
        ("MAX_REMINDERS", "-1", "a whole number from 0 to 10"),
        ("MAX_REMINDERS", "11", "a whole number from 0 to 10"),
        ("ROUND_GRACE_HOURS", "337", "a whole number from 0 to 336"),
        ("GLOBAL_RATE", "fast", "a number greater than 0"),
        ("GLOBAL_RATE", "0", "a number greater than 0"),
        ("PER_CHAT_RATE", "-1", "a number greater than 0"),
        ("BROADCAST_LEASE", "nan", "a number greater than 0"),
        ("HEALTH_MAX_LAG", "5 min", "a number greater than 0"),
        ("LEADER_INTERVAL", "61", "a number greater than 0 and at most 60"),
        ("LEADER_INTERVAL", "0", "a number greater than 0 and at most 60"),
        ("DESK_URL", "http://bot.example/desk", DESK),
        ("DESK_URL", "https://bot.example/kylabot", DESK),
        ("DESK_MAX_AGE", "59", "a whole number from 60 to 604800"),
        ("DESK_MAX_AGE", "a day", "a whole number from 60 to 604800"),
        ("DESK_TILES_URL", "https://t.example/tiles.png", TILES),
    ],
)
def test_malformed_setting_gives_one_line(name: str, value: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({f"KYLABOT_{name}": value}, env_file=None)
    assert str(caught.value) == f"KYLABOT_{name} is invalid: {expected}"


def test_bounds_are_inclusive_where_they_say_so() -> None:
    settings = load_settings(
        {
            "KYLABOT_REMINDER_AFTER_DAYS": "60",
            "KYLABOT_MAX_REMINDERS": "0",
            "KYLABOT_ROUND_GRACE_HOURS": "336",
            "KYLABOT_LEADER_INTERVAL": "0.01",
        },
        env_file=None,
    )
    assert (settings.reminder_after_days, settings.max_reminders) == (60, 0)
    assert (settings.round_grace_hours, settings.leader_interval) == (336, 0.01)


def test_the_first_bad_setting_is_named_in_the_order_of_the_fields() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({"KYLABOT_MAX_REMINDERS": "x", "KYLABOT_TIMEZONE": "x"}, env_file=None)
    assert str(caught.value).startswith("KYLABOT_TIMEZONE is invalid")


def test_unknown_settings_are_ignored() -> None:
    settings = load_settings({"KYLABOT_COLOUR": "blue", "PATH": "/bin"}, env_file=None)
    assert settings == Settings()


def test_secrets_never_print() -> None:
    settings = load_settings(
        {"KYLABOT_TOKEN": "123:SECRETTOKEN", "KYLABOT_WEBHOOK_SECRET": "hook_SECRET"},
        env_file=None,
    )
    assert settings.token == Secret("123:SECRETTOKEN")
    assert settings.require_token() == "123:SECRETTOKEN"
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == "hook_SECRET"
    for shown in (repr(settings), str(settings), f"{settings.token}", repr(settings.token)):
        assert "SECRET" not in shown
    assert repr(settings.token) == "Secret('**********')"
    assert str(settings.webhook_secret) == "**********"


def test_typed_values_from_code_are_taken() -> None:
    settings = Settings.parse(
        {
            "token": Secret("1:x"),
            "admins": frozenset({5}),
            "broadcast_pacing": False,
            "round_grace_hours": 6,
            "global_rate": 3,
            "webhook_url": None,
        }
    )
    assert settings.token == Secret("1:x")
    assert settings.admins == frozenset({5})
    assert (settings.broadcast_pacing, settings.round_grace_hours) == (False, 6)
    assert settings.global_rate == 3.0 and isinstance(settings.global_rate, float)


def test_a_wrong_type_from_code_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.parse({"timezone": 3})
    assert str(caught.value) == "KYLABOT_TIMEZONE is invalid: text, not int"


def test_overrides_win_over_the_environment() -> None:
    settings = load_settings(
        {"KYLABOT_TIMEZONE": "Europe/Stockholm", "KYLABOT_MAX_REMINDERS": "4"},
        env_file=None,
        overrides={"max_reminders": 1, "admins": frozenset({7})},
    )
    assert settings.timezone == "Europe/Stockholm"
    assert (settings.max_reminders, settings.admins) == (1, frozenset({7}))


def test_a_given_environment_is_the_only_one_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KYLABOT_TIMEZONE", "Europe/Stockholm")
    assert load_settings({}, env_file=None).timezone == "Europe/Helsinki"
    assert load_settings(env_file=None).timezone == "Europe/Stockholm"


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(AttributeError):
        settings.timezone = "UTC"  # type: ignore[misc]


def test_missing_token_is_explained() -> None:
    with pytest.raises(ConfigError, match="KYLABOT_TOKEN is not set"):
        load_settings({}, env_file=None).require_token()
    with pytest.raises(ConfigError, match="KYLABOT_TOKEN is not set"):
        load_settings({"KYLABOT_TOKEN": ""}, env_file=None).require_token()


def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in __import__("os").environ if k.startswith("KYLABOT_")]:
        monkeypatch.delenv(key)


def test_env_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / ".env"
    env.write_text("# comment\nexport KYLABOT_TIMEZONE='Europe/Stockholm'\n", encoding="utf-8")
    _clean_environment(monkeypatch)
    assert load_settings(env_file=env).timezone == "Europe/Stockholm"


def test_env_file_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / ".env"
    env.write_text(
        "\n".join(
            [
                "# the bot",
                'KYLABOT_TOKEN = "1:abc"',
                "  export KYLABOT_ADMINS=1,2",
                "KYLABOT_BROADCAST_PACING=off",
                "KYLABOT_MAX_REMINDERS='4'",
                "OTHER_SETTING=ignored",
                "no equals sign here",
                "",
            ]
        ),
        encoding="utf-8",
    )
    _clean_environment(monkeypatch)
    monkeypatch.setenv("KYLABOT_MAX_REMINDERS", "5")  # the environment wins over the file
    settings = load_settings(env_file=env)
    assert settings.require_token() == "1:abc"
    assert settings.admins == frozenset({1, 2})
    assert settings.broadcast_pacing is False
    assert settings.max_reminders == 5


def test_env_file_is_not_read_with_an_explicit_environment(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("KYLABOT_TIMEZONE=Europe/Stockholm\n", encoding="utf-8")
    assert load_settings({}, env_file=env).timezone == "Europe/Helsinki"


def test_a_bad_value_in_the_env_file_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = tmp_path / ".env"
    env.write_text("KYLABOT_GLOBAL_RATE=thirty\n", encoding="utf-8")
    _clean_environment(monkeypatch)
    with pytest.raises(ConfigError) as caught:
        load_settings(env_file=env)
    assert str(caught.value) == "KYLABOT_GLOBAL_RATE is invalid: a number greater than 0"
