"""/subscribe and /unsubscribe: announcements for a region (all of Kyrgyzstan, an oblast, Bishkek or
Osh) in Kyrgyz or Russian, chosen by buttons. The menu's "Announcements" button shows the current one."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram.utils.callback_answer import CallbackAnswer

from qa.service import QuestionAnswerer
from storage.subscriptions import ALL_REGIONS, Subscription, SubscriptionRepo
from handlers.routing import HandlerSet

router = HandlerSet(__name__)

LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский"}  # each language names itself


class SubscriptionStep(CallbackData, prefix="sub"):
    step: str  # show | region | lang | off
    region: str = ""
    lang: str = ""


# --- regions -------------------------------------------------------------------------------


def region_choices(regions: dict, lang: str, *, with_all: bool = True) -> list[tuple[str, str]]:
    """(id, name) of the regions one can subscribe to: the 7 oblasts and the 2 republican cities."""
    choices = [(ALL_REGIONS, _("All of Kyrgyzstan", locale=lang))] if with_all else []
    choices += [(oblast["id"], oblast["name"][lang]) for oblast in regions.get("oblasts") or ()]
    choices += [
        (city["id"], _("{name} city", locale=lang).format(name=city["name"][lang]))
        for city in regions.get("republican_cities") or ()
    ]
    return choices


def region_name(regions: dict, region_id: str, lang: str) -> str | None:
    return dict(region_choices(regions, lang)).get(region_id)


def subscription_text(subscription: Subscription | None, regions: dict, lang: str) -> str:
    if subscription is None or not subscription.active:
        return _("You are not subscribed to announcements.", locale=lang)
    return _("You receive announcements for: {region}. Language: {language}.", locale=lang).format(
        region=region_name(regions, subscription.region, lang) or subscription.region,
        language=LANGUAGE_NAMES.get(subscription.language, subscription.language),
    )


def regions_keyboard(regions: dict, lang: str, *, subscribed: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for region_id, name in region_choices(regions, lang):
        kb.button(text=name, callback_data=SubscriptionStep(step="region", region=region_id))
    if subscribed:
        kb.button(text="🔕 " + _("Stop announcements", locale=lang), callback_data=SubscriptionStep(step="off"))
    kb.adjust(1, 2)
    return kb.as_markup()


def languages_keyboard(region_id: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for code, name in LANGUAGE_NAMES.items():
        kb.button(text=name, callback_data=SubscriptionStep(step="lang", region=region_id, lang=code))
    kb.adjust(2)
    return kb.as_markup()


async def _overview(user_id: int, subscriptions: SubscriptionRepo, qa: QuestionAnswerer, lang: str):
    current = await subscriptions.get(user_id)
    text = subscription_text(current, qa.kb.regions, lang) + "\n\n" + _("Choose the region for announcements:", locale=lang)
    markup = regions_keyboard(qa.kb.regions, lang, subscribed=current is not None and current.active)
    return text, markup


# --- handlers ------------------------------------------------------------------------------


@router.message(Command("subscribe"), StateFilter("*"))
async def subscribe(message: Message, subscriptions: SubscriptionRepo, qa: QuestionAnswerer, i18n: I18n) -> None:
    text, markup = await _overview(message.from_user.id, subscriptions, qa, i18n.current_locale)
    await message.answer(text, reply_markup=markup)


@router.callback_query(SubscriptionStep.filter(F.step == "show"), StateFilter("*"))
async def show_from_menu(query: CallbackQuery, subscriptions: SubscriptionRepo, qa: QuestionAnswerer, i18n: I18n) -> None:
    text, markup = await _overview(query.from_user.id, subscriptions, qa, i18n.current_locale)
    if query.message is not None:
        await query.message.answer(text, reply_markup=markup)


@router.callback_query(SubscriptionStep.filter(F.step == "region"), StateFilter("*"))
async def region_chosen(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: SubscriptionStep, qa: QuestionAnswerer, i18n: I18n) -> None:
    name = region_name(qa.kb.regions, callback_data.region, i18n.current_locale)
    if name is None:  # forged or from an older region list
        callback_answer.text = _("This button is out of date. Send /subscribe again.")
        callback_answer.show_alert = True
        return
    if query.message is not None:
        await query.message.answer(
            _("Region: {region}. In which language should announcements come?").format(region=name),
            reply_markup=languages_keyboard(callback_data.region),
        )


@router.callback_query(SubscriptionStep.filter(F.step == "lang"), StateFilter("*"))
async def language_chosen(
    query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: SubscriptionStep, subscriptions: SubscriptionRepo, qa: QuestionAnswerer, i18n: I18n
) -> None:
    lang = i18n.current_locale
    if region_name(qa.kb.regions, callback_data.region, lang) is None or callback_data.lang not in LANGUAGE_NAMES:
        callback_answer.text = _("This button is out of date. Send /subscribe again.")
        callback_answer.show_alert = True
        return
    await subscriptions.subscribe(query.from_user.id, callback_data.region, callback_data.lang)
    if query.message is not None:
        current = await subscriptions.get(query.from_user.id)
        await query.message.answer(
            "✅ " + subscription_text(current, qa.kb.regions, lang) + "\n" + _("To stop them: /unsubscribe")
        )


@router.callback_query(SubscriptionStep.filter(F.step == "off"), StateFilter("*"))
async def unsubscribe_button(query: CallbackQuery, subscriptions: SubscriptionRepo) -> None:
    if query.message is not None:
        await query.message.answer(await _unsubscribe(query.from_user.id, subscriptions))


@router.message(Command("unsubscribe"), StateFilter("*"))
async def unsubscribe(message: Message, subscriptions: SubscriptionRepo) -> None:
    await message.answer(await _unsubscribe(message.from_user.id, subscriptions))


async def _unsubscribe(user_id: int, subscriptions: SubscriptionRepo) -> str:
    if await subscriptions.unsubscribe(user_id):
        return _("You will no longer receive announcements. To subscribe again: /subscribe")
    return _("You are not subscribed to announcements. To subscribe: /subscribe")
