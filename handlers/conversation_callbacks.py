"""Callback data of the conversation buttons (short prefixes: Telegram allows 64 bytes).

`ref` is the 8-character reference of a reply kept by services.conversation.Conversation, so the
question itself never travels in callback data.
"""

from aiogram.filters.callback_data import CallbackData


class Feedback(CallbackData, prefix="fb"):
    """👍 / 👎 under an answer. vote: up | down."""

    vote: str
    ref: str


class AskStaff(CallbackData, prefix="ask"):
    """Sending a question to staff. action: offer (show what is sent) | send (consent given) | no."""

    action: str
    ref: str


class WhereToTurn(CallbackData, prefix="where"):
    """"Where else to turn" under the reply to a problem: the where-to-complain answer, as a new message."""
