"""Configuration: every malformed value stops the bot with one line naming the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import ConfigError, Settings, read_dotenv

TOKEN = "123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "BOT_TOKEN"),
        ({"BOT_TOKEN": "not-a-token"}, "BOT_TOKEN"),
        ({"BOT_TOKEN": "abc:defghijklmnopqrstuvwxyz"}, "BOT_TOKEN"),
        ({"BOT_TOKEN": TOKEN, "ADMIN_IDS": "12,abc"}, "ADMIN_IDS"),
        ({"BOT_TOKEN": TOKEN, "STAFF_IDS": "1;2"}, "STAFF_IDS"),
        ({"BOT_TOKEN": TOKEN, "STAFF_CHAT_ID": "chat"}, "STAFF_CHAT_ID"),
        ({"BOT_TOKEN": TOKEN, "BOT_MODE": "carrier-pigeon"}, "BOT_MODE"),
        ({"BOT_TOKEN": TOKEN, "BOT_MODE": "webhook"}, "WEBHOOK_BASE_URL"),
        ({"BOT_TOKEN": TOKEN, "BOT_MODE": "webhook", "WEBHOOK_BASE_URL": "https://x.kg"}, "WEBHOOK_SECRET"),
        ({"BOT_TOKEN": TOKEN, "BROADCAST_RATE": "90"}, "BROADCAST_RATE"),
        ({"BOT_TOKEN": TOKEN, "BROADCAST_RATE": "fast"}, "BROADCAST_RATE"),
        ({"BOT_TOKEN": TOKEN, "DEFAULT_LOCALE": "en"}, "DEFAULT_LOCALE"),
        ({"BOT_TOKEN": TOKEN, "WEBAPP_PORT": "70000"}, "WEBAPP_PORT"),
        ({"BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": "localhost:8081"}, "TELEGRAM_API_BASE"),
    ],
)
def test_malformed_settings_name_the_setting_in_one_line(env: dict, named: str) -> None:
    with pytest.raises(ConfigError) as error:
        Settings.from_env(env)
    message = str(error.value)
    assert named in message and "\n" not in message


def test_good_settings_are_parsed() -> None:
    s = Settings.from_env({
        "BOT_TOKEN": TOKEN, "ADMIN_IDS": "1, 2", "STAFF_IDS": "3 4", "STAFF_CHAT_ID": "-100123",
        "BOT_MODE": "WEBHOOK", "WEBHOOK_BASE_URL": "https://bot.kg/", "WEBHOOK_SECRET": "abc_DEF-1",
        "TELEGRAM_API_BASE": "http://127.0.0.1:8081/", "BROADCAST_RATE": "20", "DEFAULT_LOCALE": "ky",
    })
    assert s.admin_ids == {1, 2} and s.staff_ids == {3, 4} and s.staff_chat_id == -100123
    assert s.bot_mode == "webhook" and s.webhook_base_url == "https://bot.kg"
    assert s.telegram_api_base == "http://127.0.0.1:8081" and s.broadcast_rate == 20 and s.default_locale == "ky"


def test_the_ask_command_needs_no_token() -> None:
    assert Settings.from_env({}, require_token=False).bot_token == ""


def test_dotenv_lines(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text('# comment\nBOT_TOKEN="1:x"\nexport ADMIN_IDS=5\n\nbroken line\n', encoding="utf-8")
    assert read_dotenv(path) == {"BOT_TOKEN": "1:x", "ADMIN_IDS": "5"}


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"ADMIN_IDS": "99999999999999999999"}, "ADMIN_IDS"),
        ({"ADMIN_IDS": "5, 4503599627370496"}, "ADMIN_IDS"),  # 2**52
        ({"ADMIN_IDS": "-5"}, "ADMIN_IDS"),
        ({"STAFF_IDS": "0"}, "STAFF_IDS"),
        ({"STAFF_IDS": "1" * 400}, "STAFF_IDS"),
        ({"STAFF_CHAT_ID": "-99999999999999999999"}, "STAFF_CHAT_ID"),
        ({"STAFF_CHAT_ID": "0"}, "STAFF_CHAT_ID"),
    ],
)
def test_ids_out_of_telegrams_range_are_refused(env: dict, named: str) -> None:
    with pytest.raises(ConfigError) as error:
        Settings.from_env({"BOT_TOKEN": TOKEN, **env})
    message = str(error.value)
    assert named in message and "\n" not in message and len(message) < 200


def test_secrets_never_appear_in_repr() -> None:
    s = Settings.from_env({
        "BOT_TOKEN": TOKEN, "BOT_MODE": "webhook", "WEBHOOK_BASE_URL": "https://bot.kg",
        "WEBHOOK_SECRET": "very-secret-value", "STAFF_CHAT_ID": "-1001234567890",
    })
    text = repr(s) + str(s) + repr(s.with_changes(admin_ids=frozenset({1})))
    assert TOKEN not in text and TOKEN.split(":")[1] not in text and "very-secret-value" not in text
    assert "-1001234567890" in text  # the rest is still there to debug with
