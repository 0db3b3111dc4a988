"""/start, /lang, /help, /cancel: greeting, language choice, what the bot can do."""

from __future__ import annotations

from aiogram import Bot, F
from aiogram.filters import Command, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.callbacks import LanguageChoice
from handlers.keyboards import groups_keyboard, language_keyboard
from middlewares.user import telegram_language
from qa.service import QuestionAnswerer
from services.bot_profile import refresh_staff_menu
from storage.users import User, UserRepo
from handlers.routing import HandlerSet

router = HandlerSet(__name__)


def greeting_in_both_languages() -> str:
    # Shown before the user has chosen a language, so it is sent in both at once.
    return "\n\n".join(
        _("Hello! I am Kenesh, a bot about local self-government in Kyrgyzstan.", locale=lang)
        + " "
        + _("Choose the language of the bot.", locale=lang)
        for lang in ("ky", "ru")
    )


def help_text() -> str:
    return _(
        "I answer questions about local self-government: local keneshes, aiyl okmotus, "
        "mayors' offices, who appoints whom, and where to complain. Every answer names its law "
        "and article.\n\n"
        "Just write your question, in Kyrgyz or Russian.\n"
        "/menu: browse the topics\n"
        "/complaint: file a complaint or an application\n"
        "/my: your complaints and their status\n"
        "/subscribe: announcements for your region\n"
        "/lang: change the language\n"
        "/cancel: stop what you are doing"
    )


def start_language(user: User | None, message: Message) -> str | None:
    """The language to greet in: the one chosen before, else Telegram's when it is ky or ru, else None (ask)."""
    if user is not None and user.language_chosen and user.language:
        return user.language
    return telegram_language(message.from_user)


@router.message(CommandStart(), StateFilter("*"))
async def start(message: Message, state: FSMContext, user: User | None, users: UserRepo, i18n: I18n,
                qa: QuestionAnswerer) -> None:
    # /start in the middle of a form keeps the form: the user can go on or /cancel it.
    lang = start_language(user, message)
    if lang is None:  # Telegram speaks neither of our languages: ask, in both
        await message.answer(greeting_in_both_languages(), reply_markup=language_keyboard())
        return
    if user is not None and not user.language_chosen:
        await users.set_language(message.from_user.id, lang)
    with i18n.use_locale(lang):
        await message.answer(
            _("Hello! I am Kenesh, a bot about local self-government in Kyrgyzstan.") + " "
            + _("Write your question in your own words, or choose a topic below. Another language: /lang"),
            reply_markup=groups_keyboard(qa.kb, lang),
        )


@router.message(Command("lang"), StateFilter("*"))
async def choose_language(message: Message) -> None:
    await message.answer(_("Choose the language of the bot."), reply_markup=language_keyboard())


@router.callback_query(LanguageChoice.filter(F.code.in_({"ky", "ru"})), StateFilter("*"))
async def language_chosen(
    query: CallbackQuery, callback_data: LanguageChoice, users: UserRepo, i18n: I18n, qa: QuestionAnswerer,
    bot: Bot, user: User | None = None,
) -> None:
    lang = callback_data.code
    await users.set_language(query.from_user.id, lang)
    if user is not None and user.is_staff:  # their own command menu follows the language
        await refresh_staff_menu(bot, user.id, user.role, lang)
    with i18n.use_locale(lang):
        if query.message is not None:
            await query.message.answer(
                # NOTE: each language names itself: "The bot now speaks Kyrgyz" / "...Russian".
                _("The bot now speaks your language.") + "\n\n" + help_text(),
                reply_markup=groups_keyboard(qa.kb, lang),
            )


@router.message(Command("help"), StateFilter("*"))
async def show_help(message: Message) -> None:
    await message.answer(help_text())


@router.message(Command("cancel"), StateFilter("*"))
async def cancel(message: Message, state: FSMContext) -> None:
    if await state.get_state() is None:
        await message.answer(_("There is nothing to cancel. Ask a question or open /menu."))
        return
    await state.clear()
    await message.answer(_("Cancelled."))
