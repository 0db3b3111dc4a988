"""/subscribe and /unsubscribe: announcements for an area (all of Kyrgyzstan, an oblast, Bishkek or
Osh, or one rayon or city inside an oblast), chosen by buttons, in the language the resident already
reads the bot in (/lang changes it). The menu's "Announcements" button shows the current one."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.layout import places_rows
from handlers.routing import HandlerSet
from qa.service import QuestionAnswerer
from services.areas import COUNTRY, Area, find_area, places_in, regions_of
from storage.subscriptions import Subscription, SubscriptionRepo

router = HandlerSet(__name__)

LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский"}  # each language names itself


class SubscriptionStep(CallbackData, prefix="sub"):
    # Three fields, as before rayons and cities, so buttons in older messages still work: their
    # "lang" step (the language question is gone) carried the language where `place` is now.
    step: str  # show | region | place | off | lang (older buttons: treated as region)
    region: str = ""
    place: str = ""


# --- names -----------------------------------------------------------------------------------


def region_choices(regions: dict, lang: str, *, with_all: bool = True) -> list[tuple[str, str]]:
    """(id, name) of the regions: all of Kyrgyzstan, the 7 oblasts and the 2 republican cities."""
    areas = ([COUNTRY] if with_all else []) + regions_of(regions)
    return [(area.id, area.label(lang)) for area in areas]


def area_name(area: Area, regions: dict, lang: str) -> str:
    """"Аксы району (Жалал-Абад облусу)": a rayon or city with the oblast it is in."""
    if area.is_place:
        oblast = find_area(regions, area.region)
        return f"{area.label(lang)} ({oblast.label(lang)})" if oblast else area.label(lang)
    return area.label(lang)


def subscription_area(subscription: Subscription, regions: dict) -> Area | None:
    return find_area(regions, subscription.place or subscription.region)


def subscription_text(subscription: Subscription | None, regions: dict, lang: str) -> str:
    if subscription is None or not subscription.active:
        return _("You are not subscribed to announcements.", locale=lang)
    area = subscription_area(subscription, regions)
    return _("You receive announcements for: {region}. Language: {language}.", locale=lang).format(
        region=area_name(area, regions, lang) if area else subscription.region,
        language=LANGUAGE_NAMES.get(subscription.language, subscription.language),
    )


# --- keyboards -------------------------------------------------------------------------------


def regions_keyboard(regions: dict, lang: str, *, subscribed: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for region_id, name in region_choices(regions, lang):
        kb.button(text=name, callback_data=SubscriptionStep(step="region", region=region_id))
    if subscribed:
        kb.button(text="🔕 " + _("Stop announcements", locale=lang), callback_data=SubscriptionStep(step="off"))
    kb.adjust(1, 2)
    return kb.as_markup()


def places_keyboard(region: Area, places: list[Area], lang: str) -> InlineKeyboardMarkup:
    """The whole oblast first (what most people want), its rayons two a row, its cities (🏙 and the
    name, as in the complaint form) three a row, and Back to the regions, so that Chüy's sixteen
    places fit a phone screen in eight rows."""
    def choice(text: str, area: Area) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=text, callback_data=SubscriptionStep(step="place", region=region.id,
                                                                              place=area.id).pack())

    rows = [[choice("🗺 " + _("The whole {region}", locale=lang).format(region=region.label(lang)), region)]]
    rayons = [choice(p.label(lang), p) for p in places if p.kind != "city"]
    cities = [choice("🏙 " + p.name[lang], p) for p in places if p.kind == "city"]
    back = InlineKeyboardButton(text="⬅️ " + _("Back", locale=lang), callback_data=SubscriptionStep(step="show").pack())
    return InlineKeyboardMarkup(inline_keyboard=rows + places_rows(rayons, cities, back))


async def _overview(user_id: int, subscriptions: SubscriptionRepo, qa: QuestionAnswerer, lang: str):
    current = await subscriptions.get(user_id)
    text = subscription_text(current, qa.kb.regions, lang) + "\n\n" + _("Choose the region for announcements:", locale=lang)
    markup = regions_keyboard(qa.kb.regions, lang, subscribed=current is not None and current.active)
    return text, markup


# --- handlers --------------------------------------------------------------------------------


@router.message(Command("subscribe"), StateFilter("*"))
async def subscribe(message: Message, subscriptions: SubscriptionRepo, qa: QuestionAnswerer, i18n: I18n) -> None:
    text, markup = await _overview(message.from_user.id, subscriptions, qa, i18n.current_locale)
    await message.answer(text, reply_markup=markup)


@router.callback_query(SubscriptionStep.filter(F.step == "show"), StateFilter("*"))
async def show_from_menu(query: CallbackQuery, subscriptions: SubscriptionRepo, qa: QuestionAnswerer, i18n: I18n) -> None:
    text, markup = await _overview(query.from_user.id, subscriptions, qa, i18n.current_locale)
    if query.message is not None:
        await query.message.answer(text, reply_markup=markup)


@router.callback_query(SubscriptionStep.filter(F.step.in_({"region", "lang"})), StateFilter("*"))
async def region_chosen(
    query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: SubscriptionStep,
    subscriptions: SubscriptionRepo, qa: QuestionAnswerer, i18n: I18n,
) -> None:
    lang = i18n.current_locale
    region = find_area(qa.kb.regions, callback_data.region)
    if region is None or region.is_place:  # forged or from an older region list
        callback_answer.text = _("This button is out of date. Send /subscribe again.")
        callback_answer.show_alert = True
        return
    places = places_in(qa.kb.regions, region.id)
    if places and callback_data.step == "region" and query.message is not None:
        await query.message.answer(
            _("{region}: the whole oblast, or one rayon or city in it?").format(region=region.label(lang)),
            reply_markup=places_keyboard(region, places, lang),
        )
        return
    await _subscribe(query, region, subscriptions, qa, lang)


@router.callback_query(SubscriptionStep.filter(F.step == "place"), StateFilter("*"))
async def place_chosen(
    query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: SubscriptionStep,
    subscriptions: SubscriptionRepo, qa: QuestionAnswerer, i18n: I18n,
) -> None:
    area = find_area(qa.kb.regions, callback_data.place)
    if area is None or area.kind == "all" or area.region != callback_data.region:
        callback_answer.text = _("This button is out of date. Send /subscribe again.")
        callback_answer.show_alert = True
        return
    await _subscribe(query, area, subscriptions, qa, i18n.current_locale)


async def _subscribe(query: CallbackQuery, area: Area, subscriptions: SubscriptionRepo, qa: QuestionAnswerer,
                     lang: str) -> None:
    # The language is the one the resident reads the bot in; the confirmation says how to change it.
    if area.is_place:
        place_rayon = area.rayon if area.kind == "city" else None
        await subscriptions.subscribe(query.from_user.id, area.region, lang, place=area.id, place_rayon=place_rayon)
    else:
        await subscriptions.subscribe(query.from_user.id, area.region, lang)
    if query.message is not None:
        current = await subscriptions.get(query.from_user.id)
        lines = ["✅ " + subscription_text(current, qa.kb.regions, lang)]
        if area.is_place:
            lines.append(_("You will also get the announcements for the whole oblast and for all of Kyrgyzstan."))
        lines.append(_("Another language: /lang. To stop announcements: /unsubscribe"))
        await query.message.answer("\n".join(lines))


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
