"""Inline keyboards of the question path. Texts are rendered with gettext at build time.

Markups are built directly rather than with InlineKeyboardBuilder, whose export deep-copies
every button: on the hot path of every answer that was most of the handling time. Then each
keyboard is built once and reused: it depends only on the knowledge base (loaded once, compared by
identity), the language and a few ids, and building one means validating a pydantic model per
button and per callback payload, about a tenth of the time spent per update. Nothing edits a markup
once it is built.
"""

from __future__ import annotations

from functools import lru_cache

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import LanguageChoice, MenuNav, MoreDetails, ShowTopic, StartComplaint
from handlers.layout import paired
from handlers.subscription import SubscriptionStep
from qa.model import KnowledgeBase
from qa.service import Answer
from services.answers import has_details, shown_mask


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def column(*buttons: InlineKeyboardButton) -> list[list[InlineKeyboardButton]]:
    return [[b] for b in buttons]


KEYBOARDS_KEPT = 1024  # per function: 44 topics × 2 languages × their flags fit, and many clarify choices


@lru_cache(maxsize=1)
def language_keyboard() -> InlineKeyboardMarkup:
    # The names of the languages are the same whatever the interface language is.
    return InlineKeyboardMarkup(
        inline_keyboard=[[
            button("🇰🇬 Кыргызча", LanguageChoice(code="ky")),
            button("🇷🇺 Русский", LanguageChoice(code="ru")),
        ]]
    )


def menu_button(lang: str) -> InlineKeyboardButton:
    return button("📚 " + _("Topics", locale=lang), MenuNav(level="root"))


def complaint_button(lang: str) -> InlineKeyboardButton:
    return button("✍️ " + _("File a complaint", locale=lang), StartComplaint())


@lru_cache(maxsize=KEYBOARDS_KEPT)
def groups_keyboard(knowledge: KnowledgeBase, lang: str) -> InlineKeyboardMarkup:
    groups = [button(g.title[lang], MenuNav(level="group", id=g.id)) for g in knowledge.groups]
    announcements = button("🔔 " + _("Announcements", locale=lang), SubscriptionStep(step="show"))
    return InlineKeyboardMarkup(inline_keyboard=paired(*groups) + [[complaint_button(lang), announcements]])


@lru_cache(maxsize=KEYBOARDS_KEPT)
def topics_keyboard(knowledge: KnowledgeBase, group_id: str, lang: str) -> InlineKeyboardMarkup:
    topics = [button(e.title[lang], MenuNav(level="topic", id=e.id)) for e in knowledge.entries_in(group_id)]
    back = button("⬅️ " + _("Back", locale=lang), MenuNav(level="root"))
    return InlineKeyboardMarkup(inline_keyboard=column(*topics, back))


# Topics whose answer is about a problem a resident has: the complaint form is one tap away.
COMPLAINT_GROUPS = ("complaints",)
RELATED_SHOWN = 2


def answer_keyboard(knowledge: KnowledgeBase, answer: Answer, *, in_menu: bool = False) -> InlineKeyboardMarkup:
    """Under every answer: "More" when there is more, 1–2 related topics, the complaint form for a
    topic about complaints, back (in the menu), the menu."""
    assert answer.entry is not None
    mask = shown_mask(answer) if has_details(answer) else -1
    return _answer_keyboard(knowledge, answer.entry.id, answer.lang, mask, in_menu)


def topic_keyboard(knowledge: KnowledgeBase, entry_id: str, lang: str) -> InlineKeyboardMarkup:
    """Under the "More" message: related topics and the menu, no "More"."""
    return _answer_keyboard(knowledge, entry_id, lang, -1, False)


@lru_cache(maxsize=KEYBOARDS_KEPT)
def _answer_keyboard(
    knowledge: KnowledgeBase, entry_id: str, lang: str, more_mask: int, in_menu: bool
) -> InlineKeyboardMarkup:
    entry = knowledge.entry(entry_id)
    rows = []
    if more_mask >= 0:
        rows.append([button("➕ " + _("More", locale=lang), MoreDetails(id=entry.id, shown=more_mask, lang=lang))])
    if entry.group in COMPLAINT_GROUPS:
        rows.append([complaint_button(lang)])
    for related_id in entry.related[:RELATED_SHOWN]:
        related = knowledge.entry(related_id)
        if related is not None:
            rows.append([button("🔗 " + related.title[lang], ShowTopic(id=related.id, lang=lang))])
    if in_menu:
        back = button("⬅️ " + _("Back", locale=lang), MenuNav(level="group", id=entry.group))
        rows.append([back, menu_button(lang)])
    else:
        rows.append([menu_button(lang)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


@lru_cache(maxsize=KEYBOARDS_KEPT)
def decline_keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=column(menu_button(lang), complaint_button(lang)))


def clarify_keyboard(knowledge: KnowledgeBase, answer: Answer) -> InlineKeyboardMarkup:
    return _clarify_keyboard(knowledge, answer.alternatives, answer.lang)


@lru_cache(maxsize=KEYBOARDS_KEPT)
def _clarify_keyboard(knowledge: KnowledgeBase, alternatives: tuple[str, ...], lang: str) -> InlineKeyboardMarkup:
    topics = [
        button(entry.title[lang], MenuNav(level="topic", id=entry.id))
        for topic_id in alternatives
        if (entry := knowledge.entry(topic_id)) is not None
    ]
    return InlineKeyboardMarkup(inline_keyboard=column(*topics, menu_button(lang)))


def reply_keyboard(knowledge: KnowledgeBase, answer: Answer) -> InlineKeyboardMarkup:
    """The buttons under the reply to a free-text question, whatever kind of reply it is."""
    if answer.kind == "answer":
        return answer_keyboard(knowledge, answer)
    if answer.kind in ("clarify", "unsure"):
        return clarify_keyboard(knowledge, answer)
    if answer.kind in ("greeting", "thanks"):
        return groups_keyboard(knowledge, answer.lang)
    return decline_keyboard(answer.lang)
