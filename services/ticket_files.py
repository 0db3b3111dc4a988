"""A ticket's file sent to a chat by its Telegram file id (no download, no upload: Telegram keeps the file),
with the Bot API method its kind needs. The staff card and the outbox both send files this way."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import Message


async def send_file(bot: Bot, chat_id: int, kind: str, file_id: str, caption: str | None) -> Message:
    """Send the file; a kind not known here goes as a document (Telegram shows any file so)."""
    if kind == "photo":
        return await bot.send_photo(chat_id, file_id, caption=caption)
    if kind == "voice":
        return await bot.send_voice(chat_id, file_id, caption=caption)
    if kind == "video_note":
        return await bot.send_video_note(chat_id, file_id)  # a video note takes no caption
    return await bot.send_document(chat_id, file_id, caption=caption)
