"""/complaint: the citizen's intake form (Law No. 67 of 2007), one step at a time.

Steps: kind → oblast → rayon or city → the body (aiyl okmotu / mayor's office) → category → text →
attachments → location → name → phone → consent → summary. Every step re-asks on unexpected input,
optional steps have a Skip button (and /skip), every step but the first has Back, and the summary
can send any part back for a change. The state is in SQLite, so a restart resumes at the same step.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import escape

from aiogram import Bot, F
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from config import LOCALES, Settings
from handlers.callbacks import StartComplaint
from handlers.complaint_callbacks import FormStep
from handlers.staff.keyboards import post_new_ticket
from qa.regions import Place, all_places, find_place
from qa.service import QuestionAnswerer
from services import complaint_texts as texts
from services.complaints import MAX_ATTACHMENTS, TEXT_MAX, TEXT_MIN, ComplaintService, Draft, Refusal
from storage.complaints import Attachment
from handlers.routing import HandlerSet

router = HandlerSet(__name__)


class ComplaintForm(StatesGroup):
    kind = State()
    oblast = State()
    place = State()
    body = State()
    category = State()
    text = State()
    attachments = State()
    location = State()
    name = State()
    phone = State()
    consent = State()
    confirm = State()
    change = State()


ORDER = ("kind", "oblast", "place", "body", "category", "text", "attachments", "location", "name", "phone",
         "consent", "confirm")
OPTIONAL = {"attachments", "location", "name", "phone"}
# The summary's "Change" sends one part back; these are the steps of each part.
PARTS = {
    "kind": ("kind",), "place": ("oblast", "place", "body"), "category": ("category",), "text": ("text",),
    "attachments": ("attachments",), "location": ("location",), "contact": ("name", "phone", "consent"),
}  # fmt: skip
PHONE_LIKE = re.compile(r"(?:\+?\d[\s()-]*){7,}")


def state_of(step: str) -> State:
    return getattr(ComplaintForm, step)


def applies(step: str, data: dict) -> bool:
    if step == "place":
        return data.get("region_kind") != "city"  # Bishkek and Osh are chosen on the first screen
    if step == "body":
        return data.get("place_kind") == "rayon"  # a city has one executive body: its mayor's office
    if step == "consent":
        return bool(data.get("name") or data.get("phone"))
    return True


def next_step(step: str, data: dict) -> str:
    index = ORDER.index(step) + 1
    while ORDER[index] != "confirm" and not applies(ORDER[index], data):
        index += 1
    following = ORDER[index]
    editing = data.get("editing")
    if editing and following not in PARTS.get(editing, ()):
        return "confirm"
    return following


def previous_step(step: str, data: dict) -> str:
    index = ORDER.index(step) - 1
    while index > 0 and not applies(ORDER[index], data):
        index -= 1
    previous = ORDER[max(index, 0)]
    editing = data.get("editing")
    if editing and previous not in PARTS.get(editing, ()):
        return "confirm"
    return previous


# --- keyboards ---------------------------------------------------------------------------------


def _nav(kb: InlineKeyboardBuilder, step: str, lang: str, *, count: int = 0) -> None:
    if step in OPTIONAL:
        if step == "attachments" and count:
            kb.button(text="✅ " + _("Done ({n})", locale=lang).format(n=count), callback_data=FormStep(action="done"))
        else:
            kb.button(text="⏭ " + _("Skip", locale=lang), callback_data=FormStep(action="skip"))
    if step != "kind":
        kb.button(text="⬅️ " + _("Back", locale=lang), callback_data=FormStep(action="back"))


def _regions(qa: QuestionAnswerer) -> dict:
    return qa.kb.regions


def places_by_id(regions: dict) -> dict[str, Place]:
    return {p.id: p for p in all_places(regions) if p.kind != "district"}


def step_keyboard(step: str, data: dict, lang: str, regions: dict) -> InlineKeyboardMarkup | None:
    kb = InlineKeyboardBuilder()
    widths: list[int] = []
    if step == "kind":
        for kind in texts.KINDS:
            kb.button(text=texts.kind_label(kind, lang), callback_data=FormStep(action="kind", value=kind))
        widths = [1, 1, 1]
    elif step == "oblast":
        choices = [(o["id"], o["name"][lang]) for o in regions.get("oblasts") or ()]
        choices += [(c["id"], c["name"][lang]) for c in regions.get("republican_cities") or ()]
        for region_id, name in choices:
            kb.button(text=name, callback_data=FormStep(action="obl", value=region_id))
        widths = [2] * ((len(choices) + 1) // 2)
    elif step == "place":
        oblast = next((o for o in regions.get("oblasts") or () if o["id"] == data.get("oblast_id")), None)
        items = []
        if oblast is not None:
            items = [(r["id"], r["name"][lang]) for r in oblast.get("rayons") or ()]
            items += [(c["id"], "🏙 " + c["name"][lang]) for c in oblast.get("cities") or ()]
        for place_id, name in items:
            kb.button(text=name, callback_data=FormStep(action="plc", value=place_id))
        widths = [2] * ((len(items) + 1) // 2)
    elif step == "body":
        kb.button(text=texts.body_of_rayon(data.get("place_name", ""), lang), callback_data=FormStep(action="body"))
        widths = [1]
        for place in all_places(regions):
            if place.kind == "city" and place.parent == data.get("place_id"):
                kb.button(text=texts.body_of_city(place.name[lang], lang),
                          callback_data=FormStep(action="plc", value=place.id))
                widths.append(1)
    elif step == "category":
        for category in texts.CATEGORIES:
            kb.button(text=texts.category_label(category, lang), callback_data=FormStep(action="cat", value=category))
        widths = [2, 2, 2, 1]
    elif step == "consent":
        kb.button(text="✅ " + _("Yes, I agree", locale=lang), callback_data=FormStep(action="yes"))
        kb.button(text="🚫 " + _("No", locale=lang), callback_data=FormStep(action="no"))
        widths = [2]
    elif step == "confirm":
        kb.button(text="✅ " + _("Send", locale=lang), callback_data=FormStep(action="send"))
        kb.button(text="✏️ " + _("Change", locale=lang), callback_data=FormStep(action="change"))
        return _finish(kb, [2])
    elif step == "change":
        for part, label in part_labels(lang).items():
            kb.button(text=label, callback_data=FormStep(action="part", value=part))
        kb.button(text="⬅️ " + _("Back", locale=lang), callback_data=FormStep(action="back"))
        return _finish(kb, [2, 2, 2, 1, 1])
    _nav(kb, step, lang, count=len(data.get("attachments") or ()))
    nav_width = 2 if step in OPTIONAL and step != "kind" else 1
    return _finish(kb, [*widths, nav_width])


def _finish(kb: InlineKeyboardBuilder, widths: list[int]) -> InlineKeyboardMarkup:
    kb.adjust(*[w for w in widths if w] or [1])
    return kb.as_markup()


def part_labels(lang: str) -> dict[str, str]:
    return {
        "kind": _("Kind", locale=lang), "place": _("Place", locale=lang), "category": _("Category", locale=lang),
        "text": _("Text", locale=lang), "attachments": _("Attachments", locale=lang),
        "location": _("Location", locale=lang), "contact": _("Contact details", locale=lang),
    }  # fmt: skip


def phone_keyboard(lang: str) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text="📱 " + _("Share my phone number", locale=lang), request_contact=True)],
            [KeyboardButton(text="⏭ " + _("Skip", locale=lang)), KeyboardButton(text="⬅️ " + _("Back", locale=lang))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


# --- prompts -----------------------------------------------------------------------------------


def prompt(step: str, data: dict, lang: str) -> str:
    if step == "kind":
        lines = [_("What do you want to send? The law on citizens' appeals knows three kinds:", locale=lang)]
        lines += [f"• <b>{texts.kind_label(k, lang)}</b>: {texts.kind_hint(k, lang)}" for k in texts.KINDS]
        lines += ["", _("You can stop at any step with /cancel.", locale=lang)]
        return "\n".join(lines)
    if step == "oblast":
        return _("Which body is your appeal about? Choose the oblast, or Bishkek or Osh. You can also type the "
                 "name of a rayon or a city.", locale=lang)
    if step == "place":
        return _("Choose the rayon or the city (🏙), or type its name.", locale=lang)
    if step == "body":
        return _("Which aiyl okmotu? Type its name, or press the button if you do not know it.", locale=lang)
    if step == "category":
        return _("What is it about? Choose a category.", locale=lang)
    if step == "text":
        return _("Describe the matter in one message: what happened, where and when, and what you ask for. "
                 "From {min} to {max} characters.", locale=lang).format(min=TEXT_MIN, max=TEXT_MAX)
    if step == "attachments":
        return _("You can add up to {n} photos or documents (send them one by one), or press Skip (/skip).",
                 locale=lang).format(n=MAX_ATTACHMENTS)
    if step == "location":
        return _("You can send the location of the place (📎 → Location), or press Skip (/skip).", locale=lang)
    if step == "name":
        return _("Your name, so that the body can answer you (or press Skip, /skip). The phone number comes in "
                 "the next step.", locale=lang)
    if step == "phone":
        return _("Your phone number: press the button below to share it from Telegram, or Skip (/skip). For "
                 "your safety the bot does not accept a typed number.", locale=lang)
    if step == "consent":
        return _("May we pass your name and phone number to the body your appeal is about? Without your consent "
                 "the appeal is still considered, but staff will not see your contact details.", locale=lang)
    if step == "change":
        return _("Which part do you want to change?", locale=lang)
    return summary(data, lang)


def summary(data: dict, lang: str, *, with_text: bool = True) -> str:
    no = "—"
    location = (texts.location_link(data["lat"], data["lon"]) if data.get("lat") is not None else no)
    consent = _("yes", locale=lang) if data.get("consent") else _("no", locale=lang)
    lines = [
        "<b>" + _("Please check your appeal:", locale=lang) + "</b>",
        _("Kind: {kind}", locale=lang).format(kind=texts.kind_label(data.get("kind", ""), lang)),
        _("To: {body}", locale=lang).format(body=escape(data.get("body_name", ""))),
        _("Category: {category}", locale=lang).format(category=texts.category_label(data.get("category", ""), lang)),
        _("Attachments: {n}", locale=lang).format(n=len(data.get("attachments") or ())),
        _("Location: {link}", locale=lang).format(link=location),
        _("Name: {name}", locale=lang).format(name=escape(data.get("name") or no)),
        _("Phone: {phone}", locale=lang).format(phone=escape(data.get("phone") or no)),
        _("Consent to pass contact details: {answer}", locale=lang).format(answer=consent),
    ]
    if with_text:
        lines += ["", escape(data.get("text", ""))]
    return "\n".join(lines)


async def ask(message: Message, state: FSMContext, step: str, lang: str, regions: dict, note: str = "") -> None:
    """Move to `step` and ask its question (with `note` first, e.g. why the last input was refused)."""
    await state.set_state(state_of(step))
    data = await state.get_data()
    text = prompt(step, data, lang)
    if note:
        text = note + "\n\n" + text
    if step == "phone":
        await message.answer(text, reply_markup=phone_keyboard(lang))
        return
    if step == "confirm" and len(text) > texts.MAX_MESSAGE:
        # A long text does not fit with the summary: it goes first, whole, on its own.
        await message.answer(escape(data.get("text", "")))
        text = (note + "\n\n" if note else "") + summary(data, lang, with_text=False)
    await message.answer(text, reply_markup=step_keyboard(step, data, lang, regions))


async def go_next(message: Message, state: FSMContext, step: str, lang: str, regions: dict, note: str = "") -> None:
    await ask(message, state, next_step(step, await state.get_data()), lang, regions, note)


async def current_step(state: FSMContext) -> str | None:
    raw = await state.get_state()
    if not raw or not raw.startswith("ComplaintForm:"):
        return None
    return raw.split(":", 1)[1]


# --- entry ------------------------------------------------------------------------------------


async def begin(message: Message, state: FSMContext, citizen_id: int, lang: str, service: ComplaintService,
                regions: dict) -> None:
    refusal = await service.refusal(citizen_id, None, datetime.now(UTC))
    if refusal is not None:
        await state.clear()
        await message.answer(refusal_text(refusal, lang))
        return
    await state.clear()
    await ask(message, state, "kind", lang, regions)


def refusal_text(refusal: Refusal, lang: str) -> str:
    if refusal.reason == "duplicate" and refusal.earlier is not None:
        return _("You already sent this text as appeal {number} on {date}. It is being handled; its status is in "
                 "/my. If something has changed, please describe it in new words.", locale=lang).format(
            number=refusal.earlier.number, date=texts.format_date(refusal.earlier.filed))
    return _("You have filed the largest number of appeals allowed in one day. Please continue tomorrow; your "
             "appeals are in /my.", locale=lang)


@router.message(Command("complaint"), StateFilter("*"))
async def complaint_command(message: Message, state: FSMContext, complaint_service: ComplaintService,
                            qa: QuestionAnswerer, i18n: I18n) -> None:
    await begin(message, state, message.from_user.id, i18n.current_locale, complaint_service, _regions(qa))


@router.callback_query(StartComplaint.filter(), StateFilter("*"))
async def complaint_button(query: CallbackQuery, state: FSMContext, complaint_service: ComplaintService,
                           qa: QuestionAnswerer, i18n: I18n) -> None:
    if isinstance(query.message, Message):
        await begin(query.message, state, query.from_user.id, i18n.current_locale, complaint_service, _regions(qa))


# --- buttons ------------------------------------------------------------------------------------


@router.callback_query(FormStep.filter(), StateFilter(ComplaintForm))
async def form_button(query: CallbackQuery, callback_data: FormStep, state: FSMContext, bot: Bot,
                      complaint_service: ComplaintService, settings: Settings, qa: QuestionAnswerer,
                      i18n: I18n) -> None:
    message = query.message
    if not isinstance(message, Message):
        return
    lang, regions = i18n.current_locale, _regions(qa)
    step = await current_step(state)
    action, value = callback_data.action, callback_data.value
    data = await state.get_data()

    if action == "back":
        target = "confirm" if step == "change" else previous_step(step, data)
        await ask(message, state, target, lang, regions)
    elif action == "skip" and step in OPTIONAL:
        await skip(message, state, step, lang, regions)
    elif action == "done" and step == "attachments":
        await go_next(message, state, step, lang, regions)
    elif action == "kind" and step == "kind" and value in texts.KINDS:
        await state.update_data(kind=value)
        await go_next(message, state, step, lang, regions)
    elif action == "obl" and step == "oblast":
        place = places_by_id(regions).get(value)
        if place is None or place.kind not in ("oblast", "city"):
            await ask(message, state, step, lang, regions)
            return
        await choose_place(message, state, place, lang, regions, step)
    elif action == "plc" and step in ("place", "body"):
        place = places_by_id(regions).get(value)
        if place is None or place.kind not in ("rayon", "city"):
            await ask(message, state, step, lang, regions)
            return
        await choose_place(message, state, place, lang, regions, step)
    elif action == "body" and step == "body":
        await state.update_data(body_name=texts.body_of_rayon(data.get("place_name", ""), lang))
        await go_next(message, state, step, lang, regions)
    elif action == "cat" and step == "category" and value in texts.CATEGORIES:
        await state.update_data(category=value)
        await go_next(message, state, step, lang, regions)
    elif action in ("yes", "no") and step == "consent":
        await state.update_data(consent=action == "yes")
        await go_next(message, state, step, lang, regions)
    elif action == "change" and step == "confirm":
        await ask(message, state, "change", lang, regions)
    elif action == "part" and step == "change" and value in PARTS:
        await state.update_data(editing=value)
        if value == "attachments":
            await state.update_data(attachments=[])
        await ask(message, state, PARTS[value][0], lang, regions)
    elif action == "send" and step == "confirm":
        await submit(message, state, query.from_user.id, lang, bot, complaint_service, settings)
    else:
        # A button of an earlier step: say so and ask the current question again.
        await ask(message, state, step or "kind", lang, regions, _("This button is out of date.", locale=lang))


async def skip(message: Message, state: FSMContext, step: str, lang: str, regions: dict) -> None:
    if step == "attachments":
        await state.update_data(attachments=[])
    elif step == "location":
        await state.update_data(lat=None, lon=None)
    elif step == "name":
        await state.update_data(name=None)
    elif step == "phone":
        await state.update_data(phone=None)
        await message.answer(_("Without a phone number.", locale=lang), reply_markup=ReplyKeyboardRemove())
    data = await state.get_data()
    if not (data.get("name") or data.get("phone")):
        await state.update_data(consent=False)
    await go_next(message, state, step, lang, regions)


async def choose_place(message: Message, state: FSMContext, place: Place, lang: str, regions: dict,
                       step: str) -> None:
    """Record an oblast, rayon or city (chosen or typed) and ask what follows from it."""
    if place.kind == "district":  # a district of Bishkek: the body is the city's mayor's office
        place = places_by_id(regions)[place.parent]
    if place.kind == "oblast":
        await state.update_data(oblast_id=place.id, region_kind="oblast")
        await ask(message, state, "place", lang, regions)
        return
    name = place.name[lang]
    region_id = place.oblast or place.id
    update = {"region_id": region_id, "place_id": place.id, "place_kind": place.kind}
    if place.kind == "city":
        update |= {"place_name": name, "body_name": texts.body_of_city(name, lang)}
        if place.oblast is None:
            update |= {"oblast_id": None, "region_kind": "city"}
        else:
            update |= {"oblast_id": place.oblast, "region_kind": "oblast"}
        await state.update_data(**update)
        await go_next(message, state, "body", lang, regions)
        return
    update |= {"oblast_id": place.oblast, "region_kind": "oblast", "place_name": name, "body_name": ""}
    await state.update_data(**update)
    await ask(message, state, "body", lang, regions)


async def submit(message: Message, state: FSMContext, citizen_id: int, lang: str, bot: Bot,
                 service: ComplaintService, settings: Settings) -> None:
    data = await state.get_data()
    draft = Draft(
        kind=data["kind"], region_id=data["region_id"], place_id=data["place_id"], place_kind=data["place_kind"],
        place_name=data["place_name"], body_name=data["body_name"], category=data["category"], text=data["text"],
        attachments=[Attachment(a["kind"], a["file_id"], a.get("file_name")) for a in data.get("attachments") or ()],
        latitude=data.get("lat"), longitude=data.get("lon"), contact_name=data.get("name"),
        contact_phone=data.get("phone"), consent=bool(data.get("consent")),
    )  # fmt: skip
    result = await service.file(citizen_id, lang, draft, datetime.now(UTC))
    await state.clear()
    if isinstance(result, Refusal):
        await message.answer(refusal_text(result, lang))
        return
    await message.answer(texts.confirmation(result, lang))
    await post_new_ticket(bot, settings, result, attachments=len(draft.attachments))


# --- typed input and other messages, step by step -------------------------------------------------


def typed_skip(text: str | None) -> bool:
    if not text:
        return False
    text = text.strip()
    return text == "/skip" or any(text == "⏭ " + _("Skip", locale=lang) for lang in LOCALES)


def typed_back(text: str | None) -> bool:
    return bool(text) and any(text.strip() == "⬅️ " + _("Back", locale=lang) for lang in LOCALES)


@router.message(StateFilter(ComplaintForm), F.text.func(typed_skip))
async def skip_command(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    step = await current_step(state)
    lang = i18n.current_locale
    if step in OPTIONAL:
        await skip(message, state, step, lang, _regions(qa))
    else:
        await ask(message, state, step, lang, _regions(qa), _("This step cannot be skipped.", locale=lang))


@router.message(StateFilter(ComplaintForm.phone), F.text.func(typed_back))
async def phone_back(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    lang = i18n.current_locale
    await message.answer("⬅️", reply_markup=ReplyKeyboardRemove())
    await ask(message, state, previous_step("phone", await state.get_data()), lang, _regions(qa))


@router.message(StateFilter(ComplaintForm.oblast, ComplaintForm.place), F.text)
async def typed_place(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    lang, regions = i18n.current_locale, _regions(qa)
    step = await current_step(state)
    found = find_place(regions, message.text) if not message.text.startswith("/") else []
    if not found:
        await ask(message, state, step, lang, regions,
                  _("I could not find this place. Choose it with the buttons, or check the spelling.", locale=lang))
        return
    await choose_place(message, state, found[0], lang, regions, step)


@router.message(StateFilter(ComplaintForm.body), F.text)
async def typed_body(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    lang, regions = i18n.current_locale, _regions(qa)
    text = " ".join(message.text.split())
    data = await state.get_data()
    cities = [p for p in find_place(regions, text) if p.kind == "city"] if not text.startswith("/") else []
    if cities:
        await choose_place(message, state, cities[0], lang, regions, "body")
        return
    # The aiyl aimak list is not in the reference data: take the typed name as it is.
    name = re.sub(r"(?i)\b(айыл\s+[өо]км[өо]т[үу]|а\s*/\s*о|аыл окмоту|aiyl okmotu)\b", "", text).strip(" ,.-")
    if text.startswith("/") or not 2 <= len(name) <= 80:
        await ask(message, state, "body", lang, regions,
                  _("Please type the name of the aiyl okmotu (up to 80 characters), or press the button.",
                    locale=lang))
        return
    body = texts.named_aiyl_okmotu(name, lang) + f" ({data.get('place_name', '')})"
    await state.update_data(body_name=body)
    await go_next(message, state, "body", lang, regions)


@router.message(StateFilter(ComplaintForm.text), F.text)
async def typed_text(message: Message, state: FSMContext, complaint_service: ComplaintService,
                     qa: QuestionAnswerer, i18n: I18n) -> None:
    lang, regions = i18n.current_locale, _regions(qa)
    text = message.text.strip()
    length = len(text)
    if text.startswith("/"):
        await ask(message, state, "text", lang, regions, _("Please write the text of the appeal.", locale=lang))
        return
    if length < TEXT_MIN or length > TEXT_MAX:
        note = _("Your text has {n} characters; an appeal must have from {min} to {max}. Nothing was cut: please "
                 "send it again.", locale=lang).format(n=length, min=TEXT_MIN, max=TEXT_MAX)
        await ask(message, state, "text", lang, regions, note)
        return
    refusal = await complaint_service.refusal(message.from_user.id, text, datetime.now(UTC))
    if refusal is not None and refusal.reason == "duplicate":
        await ask(message, state, "text", lang, regions, refusal_text(refusal, lang))
        return
    await state.update_data(text=text)
    await go_next(message, state, "text", lang, regions)


@router.message(StateFilter(ComplaintForm.attachments), F.photo | F.document)
async def attachment(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    lang, regions = i18n.current_locale, _regions(qa)
    data = await state.get_data()
    items = list(data.get("attachments") or ())
    if len(items) >= MAX_ATTACHMENTS:
        await go_next(message, state, "attachments", lang, regions)
        return
    if message.photo:
        items.append({"kind": "photo", "file_id": message.photo[-1].file_id})
    else:
        items.append({"kind": "document", "file_id": message.document.file_id, "file_name": message.document.file_name})
    await state.update_data(attachments=items)
    if len(items) >= MAX_ATTACHMENTS:
        note = _("{n} of {max} files added: that is the most an appeal can have.", locale=lang).format(
            n=len(items), max=MAX_ATTACHMENTS)
        await go_next(message, state, "attachments", lang, regions, note)
        return
    await message.answer(
        _("{n} of {max} files added. Send more, or press Done.", locale=lang).format(n=len(items), max=MAX_ATTACHMENTS),
        reply_markup=step_keyboard("attachments", await state.get_data(), lang, regions),
    )


@router.message(StateFilter(ComplaintForm.location), F.location)
async def location(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    await state.update_data(lat=message.location.latitude, lon=message.location.longitude)
    await go_next(message, state, "location", i18n.current_locale, _regions(qa))


@router.message(StateFilter(ComplaintForm.name), F.text)
async def typed_name(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    lang, regions = i18n.current_locale, _regions(qa)
    name = " ".join(message.text.split())
    if PHONE_LIKE.search(name):
        await ask(message, state, "name", lang, regions,
                  _("Please write only your name here: the phone number is shared with a button in the next step.",
                    locale=lang))
        return
    if name.startswith("/") or not 2 <= len(name) <= 100:
        await ask(message, state, "name", lang, regions, _("Please write your name (up to 100 characters).", locale=lang))
        return
    await state.update_data(name=name)
    await go_next(message, state, "name", lang, regions)


@router.message(StateFilter(ComplaintForm.phone), F.contact)
async def shared_contact(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    lang, regions = i18n.current_locale, _regions(qa)
    contact = message.contact
    if contact.user_id != message.from_user.id:
        await ask(message, state, "phone", lang, regions,
                  _("This is someone else's contact. Please share your own number with the button below.", locale=lang))
        return
    phone = contact.phone_number if contact.phone_number.startswith("+") else "+" + contact.phone_number
    await state.update_data(phone=phone)
    await message.answer(_("Thank you, the number is saved.", locale=lang), reply_markup=ReplyKeyboardRemove())
    await go_next(message, state, "phone", lang, regions)


@router.message(StateFilter(ComplaintForm.phone), F.text)
async def typed_phone(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    lang = i18n.current_locale
    await ask(message, state, "phone", lang, _regions(qa),
              _("A typed number is not accepted: only the button shares a number that really is yours. Press "
                "«Share my phone number» below, or Skip.", locale=lang))


@router.message(StateFilter(ComplaintForm))
async def unexpected(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    """Anything a step does not expect (a sticker, a photo where text is asked…): ask again."""
    lang = i18n.current_locale
    step = await current_step(state) or "kind"
    notes = {
        "text": _("Please send the text of the appeal as a message.", locale=lang),
        "attachments": _("Only photos and documents can be attached here.", locale=lang),
        "location": _("Please send a location (📎 → Location), or press Skip.", locale=lang),
        "name": _("Please write your name as text.", locale=lang),
    }
    note = notes.get(step, _("Please use the buttons below, or /cancel to stop.", locale=lang))
    await ask(message, state, step, lang, _regions(qa), note)
