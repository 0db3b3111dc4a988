"""Settings, built once from the environment (and a `.env` file if present).

This is the only module that reads environment variables. A missing or malformed value raises
`ConfigError` with one line that names the setting; `bot.py` prints it and exits.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LOCALES = ("ky", "ru")
BOT_MODES = ("polling", "webhook")
TELEGRAM_BULK_LIMIT = 30  # messages per second, Telegram's documented bulk ceiling
_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
# Telegram user and chat ids fit in 52 bits (Bot API docs); anything larger is a typo, and would
# not fit SQLite's INTEGER either.
TELEGRAM_ID_LIMIT = 2**52


class ConfigError(Exception):
    """One clear line naming the setting that is wrong."""


@dataclass(frozen=True)
class Settings:
    # Secrets stay out of repr() and so out of logs and tracebacks.
    bot_token: str = field(default="", repr=False)
    telegram_api_base: str | None = None
    database_path: Path = ROOT / "data" / "kenesh.db"
    knowledge_dir: Path = ROOT / "knowledge"
    locales_dir: Path = ROOT / "locales"
    admin_ids: frozenset[int] = frozenset()
    staff_ids: frozenset[int] = frozenset()
    staff_chat_id: int | None = None
    default_locale: str = "ru"
    bot_mode: str = "polling"
    webhook_base_url: str = ""
    webhook_path: str = "/telegram/webhook"
    webhook_secret: str = field(default="", repr=False)
    webapp_host: str = "127.0.0.1"
    webapp_port: int = 8080
    broadcast_rate: float = 25.0
    complaint_answer_days: int = 14
    complaint_daily_limit: int = 5
    complaint_reminder_minutes: int = 30  # how often staff reminders are checked; 0 turns them off
    question_log_days: int = 180  # declined, unsure and rated questions are kept this long for the editors
    org_name: str = ""  # who announcements come from: "Кыргызча аты | Русское название", or one name for both
    # The staff web console (web/): off when web_port is None (WEB_PORT set empty). Built directly,
    # Settings has it off; from the environment it defaults to 127.0.0.1:8090.
    web_host: str = "127.0.0.1"
    web_port: int | None = None
    web_base_url: str = ""  # the address staff open, for the sign-in links; default http://host:port

    @property
    def web_enabled(self) -> bool:
        return self.web_port is not None

    @property
    def web_url(self) -> str:
        return self.web_base_url or f"http://{self.web_host}:{self.web_port}"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, *, require_token: bool = True) -> Settings:
        env = dict(os.environ if environ is None else environ)
        if environ is None:
            for key, value in read_dotenv(ROOT / ".env").items():
                env.setdefault(key, value)
        return _parse(env, require_token=require_token)

    def with_changes(self, **changes) -> Settings:
        return replace(self, **changes)


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; `#` comments and blank lines skipped; optional quotes stripped."""
    if not path.is_file():
        return {}
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def _parse(env: dict[str, str], *, require_token: bool) -> Settings:
    def get(name: str) -> str:
        return env.get(name, "").strip()

    token = get("BOT_TOKEN")
    if not token and require_token:
        raise ConfigError(
            "BOT_TOKEN is not set: put BOT_TOKEN=<token from @BotFather> in the environment or in .env; "
            'to try the bot offline without Telegram run: python bot.py ask "мэрди ким дайындайт?"'
        )
    if token and not _TOKEN_RE.match(token):
        raise ConfigError("BOT_TOKEN is malformed: expected <digits>:<token>, as @BotFather gives it")

    mode = get("BOT_MODE").lower() or "polling"
    if mode not in BOT_MODES:
        raise ConfigError(f"BOT_MODE must be one of {', '.join(BOT_MODES)}, not {mode!r}")

    locale = get("DEFAULT_LOCALE").lower() or "ru"
    if locale not in LOCALES:
        raise ConfigError(f"DEFAULT_LOCALE must be one of {', '.join(LOCALES)}, not {locale!r}")

    api_base = get("TELEGRAM_API_BASE") or None
    if api_base and not re.match(r"^https?://[^\s/]+", api_base):
        raise ConfigError("TELEGRAM_API_BASE must be an http(s) URL, e.g. http://127.0.0.1:8081")

    settings = Settings(
        bot_token=token,
        telegram_api_base=api_base.rstrip("/") if api_base else None,
        database_path=Path(get("DATABASE_PATH") or ROOT / "data" / "kenesh.db"),
        admin_ids=_id_set(env, "ADMIN_IDS"),
        staff_ids=_id_set(env, "STAFF_IDS"),
        staff_chat_id=_optional_int(env, "STAFF_CHAT_ID"),
        default_locale=locale,
        bot_mode=mode,
        webhook_base_url=get("WEBHOOK_BASE_URL").rstrip("/"),
        webhook_path=get("WEBHOOK_PATH") or "/telegram/webhook",
        webhook_secret=get("WEBHOOK_SECRET"),
        webapp_host=get("WEBAPP_HOST") or "127.0.0.1",
        webapp_port=_int(env, "WEBAPP_PORT", 8080, low=1, high=65535),
        broadcast_rate=_float(env, "BROADCAST_RATE", 25.0, low=0.1, high=TELEGRAM_BULK_LIMIT),
        complaint_answer_days=_int(env, "COMPLAINT_ANSWER_DAYS", 14, low=1, high=90),
        complaint_daily_limit=_int(env, "COMPLAINT_DAILY_LIMIT", 5, low=1, high=1000),
        complaint_reminder_minutes=_int(env, "COMPLAINT_REMINDER_MINUTES", 30, low=0, high=1440),
        question_log_days=_int(env, "QUESTION_LOG_DAYS", 180, low=1, high=3650),
        org_name=get("ORG_NAME"),
        web_host=get("WEB_HOST") or "127.0.0.1",
        # Unset: the default port; set but empty: the console is off.
        web_port=_int(env, "WEB_PORT", 8090, low=1, high=65535) if get("WEB_PORT") or "WEB_PORT" not in env else None,
        web_base_url=get("WEB_BASE_URL").rstrip("/"),
    )
    if settings.web_base_url and not re.match(r"^https?://[^\s/]+", settings.web_base_url):
        raise ConfigError("WEB_BASE_URL must be an http(s) URL, e.g. https://kenesh.example.kg")
    if mode == "webhook":
        _check_webhook(settings)
    return settings


def _check_webhook(s: Settings) -> None:
    if not re.match(r"^https?://[^\s/]+", s.webhook_base_url):
        raise ConfigError("WEBHOOK_BASE_URL must be set to the public https URL when BOT_MODE=webhook")
    if not s.webhook_path.startswith("/"):
        raise ConfigError("WEBHOOK_PATH must start with /")
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", s.webhook_secret):
        raise ConfigError(
            "WEBHOOK_SECRET must be set when BOT_MODE=webhook: 1-256 characters of A-Z a-z 0-9 _ -"
        )


def _id_set(env: dict[str, str], name: str) -> frozenset[int]:
    raw = env.get(name, "").strip()
    if not raw:
        return frozenset()
    ids = set()
    for part in re.split(r"[,\s]+", raw):
        if not part:
            continue
        if not re.fullmatch(r"\d{1,16}", part) or not 0 < int(part) < TELEGRAM_ID_LIMIT:
            raise ConfigError(f"{name} must be a comma-separated list of Telegram user ids "
                              f"(positive numbers below 2^52), got {part[:30]!r}")
        ids.add(int(part))
    return frozenset(ids)


def _optional_int(env: dict[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"-?\d{1,16}", raw) or not 0 < abs(int(raw)) < TELEGRAM_ID_LIMIT:
        raise ConfigError(f"{name} must be a numeric Telegram chat id (below 2^52 in size), got {raw[:30]!r}")
    return int(raw)


def _int(env: dict[str, str], name: str, default: int, *, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"\d+", raw) or not low <= int(raw) <= high:
        raise ConfigError(f"{name} must be a whole number from {low} to {high}, got {raw!r}")
    return int(raw)


def _float(env: dict[str, str], name: str, default: float, *, low: float, high: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise ConfigError(f"{name} must be a number from {low:g} to {high:g} (messages per second), got {raw!r}")
    return value
