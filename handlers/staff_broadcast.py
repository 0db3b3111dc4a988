"""/broadcast (compose, preview, send now or schedule) and /broadcasts (pause, resume, cancel), for
the announcer and admin roles. The role is checked on the router and again in every button."""

from __future__ import annotations

import html

from aiogram import Bot, F
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram.utils.callback_answer import CallbackAnswer

from handlers.filters import HasRole
from handlers.subscription import LANGUAGE_NAMES, region_choices, region_name
from qa.service import QuestionAnswerer
from services.broadcaster import PHOTO_CAPTION_LIMIT, TEXT_LIMIT, Broadcaster, announcement_body
from services.scheduler import format_bishkek_time, parse_bishkek_time
from storage.broadcasts import Broadcast
from storage.subscriptions import Audience, SubscriptionRepo
from storage.users import User
from handlers.callbacks import RowId
from handlers.routing import HandlerSet

ANNOUNCER_ROLES = ("announcer", "admin")
FOOTER_ROOM = 100  # characters kept free for the "how to stop" line under the text

router = HandlerSet(__name__)
router.message.filter(HasRole(*ANNOUNCER_ROLES))
router.callback_query.filter(HasRole(*ANNOUNCER_ROLES))


class Compose(StatesGroup):
    text_ky = State()
    text_ru = State()
    photo = State()
    audience = State()
    confirm = State()
    schedule = State()


class ComposeStep(CallbackData, prefix="bcc"):
    action: str  # skip | nophoto | aud | reg | lng | now | sched | stop
    value: str = ""


class BroadcastControl(CallbackData, prefix="bcl"):
    action: str  # pause | resume | cancel
    id: RowId


def may_announce(user: User | None) -> bool:
    return user is not None and user.role in ANNOUNCER_ROLES


def _button(text: str, action: str, value: str = "") -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=text, callback_data=ComposeStep(action=action, value=value))
    return kb.as_markup()


def _text_limit(has_photo: bool) -> int:
    return (PHOTO_CAPTION_LIMIT if has_photo else TEXT_LIMIT) - FOOTER_ROOM


def audience_text(audience: Audience, regions: dict, lang: str) -> str:
    if audience.kind == "region":
        return _("subscribers in: {region}", locale=lang).format(region=region_name(regions, audience.value, lang))
    if audience.kind == "language":
        return _("subscribers who read {language}", locale=lang).format(language=LANGUAGE_NAMES[audience.value])
    return _("all subscribers", locale=lang)


# --- composing -------------------------------------------------------------------------------


@router.message(Command("broadcast"), StateFilter("*"))
async def start_compose(message: Message, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(Compose.text_ky)
    await message.answer(
        _("New announcement. Send its text in Kyrgyz, or press Skip to write it only in Russian.")
        + "\n" + _("/cancel stops it."),
        reply_markup=_button("⏭ " + _("Skip"), "skip"),
    )


@router.message(StateFilter(Compose.text_ky), F.text, ~F.text.startswith("/"))
async def got_text_ky(message: Message, state: FSMContext) -> None:
    if len(message.text) > _text_limit(False):
        await message.answer(_("The text is too long: at most {n} characters.").format(n=_text_limit(False)))
        return
    await state.update_data(text_ky=message.text)
    await ask_text_ru(message, state)


@router.callback_query(StateFilter(Compose.text_ky), ComposeStep.filter(F.action == "skip"))
async def skip_text_ky(query: CallbackQuery, state: FSMContext, user: User | None) -> None:
    if not may_announce(user):
        return
    await state.update_data(text_ky=None)
    await ask_text_ru(query.message, state)


async def ask_text_ru(message: Message, state: FSMContext) -> None:
    await state.set_state(Compose.text_ru)
    await message.answer(
        _("Now the text in Russian, or press Skip to send only the Kyrgyz one."),
        reply_markup=_button("⏭ " + _("Skip"), "skip"),
    )


@router.message(StateFilter(Compose.text_ru), F.text, ~F.text.startswith("/"))
async def got_text_ru(message: Message, state: FSMContext) -> None:
    if len(message.text) > _text_limit(False):
        await message.answer(_("The text is too long: at most {n} characters.").format(n=_text_limit(False)))
        return
    await state.update_data(text_ru=message.text)
    await ask_photo(message, state)


@router.callback_query(StateFilter(Compose.text_ru), ComposeStep.filter(F.action == "skip"))
async def skip_text_ru(query: CallbackQuery, state: FSMContext, user: User | None) -> None:
    if not may_announce(user):
        return
    await state.update_data(text_ru=None)
    if not (await state.get_data()).get("text_ky"):
        # Neither language: start again from the Kyrgyz text.
        await state.set_state(Compose.text_ky)
        await query.message.answer(
            _("An announcement needs a text in at least one language. Send the text in Kyrgyz."),
            reply_markup=_button("⏭ " + _("Skip"), "skip"),
        )
        return
    await ask_photo(query.message, state)


async def ask_photo(message: Message, state: FSMContext) -> None:
    await state.set_state(Compose.photo)
    await message.answer(
        _("Add a photo? Send it, or press No photo."), reply_markup=_button("🚫 " + _("No photo"), "nophoto")
    )


@router.message(StateFilter(Compose.photo), F.photo)
async def got_photo(message: Message, state: FSMContext) -> None:
    data = await state.get_data()
    limit = _text_limit(True)
    if any(len(data.get(key) or "") > limit for key in ("text_ky", "text_ru")):
        await message.answer(
            _("Under a photo the text may have at most {n} characters. Press No photo, or /broadcast to write a shorter text.").format(n=limit),
            reply_markup=_button("🚫 " + _("No photo"), "nophoto"),
        )
        return
    await state.update_data(photo=message.photo[-1].file_id)
    await ask_audience(message, state)


@router.message(StateFilter(Compose.photo), ~F.text.startswith("/"))
async def not_a_photo(message: Message) -> None:
    await message.answer(_("Send a photo, or press No photo."), reply_markup=_button("🚫 " + _("No photo"), "nophoto"))


@router.callback_query(StateFilter(Compose.photo), ComposeStep.filter(F.action == "nophoto"))
async def no_photo(query: CallbackQuery, state: FSMContext, user: User | None) -> None:
    if not may_announce(user):
        return
    await state.update_data(photo=None)
    await ask_audience(query.message, state)


async def ask_audience(message: Message, state: FSMContext) -> None:
    await state.set_state(Compose.audience)
    kb = InlineKeyboardBuilder()
    kb.button(text="👥 " + _("All subscribers"), callback_data=ComposeStep(action="aud", value="all"))
    kb.button(text="📍 " + _("One region"), callback_data=ComposeStep(action="aud", value="region"))
    kb.button(text="🗣 " + _("One language"), callback_data=ComposeStep(action="aud", value="language"))
    kb.adjust(1)
    await message.answer(_("Who should receive it?"), reply_markup=kb.as_markup())


@router.callback_query(StateFilter(Compose.audience), ComposeStep.filter(F.action == "aud"))
async def audience_kind(
    query: CallbackQuery, callback_data: ComposeStep, state: FSMContext, user: User | None, bot: Bot,
    qa: QuestionAnswerer, subscriptions: SubscriptionRepo, i18n: I18n,
) -> None:
    if not may_announce(user):
        return
    kb = InlineKeyboardBuilder()
    if callback_data.value == "region":
        for region_id, name in region_choices(qa.kb.regions, i18n.current_locale, with_all=False):
            kb.button(text=name, callback_data=ComposeStep(action="reg", value=region_id))
        kb.adjust(2)
        await query.message.answer(_("Which region?"), reply_markup=kb.as_markup())
    elif callback_data.value == "language":
        for code, name in LANGUAGE_NAMES.items():
            kb.button(text=name, callback_data=ComposeStep(action="lng", value=code))
        kb.adjust(2)
        await query.message.answer(_("Subscribers of which language?"), reply_markup=kb.as_markup())
    else:
        await show_preview(query.message, state, Audience("all"), bot, qa, subscriptions, i18n)


@router.callback_query(StateFilter(Compose.audience), ComposeStep.filter(F.action.in_({"reg", "lng"})))
async def audience_value(
    query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: ComposeStep, state: FSMContext, user: User | None, bot: Bot,
    qa: QuestionAnswerer, subscriptions: SubscriptionRepo, i18n: I18n,
) -> None:
    if not may_announce(user):
        return
    if callback_data.action == "reg":
        valid = region_name(qa.kb.regions, callback_data.value, i18n.current_locale) is not None
        audience = Audience("region", callback_data.value)
    else:
        valid = callback_data.value in LANGUAGE_NAMES
        audience = Audience("language", callback_data.value)
    if not valid or callback_data.value == "all":
        callback_answer.text = _("This button is out of date.")
        callback_answer.show_alert = True
        return
    await show_preview(query.message, state, audience, bot, qa, subscriptions, i18n)


def preview_languages(data: dict, audience: Audience) -> list[str]:
    """The language versions recipients will get (a one-language text goes to everyone as it is)."""
    written = [lang for lang in ("ky", "ru") if data.get(f"text_{lang}")]
    if len(written) == 2 and audience.kind == "language":
        return [audience.value]
    return written


async def show_preview(
    message: Message, state: FSMContext, audience: Audience, bot: Bot,
    qa: QuestionAnswerer, subscriptions: SubscriptionRepo, i18n: I18n,
) -> None:
    await state.update_data(audience=audience.kind, audience_value=audience.value)
    await state.set_state(Compose.confirm)
    data = await state.get_data()
    chat_id = message.chat.id
    await message.answer(_("Preview: recipients will see exactly this."))
    for lang in preview_languages(data, audience):
        body = announcement_body(data[f"text_{lang}"], lang)
        if data.get("photo"):
            await bot.send_photo(chat_id, data["photo"], caption=body)
        else:
            await bot.send_message(chat_id, body)
    count = await subscriptions.count(audience)
    kb = InlineKeyboardBuilder()
    kb.button(text="🚀 " + _("Send now"), callback_data=ComposeStep(action="now"))
    kb.button(text="🕘 " + _("Schedule"), callback_data=ComposeStep(action="sched"))
    kb.button(text="✖️ " + _("Cancel"), callback_data=ComposeStep(action="stop"))
    kb.adjust(2, 1)
    await message.answer(
        _("Audience: {audience}.").format(audience=audience_text(audience, qa.kb.regions, i18n.current_locale))
        + "\n" + _("Recipients: {n}").format(n=count),
        reply_markup=kb.as_markup(),
    )


# --- sending or scheduling -------------------------------------------------------------------


async def _create(state: FSMContext, broadcaster: Broadcaster, author_id: int, scheduled_at=None) -> int:
    data = await state.get_data()
    await state.clear()
    return await broadcaster.repo.create(
        author_id, data.get("text_ky"), data.get("text_ru"), data.get("photo"),
        Audience(data.get("audience") or "all", data.get("audience_value")), scheduled_at=scheduled_at,
    )


@router.callback_query(StateFilter(Compose.confirm), ComposeStep.filter(F.action == "now"))
async def send_now(query: CallbackQuery, state: FSMContext, user: User | None, bot: Bot, broadcaster: Broadcaster) -> None:
    if not may_announce(user):
        return
    broadcast_id = await _create(state, broadcaster, query.from_user.id)
    total = await broadcaster.launch(bot, broadcast_id)
    await query.message.answer(
        _("Announcement #{id} is being sent to {n} recipients. Progress follows in the next message; /broadcasts to pause or cancel it.").format(
            id=broadcast_id, n=total or 0
        )
    )


@router.callback_query(StateFilter(Compose.confirm), ComposeStep.filter(F.action == "sched"))
async def ask_time(query: CallbackQuery, state: FSMContext, user: User | None) -> None:
    if not may_announce(user):
        return
    await state.set_state(Compose.schedule)
    await query.message.answer(
        _("When should it go out? Type the date and time in Bishkek time, for example 01.12.2026 09:00 or 2026-12-01 09:00.")
    )


@router.message(StateFilter(Compose.schedule), F.text, ~F.text.startswith("/"))
async def got_time(message: Message, state: FSMContext, broadcaster: Broadcaster) -> None:
    moment = parse_bishkek_time(message.text)
    if moment is None:
        await message.answer(_("I could not read that. Type it like 01.12.2026 09:00 or 2026-12-01 09:00."))
        return
    if moment <= broadcaster.clock():
        await message.answer(_("That time has already passed. Type a time in the future."))
        return
    broadcast_id = await _create(state, broadcaster, message.from_user.id, scheduled_at=moment)
    await message.answer(
        _("Announcement #{id} is scheduled for {time} (Bishkek time). /broadcasts to see or cancel it.").format(
            id=broadcast_id, time=format_bishkek_time(moment)
        )
    )


@router.callback_query(StateFilter(Compose), ComposeStep.filter(F.action == "stop"))
async def stop_compose(query: CallbackQuery, state: FSMContext, user: User | None) -> None:
    if not may_announce(user):
        return
    await state.clear()
    await query.message.answer(_("The announcement was not sent."))


# --- the list --------------------------------------------------------------------------------

STATUS_ICONS = {"scheduled": "🕘", "running": "▶️", "paused": "⏸"}


def list_item(broadcast: Broadcast, regions: dict, lang: str) -> str:
    text = (broadcast.text_ky or broadcast.text_ru or "").replace("\n", " ")
    snippet = text[:40] + ("…" if len(text) > 40 else "")
    line = f"{STATUS_ICONS.get(broadcast.status, '')} #{broadcast.id} · {audience_text(broadcast.audience, regions, lang)}"
    if broadcast.status == "scheduled" and broadcast.scheduled_at:
        line += " · " + format_bishkek_time(broadcast.scheduled_at)
    else:
        line += " · " + _("recipients: {n}").format(n=broadcast.total)
    return line + "\n" + html.escape(snippet, quote=False)


async def list_view(broadcaster: Broadcaster, qa: QuestionAnswerer, lang: str) -> tuple[str, InlineKeyboardMarkup | None]:
    open_ones = await broadcaster.repo.open_ones()
    if not open_ones:
        return _("No scheduled or running announcements. /broadcast to write one."), None
    kb = InlineKeyboardBuilder()
    widths = []
    for broadcast in open_ones:
        row = 0
        if broadcast.status == "running":
            kb.button(text=f"⏸ #{broadcast.id}", callback_data=BroadcastControl(action="pause", id=broadcast.id))
            row += 1
        if broadcast.status == "paused":
            kb.button(text=f"▶️ #{broadcast.id}", callback_data=BroadcastControl(action="resume", id=broadcast.id))
            row += 1
        kb.button(text="✖️ " + _("Cancel #{id}").format(id=broadcast.id), callback_data=BroadcastControl(action="cancel", id=broadcast.id))
        widths.append(row + 1)
    kb.adjust(*widths)
    text = "\n\n".join(list_item(b, qa.kb.regions, lang) for b in open_ones)
    return _("Announcements:") + "\n\n" + text, kb.as_markup()


@router.message(Command("broadcasts"), StateFilter("*"))
async def show_list(message: Message, broadcaster: Broadcaster, qa: QuestionAnswerer, i18n: I18n) -> None:
    text, markup = await list_view(broadcaster, qa, i18n.current_locale)
    await message.answer(text, reply_markup=markup)


@router.callback_query(BroadcastControl.filter(), StateFilter("*"))
async def control(
    query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: BroadcastControl, user: User | None, bot: Bot,
    broadcaster: Broadcaster, qa: QuestionAnswerer, i18n: I18n,
) -> None:
    if not may_announce(user):  # the router checks too; a forged button must change nothing
        return
    if callback_data.action == "pause":
        done = await broadcaster.pause(callback_data.id)
        notice = _("Announcement #{id} paused.")
    elif callback_data.action == "resume":
        done = await broadcaster.resume(bot, callback_data.id)
        notice = _("Announcement #{id} resumed.")
    elif callback_data.action == "cancel":
        done = await broadcaster.cancel(bot, callback_data.id)
        notice = _("Announcement #{id} cancelled.")
    else:
        done, notice = False, ""
    if not done:
        callback_answer.text = _("Nothing changed: this announcement is no longer in that state.")
        callback_answer.show_alert = True
    else:
        callback_answer.text = notice.format(id=callback_data.id)
    text, markup = await list_view(broadcaster, qa, i18n.current_locale)
    if query.message is not None:
        await query.message.answer(text, reply_markup=markup)
