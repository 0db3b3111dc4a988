"""Inline keyboards of the question path. Texts are rendered with gettext at build time."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.callbacks import LanguageChoice, MenuNav, StartComplaint
from handlers.subscription import SubscriptionStep
from qa.model import KnowledgeBase
from qa.service import Answer


def language_keyboard() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    # The names of the languages are the same whatever the interface language is.
    kb.button(text="🇰🇬 Кыргызча", callback_data=LanguageChoice(code="ky"))
    kb.button(text="🇷🇺 Русский", callback_data=LanguageChoice(code="ru"))
    kb.adjust(2)
    return kb.as_markup()


def menu_button_row(kb: InlineKeyboardBuilder, lang: str) -> None:
    kb.button(text="📚 " + _("Topics", locale=lang), callback_data=MenuNav(level="root"))


def groups_keyboard(knowledge: KnowledgeBase, lang: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for group in knowledge.groups:
        kb.button(text=group.title[lang], callback_data=MenuNav(level="group", id=group.id))
    kb.button(text="✍️ " + _("File a complaint", locale=lang), callback_data=StartComplaint())
    kb.button(text="🔔 " + _("Announcements", locale=lang), callback_data=SubscriptionStep(step="show"))
    kb.adjust(1)
    return kb.as_markup()


def topics_keyboard(knowledge: KnowledgeBase, group_id: str, lang: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for entry in knowledge.entries_in(group_id):
        kb.button(text=entry.title[lang], callback_data=MenuNav(level="topic", id=entry.id))
    kb.button(text="⬅️ " + _("Back", locale=lang), callback_data=MenuNav(level="root"))
    kb.adjust(1)
    return kb.as_markup()


def answer_keyboard(
    knowledge: KnowledgeBase, answer: Answer, *, showing_more: bool = False, in_menu: bool = False
) -> InlineKeyboardMarkup:
    """Under every answer: "More" when there is more, related topics, back, the menu."""
    lang = answer.lang
    entry = answer.entry
    assert entry is not None
    kb = InlineKeyboardBuilder()
    widths = []
    if entry.more.get(lang) and not showing_more:
        kb.button(text="➕ " + _("More", locale=lang), callback_data=MenuNav(level="more", id=entry.id))
        widths.append(1)
    for related_id in entry.related[:3]:
        related = knowledge.entry(related_id)
        if related is not None:
            kb.button(text="🔗 " + related.title[lang], callback_data=MenuNav(level="topic", id=related.id))
            widths.append(1)
    if in_menu:
        kb.button(text="⬅️ " + _("Back", locale=lang), callback_data=MenuNav(level="group", id=entry.group))
        menu_button_row(kb, lang)
        widths.append(2)
    else:
        menu_button_row(kb, lang)
        widths.append(1)
    kb.adjust(*widths)
    return kb.as_markup()


def decline_keyboard(lang: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    menu_button_row(kb, lang)
    kb.button(text="✍️ " + _("File a complaint", locale=lang), callback_data=StartComplaint())
    kb.adjust(1)
    return kb.as_markup()


def clarify_keyboard(knowledge: KnowledgeBase, answer: Answer) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for topic_id in answer.alternatives:
        entry = knowledge.entry(topic_id)
        if entry is not None:
            kb.button(text=entry.title[answer.lang], callback_data=MenuNav(level="topic", id=entry.id))
    menu_button_row(kb, answer.lang)
    kb.adjust(1)
    return kb.as_markup()


def reply_keyboard(knowledge: KnowledgeBase, answer: Answer) -> InlineKeyboardMarkup:
    """The buttons under the reply to a free-text question, whatever kind of reply it is."""
    if answer.kind == "answer":
        return answer_keyboard(knowledge, answer)
    if answer.kind == "clarify":
        return clarify_keyboard(knowledge, answer)
    if answer.kind in ("greeting", "thanks"):
        return groups_keyboard(knowledge, answer.lang)
    return decline_keyboard(answer.lang)
