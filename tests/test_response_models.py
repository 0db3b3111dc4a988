"""Bot API response models stay built across garbage collections (see services/response_models)."""

from __future__ import annotations

import gc
import weakref

from aiogram.methods.base import Response

from bot import build_bot
from config import Settings
from services.response_models import USED_METHODS
from tests.helpers import ALLOWED_METHODS, BOT_TOKEN, RecordingSession


def test_every_allowed_method_is_kept() -> None:
    assert {method.__api_method__ for method in USED_METHODS} == ALLOWED_METHODS


def test_response_models_survive_a_full_collection() -> None:
    build_bot(Settings(bot_token=BOT_TOKEN), session=RecordingSession())
    models = [weakref.ref(Response[method.__returning__]) for method in USED_METHODS]
    gc.collect()  # without the bot's references pydantic's weak cache would lose them here
    assert all(model() is not None for model in models)
