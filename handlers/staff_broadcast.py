"""/broadcast (compose, preview, send now or schedule) and /broadcasts (preview, edit, send now,
pause, resume, cancel), for the announcer and admin roles. The role is checked on the router and
again in every button."""

from __future__ import annotations

import html
from datetime import datetime

from aiogram import Bot, F
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.filters import HasRole
from handlers.layout import places_rows
from handlers.subscription import LANGUAGE_NAMES, area_name
from qa.service import QuestionAnswerer
from services.areas import audience_area, find_area, places_in, regions_of
from services.broadcaster import (
    PHOTO_CAPTION_LIMIT,
    TEXT_LIMIT,
    Broadcaster,
    announcement_body,
    frame_length,
)
from services.scheduler import BISHKEK, describe_bishkek_time, parse_bishkek_time
from storage.broadcasts import Broadcast
from storage.subscriptions import Audience, SubscriptionRepo
from storage.users import User
from handlers.callbacks import RowId
from handlers.routing import HandlerSet

ANNOUNCER_ROLES = ("announcer", "admin")

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
    schedule_confirm = State()


class EditScheduled(StatesGroup):
    text = State()  # data: edit_id, edit_lang
    time = State()  # data: edit_id


class ComposeStep(CallbackData, prefix="bcc"):
    action: str  # skip | nophoto | aud | reg | in | area | lng | now | sched | at | stop
    value: str = ""


class BroadcastControl(CallbackData, prefix="bcl"):
    action: str  # pause | resume | cancel | preview | edit | now | edit_ky | edit_ru | edit_time
    id: RowId


def may_announce(user: User | None) -> bool:
    return user is not None and user.role in ANNOUNCER_ROLES


def _button(text: str, action: str, value: str = "") -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=text, callback_data=ComposeStep(action=action, value=value))
    return kb.as_markup()


def _text_limit(has_photo: bool, org_name: str) -> int:
    """What the announcer may write: Telegram's limit less the official header and the footer."""
    frame = max(frame_length(lang, org_name) for lang in LANGUAGE_NAMES)
    return (PHOTO_CAPTION_LIMIT if has_photo else TEXT_LIMIT) - frame - 10


def audience_text(audience: Audience, regions: dict, lang: str) -> str:
    if audience.kind in ("region", "place"):
        area = audience_area(regions, audience)
        name = area_name(area, regions, lang) if area else audience.value
        text = _("subscribers in: {region}", locale=lang).format(region=name)
        if audience.kind == "place":
            text += "; " + _("also the subscribers of the whole oblast and of all of Kyrgyzstan", locale=lang)
        return text
    if audience.kind == "language":
        return _("subscribers who read {language}", locale=lang).format(language=LANGUAGE_NAMES[audience.value])
    return _("all subscribers", locale=lang)


def preview_languages(texts: dict, audience: Audience) -> list[str]:
    """The language versions recipients will get (a one-language text goes to everyone as it is)."""
    written = [lang for lang in ("ky", "ru") if texts.get(f"text_{lang}")]
    if len(written) == 2 and audience.kind == "language":
        return [audience.value]
    return written


async def send_preview(bot: Bot, chat_id: int, texts: dict, photo: str | None, audience: Audience, org_name: str) -> None:
    """Each language version exactly as recipients will see it."""
    for lang in preview_languages(texts, audience):
        body = announcement_body(texts[f"text_{lang}"], lang, org_name)
        if photo:
            await bot.send_photo(chat_id, photo, caption=body)
        else:
            await bot.send_message(chat_id, body)


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
async def got_text_ky(message: Message, state: FSMContext, broadcaster: Broadcaster) -> None:
    limit = _text_limit(False, broadcaster.org_name)
    if len(message.text) > limit:
        await message.answer(_("The text is too long: at most {n} characters.").format(n=limit))
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
async def got_text_ru(message: Message, state: FSMContext, broadcaster: Broadcaster) -> None:
    limit = _text_limit(False, broadcaster.org_name)
    if len(message.text) > limit:
        await message.answer(_("The text is too long: at most {n} characters.").format(n=limit))
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
async def got_photo(message: Message, state: FSMContext, broadcaster: Broadcaster) -> None:
    data = await state.get_data()
    limit = _text_limit(True, broadcaster.org_name)
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
    kb.button(text="🏘 " + _("One rayon or city"), callback_data=ComposeStep(action="aud", value="place"))
    kb.button(text="🗣 " + _("One language"), callback_data=ComposeStep(action="aud", value="language"))
    kb.adjust(1)
    await message.answer(_("Who should receive it?"), reply_markup=kb.as_markup())


@router.callback_query(StateFilter(Compose.audience), ComposeStep.filter(F.action == "aud"))
async def audience_kind(
    query: CallbackQuery, callback_data: ComposeStep, state: FSMContext, user: User | None, bot: Bot,
    qa: QuestionAnswerer, subscriptions: SubscriptionRepo, broadcaster: Broadcaster, i18n: I18n,
) -> None:
    if not may_announce(user):
        return
    lang = i18n.current_locale
    kb = InlineKeyboardBuilder()
    if callback_data.value in ("region", "place"):
        for region in regions_of(qa.kb.regions):
            if callback_data.value == "place" and not places_in(qa.kb.regions, region.id):
                continue  # Bishkek and Osh have no rayons or cities to choose from
            action = "reg" if callback_data.value == "region" else "in"
            kb.button(text=region.label(lang), callback_data=ComposeStep(action=action, value=region.id))
        kb.button(text="⬅️ " + _("Back"), callback_data=ComposeStep(action="audback"))
        kb.adjust(2)
        question = _("Which region?") if callback_data.value == "region" else _("In which oblast?")
        await query.message.answer(question, reply_markup=kb.as_markup())
    elif callback_data.value == "language":
        for code, name in LANGUAGE_NAMES.items():
            kb.button(text=name, callback_data=ComposeStep(action="lng", value=code))
        kb.button(text="⬅️ " + _("Back"), callback_data=ComposeStep(action="audback"))
        kb.adjust(2)
        await query.message.answer(_("Subscribers of which language?"), reply_markup=kb.as_markup())
    else:
        await show_preview(query.message, state, Audience("all"), bot, qa, subscriptions, broadcaster, lang)


@router.callback_query(StateFilter(Compose.audience), ComposeStep.filter(F.action == "in"))
async def audience_oblast(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: ComposeStep,
                          user: User | None, qa: QuestionAnswerer, i18n: I18n) -> None:
    if not may_announce(user):
        return
    lang = i18n.current_locale
    places = places_in(qa.kb.regions, callback_data.value)
    if not places:
        callback_answer.text = _("This button is out of date.")
        callback_answer.show_alert = True
        return
    def choice(text: str, place_id: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(text=text, callback_data=ComposeStep(action="area", value=place_id).pack())

    rows = places_rows([choice(p.label(lang), p.id) for p in places if p.kind != "city"],
                       [choice("🏙 " + p.name[lang], p.id) for p in places if p.kind == "city"],
                       InlineKeyboardButton(text="⬅️ " + _("Back"), callback_data=ComposeStep(action="audback").pack()))
    await query.message.answer(_("Which rayon or city?"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(StateFilter(Compose.audience), ComposeStep.filter(F.action == "audback"))
async def audience_again(query: CallbackQuery, state: FSMContext, user: User | None) -> None:
    """Back from a list of regions, places or languages: the choice of audience again, as a new message."""
    if not may_announce(user):
        return
    await ask_audience(query.message, state)


@router.callback_query(StateFilter(Compose.audience), ComposeStep.filter(F.action.in_({"reg", "lng", "area"})))
async def audience_value(
    query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: ComposeStep, state: FSMContext,
    user: User | None, bot: Bot, qa: QuestionAnswerer, subscriptions: SubscriptionRepo, broadcaster: Broadcaster,
    i18n: I18n,
) -> None:
    if not may_announce(user):
        return
    audience = None
    if callback_data.action == "lng":
        if callback_data.value in LANGUAGE_NAMES:
            audience = Audience("language", callback_data.value)
    else:
        area = find_area(qa.kb.regions, callback_data.value)
        wanted_place = callback_data.action == "area"
        if area is not None and area.kind != "all" and area.is_place == wanted_place:
            audience = area.audience()
    if audience is None:
        callback_answer.text = _("This button is out of date.")
        callback_answer.show_alert = True
        return
    await show_preview(query.message, state, audience, bot, qa, subscriptions, broadcaster, i18n.current_locale)


async def show_preview(
    message: Message, state: FSMContext, audience: Audience, bot: Bot,
    qa: QuestionAnswerer, subscriptions: SubscriptionRepo, broadcaster: Broadcaster, lang: str,
) -> None:
    await state.update_data(audience=audience.kind, audience_value=audience.value,
                            audience_region=audience.region, audience_rayon=audience.rayon)
    await state.set_state(Compose.confirm)
    data = await state.get_data()
    await message.answer(_("Preview: recipients will see exactly this."))
    await send_preview(bot, message.chat.id, data, data.get("photo"), audience, broadcaster.org_name)
    count = await subscriptions.count(audience)
    kb = InlineKeyboardBuilder()
    kb.button(text="🚀 " + _("Send now"), callback_data=ComposeStep(action="now"))
    kb.button(text="🕘 " + _("Schedule"), callback_data=ComposeStep(action="sched"))
    kb.button(text="✖️ " + _("Cancel"), callback_data=ComposeStep(action="stop"))
    kb.adjust(2, 1)
    text = (_("Audience: {audience}.").format(audience=audience_text(audience, qa.kb.regions, lang))
            + "\n" + _("Recipients: {n}").format(n=count))
    if count == 0:  # said before "Send now" rather than found out from a report of 0 of 0
        text += "\n\n⚠️ " + _("Nobody has subscribed there yet: sent now, it reaches no one. Scheduled, it "
                               "reaches those who subscribe before it goes out.")
    await message.answer(text, reply_markup=kb.as_markup())


# --- sending or scheduling -------------------------------------------------------------------


def _audience_of(data: dict) -> Audience:
    return Audience(data.get("audience") or "all", data.get("audience_value"), data.get("audience_region"),
                    data.get("audience_rayon"))


async def _create(state: FSMContext, broadcaster: Broadcaster, author_id: int, scheduled_at=None) -> int:
    data = await state.get_data()
    await state.clear()
    return await broadcaster.repo.create(
        author_id, data.get("text_ky"), data.get("text_ru"), data.get("photo"), _audience_of(data),
        scheduled_at=scheduled_at,
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


def time_examples() -> str:
    # NOTE: examples of how to type a time; keep the phrases in the translation's own language
    return _("For example: tomorrow at 9, today 18:00, on Friday at 10, 1 December at 10:00, in 2 hours, 01.12.2026 09:00.")


@router.callback_query(StateFilter(Compose.confirm, Compose.schedule_confirm), ComposeStep.filter(F.action == "sched"))
async def ask_time(query: CallbackQuery, state: FSMContext, user: User | None) -> None:
    if not may_announce(user):
        return
    await state.set_state(Compose.schedule)
    await query.message.answer(_("When should it go out? Type the day and time (Bishkek time).") + "\n" + time_examples())


async def read_future_time(message: Message, broadcaster: Broadcaster, lang: str) -> datetime | None:
    """The moment the announcer typed, or None after telling them why it cannot be used."""
    now = broadcaster.clock()
    moment = parse_bishkek_time(message.text, now)
    if moment is None:
        await message.answer(_("I could not read a day and time in that.") + "\n" + time_examples())
        return None
    if moment <= now:
        await message.answer(
            _("That time has already passed: {time}. It is now {now} in Bishkek. Type a time in the future.").format(
                time=describe_bishkek_time(moment, lang, now), now=now.astimezone(BISHKEK).strftime("%H:%M"))
        )
        return None
    return moment


@router.message(StateFilter(Compose.schedule, Compose.schedule_confirm), F.text, ~F.text.startswith("/"))
async def got_time(message: Message, state: FSMContext, broadcaster: Broadcaster, i18n: I18n) -> None:
    lang = i18n.current_locale
    moment = await read_future_time(message, broadcaster, lang)
    if moment is None:
        return
    await state.update_data(scheduled_at=moment.isoformat())
    await state.set_state(Compose.schedule_confirm)
    kb = InlineKeyboardBuilder()
    kb.button(text="✅ " + _("Yes, schedule it"), callback_data=ComposeStep(action="at"))
    kb.button(text="🕘 " + _("Another time"), callback_data=ComposeStep(action="sched"))
    kb.button(text="✖️ " + _("Cancel"), callback_data=ComposeStep(action="stop"))
    kb.adjust(1, 2)
    await message.answer(
        _("Send it {time} (Bishkek time)?").format(time="<b>" + describe_bishkek_time(moment, lang, broadcaster.clock()) + "</b>"),
        reply_markup=kb.as_markup(),
    )


@router.callback_query(StateFilter(Compose.schedule_confirm), ComposeStep.filter(F.action == "at"))
async def schedule_confirmed(query: CallbackQuery, state: FSMContext, user: User | None, broadcaster: Broadcaster,
                             i18n: I18n) -> None:
    if not may_announce(user):
        return
    lang = i18n.current_locale
    moment = datetime.fromisoformat((await state.get_data())["scheduled_at"])
    if moment <= broadcaster.clock():  # it was confirmed too late
        await state.set_state(Compose.schedule)
        await query.message.answer(_("That time has passed meanwhile. Type a time in the future.") + "\n" + time_examples())
        return
    broadcast_id = await _create(state, broadcaster, query.from_user.id, scheduled_at=moment)
    await query.message.answer(
        _("Announcement #{id} is scheduled. It goes out {time} (Bishkek time). /broadcasts to preview, edit, send now or cancel it.").format(
            id=broadcast_id, time=describe_bishkek_time(moment, lang, broadcaster.clock())
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


def list_item(broadcast: Broadcast, regions: dict, lang: str, now: datetime) -> str:
    text = (broadcast.text_ky or broadcast.text_ru or "").replace("\n", " ")
    snippet = text[:40] + ("…" if len(text) > 40 else "")
    line = f"{STATUS_ICONS.get(broadcast.status, '')} #{broadcast.id} · {audience_text(broadcast.audience, regions, lang)}"
    if broadcast.status == "scheduled" and broadcast.scheduled_at:
        line += " · " + describe_bishkek_time(broadcast.scheduled_at, lang, now)
    else:
        line += " · " + _("recipients: {n}").format(n=broadcast.total)
    return line + "\n" + html.escape(snippet, quote=False)


def _control(kb: InlineKeyboardBuilder, text: str, action: str, broadcast_id: int) -> None:
    kb.button(text=text, callback_data=BroadcastControl(action=action, id=broadcast_id))


async def list_view(broadcaster: Broadcaster, qa: QuestionAnswerer, lang: str) -> tuple[str, InlineKeyboardMarkup | None]:
    open_ones = await broadcaster.repo.open_ones()
    if not open_ones:
        return _("No scheduled or running announcements. /broadcast to write one."), None
    kb = InlineKeyboardBuilder()
    widths = []
    for broadcast in open_ones:
        number = broadcast.id
        if broadcast.status == "scheduled":
            _control(kb, "👁 " + _("Preview #{id}").format(id=number), "preview", number)
            _control(kb, "✏️ " + _("Edit #{id}").format(id=number), "edit", number)
            _control(kb, "🚀 " + _("Send #{id} now").format(id=number), "now", number)
            widths += [2]  # two a row: three labels this long are cut on a phone
        elif broadcast.status == "running":
            _control(kb, f"⏸ #{number}", "pause", number)
            widths += [2]
        elif broadcast.status == "paused":
            _control(kb, f"▶️ #{number}", "resume", number)
            widths += [2]
        _control(kb, "✖️ " + _("Cancel #{id}").format(id=number), "cancel", number)
        if broadcast.status == "scheduled":
            widths += [2]
    kb.adjust(*widths)
    now = broadcaster.clock()
    text = "\n\n".join(list_item(b, qa.kb.regions, lang, now) for b in open_ones)
    return _("Announcements:") + "\n\n" + text, kb.as_markup()


@router.message(Command("broadcasts"), StateFilter("*"))
async def show_list(message: Message, state: FSMContext, broadcaster: Broadcaster, qa: QuestionAnswerer,
                    i18n: I18n) -> None:
    if await state.get_state() in (EditScheduled.text.state, EditScheduled.time.state):
        await state.clear()  # an edit left half-way is dropped, the announcement stays as it was
    text, markup = await list_view(broadcaster, qa, i18n.current_locale)
    await message.answer(text, reply_markup=markup)


async def _show_list_again(query: CallbackQuery, broadcaster: Broadcaster, qa: QuestionAnswerer, lang: str) -> None:
    text, markup = await list_view(broadcaster, qa, lang)
    if query.message is not None:
        await query.message.answer(text, reply_markup=markup)


@router.callback_query(BroadcastControl.filter(F.action.in_({"pause", "resume", "cancel"})), StateFilter("*"))
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
    else:
        done = await broadcaster.cancel(bot, callback_data.id)
        notice = _("Announcement #{id} cancelled.")
    if not done:
        callback_answer.text = _("Nothing changed: this announcement is no longer in that state.")
        callback_answer.show_alert = True
    else:
        callback_answer.text = notice.format(id=callback_data.id)
    await _show_list_again(query, broadcaster, qa, i18n.current_locale)


# --- a scheduled announcement: preview, edit, send now ---------------------------------------


async def _scheduled(callback_answer: CallbackAnswer, broadcaster: Broadcaster, broadcast_id: int) -> Broadcast | None:
    """The announcement if it is still scheduled; else the presser is told and None."""
    broadcast = await broadcaster.repo.get(broadcast_id)
    if broadcast is None or broadcast.status != "scheduled":
        callback_answer.text = _("Nothing changed: this announcement is no longer scheduled.")
        callback_answer.show_alert = True
        return None
    return broadcast


def scheduled_keyboard(broadcast_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _control(kb, "✏️ " + _("Edit"), "edit", broadcast_id)
    _control(kb, "🚀 " + _("Send now"), "now", broadcast_id)
    _control(kb, "✖️ " + _("Cancel it"), "cancel", broadcast_id)
    kb.adjust(2, 1)
    return kb.as_markup()


async def preview_scheduled(bot: Bot, chat_id: int, broadcast: Broadcast, broadcaster: Broadcaster,
                            subscriptions: SubscriptionRepo, qa: QuestionAnswerer, lang: str) -> None:
    texts = {"text_ky": broadcast.text_ky, "text_ru": broadcast.text_ru}
    await send_preview(bot, chat_id, texts, broadcast.photo_file_id, broadcast.audience, broadcaster.org_name)
    count = await subscriptions.count(broadcast.audience)
    await bot.send_message(
        chat_id,
        _("Announcement #{id} goes out {time} (Bishkek time).").format(
            id=broadcast.id, time=describe_bishkek_time(broadcast.scheduled_at, lang, broadcaster.clock()))
        + "\n" + _("Audience: {audience}.").format(audience=audience_text(broadcast.audience, qa.kb.regions, lang))
        + "\n" + _("Recipients now: {n}").format(n=count),
        reply_markup=scheduled_keyboard(broadcast.id),
    )


@router.callback_query(BroadcastControl.filter(F.action == "preview"), StateFilter("*"))
async def preview_button(
    query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: BroadcastControl, user: User | None, bot: Bot,
    broadcaster: Broadcaster, subscriptions: SubscriptionRepo, qa: QuestionAnswerer, i18n: I18n,
) -> None:
    if not may_announce(user):
        return
    broadcast = await _scheduled(callback_answer, broadcaster, callback_data.id)
    if broadcast is not None:
        await preview_scheduled(bot, query.from_user.id, broadcast, broadcaster, subscriptions, qa, i18n.current_locale)


@router.callback_query(BroadcastControl.filter(F.action == "now"), StateFilter("*"))
async def send_scheduled_now(
    query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: BroadcastControl, user: User | None, bot: Bot,
    broadcaster: Broadcaster,
) -> None:
    if not may_announce(user):
        return
    # launch() starts it only if it is still scheduled, in one transaction: the scheduler firing
    # at the same moment cannot start it a second time.
    total = await broadcaster.launch(bot, callback_data.id)
    if total is None:
        callback_answer.text = _("Nothing changed: this announcement is no longer scheduled.")
        callback_answer.show_alert = True
        return
    await bot.send_message(
        query.from_user.id,
        _("Announcement #{id} is being sent to {n} recipients. Progress follows in the next message; /broadcasts to pause or cancel it.").format(
            id=callback_data.id, n=total),
    )


@router.callback_query(BroadcastControl.filter(F.action == "edit"), StateFilter("*"))
async def edit_menu(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: BroadcastControl,
                    user: User | None, bot: Bot, broadcaster: Broadcaster) -> None:
    if not may_announce(user):
        return
    if await _scheduled(callback_answer, broadcaster, callback_data.id) is None:
        return
    kb = InlineKeyboardBuilder()
    _control(kb, "🇰🇬 " + _("Text in Kyrgyz"), "edit_ky", callback_data.id)
    _control(kb, "🇷🇺 " + _("Text in Russian"), "edit_ru", callback_data.id)
    _control(kb, "🕘 " + _("Time"), "edit_time", callback_data.id)
    kb.adjust(2, 1)
    await bot.send_message(query.from_user.id, _("What should change in announcement #{id}?").format(id=callback_data.id),
                           reply_markup=kb.as_markup())


@router.callback_query(BroadcastControl.filter(F.action.in_({"edit_ky", "edit_ru", "edit_time"})), StateFilter("*"))
async def edit_what(query: CallbackQuery, callback_answer: CallbackAnswer, callback_data: BroadcastControl,
                    user: User | None, bot: Bot, state: FSMContext, broadcaster: Broadcaster) -> None:
    if not may_announce(user):
        return
    broadcast = await _scheduled(callback_answer, broadcaster, callback_data.id)
    if broadcast is None:
        return
    await state.clear()
    if callback_data.action == "edit_time":
        await state.set_state(EditScheduled.time)
        await state.update_data(edit_id=broadcast.id)
        prompt = _("Type the new day and time (Bishkek time).") + "\n" + time_examples()
    else:
        lang = callback_data.action.removeprefix("edit_")
        await state.set_state(EditScheduled.text)
        await state.update_data(edit_id=broadcast.id, edit_lang=lang)
        current = broadcast.text_ky if lang == "ky" else broadcast.text_ru
        prompt = (_("Send the new text in Kyrgyz.") if lang == "ky" else _("Send the new text in Russian."))
        if current:
            prompt += "\n\n" + _("Now it reads:") + "\n" + html.escape(current, quote=False)
    await bot.send_message(query.from_user.id, prompt + "\n" + _("/broadcasts leaves it as it is."))


@router.message(StateFilter(EditScheduled.text), F.text, ~F.text.startswith("/"))
async def got_new_text(message: Message, state: FSMContext, bot: Bot, broadcaster: Broadcaster,
                       subscriptions: SubscriptionRepo, qa: QuestionAnswerer, i18n: I18n) -> None:
    data = await state.get_data()
    broadcast = await broadcaster.repo.get(data["edit_id"])
    limit = _text_limit(bool(broadcast and broadcast.photo_file_id), broadcaster.org_name)
    if len(message.text) > limit:
        await message.answer(_("The text is too long: at most {n} characters.").format(n=limit))
        return
    await state.clear()
    field = "text_ky" if data["edit_lang"] == "ky" else "text_ru"
    if not await broadcaster.repo.edit_scheduled(data["edit_id"], **{field: message.text}):
        await message.answer(_("Nothing changed: this announcement is no longer scheduled."))
        return
    await message.answer(_("Saved. This is announcement #{id} now:").format(id=data["edit_id"]))
    await preview_scheduled(bot, message.chat.id, await broadcaster.repo.get(data["edit_id"]), broadcaster,
                            subscriptions, qa, i18n.current_locale)


@router.message(StateFilter(EditScheduled.time), F.text, ~F.text.startswith("/"))
async def got_new_time(message: Message, state: FSMContext, bot: Bot, broadcaster: Broadcaster,
                       subscriptions: SubscriptionRepo, qa: QuestionAnswerer, i18n: I18n) -> None:
    moment = await read_future_time(message, broadcaster, i18n.current_locale)
    if moment is None:
        return
    broadcast_id = (await state.get_data())["edit_id"]
    await state.clear()
    if not await broadcaster.repo.edit_scheduled(broadcast_id, scheduled_at=moment):
        await message.answer(_("Nothing changed: this announcement is no longer scheduled."))
        return
    await message.answer(_("Saved. This is announcement #{id} now:").format(id=broadcast_id))
    await preview_scheduled(bot, message.chat.id, await broadcaster.repo.get(broadcast_id), broadcaster,
                            subscriptions, qa, i18n.current_locale)
