"""/complaint: the citizen's intake form (Law No. 67 of 2007). Thin handlers, one per action.

The flow (which step follows which) is services/complaint_flow.py; the questions and buttons are
handlers/complaint_views.py. The state is in SQLite, so a restart resumes at the same step.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from html import escape

from aiogram import Bot, F
from aiogram.filters import BaseFilter, Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from config import LOCALES, Settings
from handlers import complaint_views as views
from handlers.callbacks import StartComplaint
from handlers.filters import HasText
from handlers.routing import HandlerSet
from handlers.staff.keyboards import announce_new_ticket
from qa.regions import Place, find_place
from qa.service import QuestionAnswerer
from services import complaint_flow as flow
from services import complaint_texts as texts
from services.complaint_bodies import bodies_directory, looks_like_name
from services.complaint_callbacks import FormOffer, FormStep
from services.complaints import TEXT_MAX, TEXT_MIN, ComplaintService, Draft, Refusal
from storage.complaints import Attachment
from storage.subscriptions import SubscriptionRepo

router = HandlerSet(__name__)
log = logging.getLogger("kenesh.complaints")
refusal_text = views.refusal_text  # where other features (ask_staff) import it from


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


assert tuple(s.split(":")[1] for s in ComplaintForm.__state_names__) == flow.STEPS  # type: ignore[attr-defined]
IN_FORM = StateFilter(ComplaintForm)
KIND_WORDS = {
    "oblast": re.compile(r"(?i)облус|област|\bобл\b"),
    "rayon": re.compile(r"(?i)район|\bр-н"),
    "city": re.compile(r"(?i)шаар|город|\bг\.|мэри|мери"),
}


def _regions(qa: QuestionAnswerer) -> dict:
    return qa.kb.regions


def state_of(step: str) -> State:
    return getattr(ComplaintForm, step)


async def current_step(state: FSMContext) -> str | None:
    raw = await state.get_state()
    if not raw or not raw.startswith("ComplaintForm:"):
        return None
    return raw.split(":", 1)[1]


async def ask(message: Message, state: FSMContext, step: str, lang: str, regions: dict, note: str = "") -> None:
    """Move to `step` and ask its question (with `note` first, e.g. why the last input was refused)."""
    await state.set_state(state_of(step))
    data = await state.get_data()
    text = views.prompt(step, data, lang)
    if note:
        text = note + "\n\n" + text
    if step == "phone":
        await message.answer(text, reply_markup=views.phone_keyboard(lang))
        return
    if step == "confirm" and len(text) > texts.MAX_MESSAGE:
        # A long text does not fit with the summary: it goes first, whole, on its own.
        await message.answer(escape(data.get("text", "")))
        text = (note + "\n\n" if note else "") + views.summary(data, lang, with_text=False)
    await message.answer(text, reply_markup=views.step_keyboard(step, data, lang, regions, bodies_directory()))


async def go_next(message: Message, state: FSMContext, step: str, lang: str, regions: dict, note: str = "") -> None:
    await ask(message, state, flow.next_step(step, await state.get_data()), lang, regions, note)


async def go_back(message: Message, state: FSMContext, step: str, lang: str, regions: dict) -> None:
    data = await state.get_data()
    target = flow.previous_step(step, data)
    if target is None:  # before the first step: the oblast list
        target = "oblast"
    if target == "confirm":
        await state.update_data(editing=None)
    await ask(message, state, target, lang, regions)


# --- entry ------------------------------------------------------------------------------------


async def prefill(citizen_id: int, lang: str, service: ComplaintService, subscriptions: SubscriptionRepo,
                  regions: dict) -> dict:
    """What is known before the first question: the last addressee and contact, the subscribed region."""
    data: dict = {"kind": flow.DEFAULT_KIND}
    last = await service.repo.of_citizen(citizen_id, limit=1)
    if last:
        ticket = last[0]
        data["last"] = {
            "region_id": ticket.region_id, "place_id": ticket.place_id, "place_kind": ticket.place_kind,
            "place_name": ticket.place_name, "body_name": ticket.body_name, "body_id": ticket.body_id,
        }  # fmt: skip
        if ticket.contact_name or ticket.contact_phone:
            data |= {"name": ticket.contact_name, "phone": ticket.contact_phone, "consent": ticket.consent}
    subscription = await subscriptions.get(citizen_id)
    if subscription is None or subscription.region == "all":
        return data
    places = views.places_by_id(regions)
    # The subscription's narrowest place: a rayon or city inside the region (when subscriptions have one), else the region.
    place = places.get(getattr(subscription, "place", None) or "") or places.get(subscription.region)
    if place is None:
        return data
    if place.kind == "oblast":
        data |= {"oblast_id": place.id, "region_kind": "oblast"}
    elif place.kind == "rayon":
        data |= {"oblast_id": place.oblast, "region_kind": "oblast", "region_id": place.oblast,
                 "place_id": place.id, "place_kind": "rayon", "place_name": place.name[lang]}
    elif place.kind == "city":  # a city has one addressee, its mayor's office: shown, changeable on the summary
        data |= {"oblast_id": place.oblast, "region_kind": "oblast" if place.oblast else "city",
                 "region_id": place.oblast or place.id, "place_id": place.id, "place_kind": "city",
                 "place_name": place.name[lang], "body_name": texts.body_of_city(place.name[lang], lang),
                 "body_id": place.id, "prefilled_addressee": True}
    return data


async def begin(message: Message, state: FSMContext, citizen_id: int, lang: str, service: ComplaintService,
                subscriptions: SubscriptionRepo, regions: dict, preset: dict | None = None) -> None:
    refusal = await service.refusal(citizen_id, None, datetime.now(UTC))
    await state.clear()
    if refusal is not None:
        await message.answer(views.refusal_text(refusal, lang))
        return
    data = await prefill(citizen_id, lang, service, subscriptions, regions)
    await state.set_data(data | (preset or {}))
    note = ""
    if data.get("prefilled_addressee"):
        note = _("To: {body} (from your subscription; you can change it on the summary).", locale=lang).format(
            body=escape(data["body_name"]))
    if preset and preset.get("attachments"):
        note = "📎 " + views.attached_note(len(preset["attachments"]), lang) + ("\n" + note if note else "")
    elif preset and preset.get("lat") is not None:
        note = "📍 " + _("The location is saved.", locale=lang) + ("\n" + note if note else "")
    await ask(message, state, flow.first_step(data), lang, regions, note)


@router.message(Command("complaint"), StateFilter("*"))
async def complaint_command(message: Message, state: FSMContext, complaint_service: ComplaintService,
                            subscriptions: SubscriptionRepo, qa: QuestionAnswerer, i18n: I18n) -> None:
    await begin(message, state, message.from_user.id, i18n.current_locale, complaint_service, subscriptions,
                _regions(qa))


@router.callback_query(StartComplaint.filter(), StateFilter("*"))
async def complaint_button(query: CallbackQuery, state: FSMContext, complaint_service: ComplaintService,
                           subscriptions: SubscriptionRepo, qa: QuestionAnswerer, i18n: I18n) -> None:
    if isinstance(query.message, Message):
        await begin(query.message, state, query.from_user.id, i18n.current_locale, complaint_service,
                    subscriptions, _regions(qa))


# --- a photo or a location outside the form ------------------------------------------------------


class PrivatePhotoOrLocation(BaseFilter):
    """A photo or a location in a private chat. Async: this filter sees every message outside a form,
    and aiogram would resolve a magic filter (F.photo) in a worker thread each time."""

    async def __call__(self, message: Message) -> bool:
        return (message.photo is not None or message.location is not None) and message.chat.type == "private"


@router.message(StateFilter(None), PrivatePhotoOrLocation())
async def offer_appeal(message: Message, state: FSMContext, i18n: I18n) -> None:
    lang = i18n.current_locale
    if message.photo:
        pending = {"attachments": [{"kind": "photo", "file_id": message.photo[-1].file_id}]}
        if message.caption:
            pending["caption"] = message.caption
        question = _("Do you want to file an appeal with this photo?", locale=lang)
    else:
        pending = {"lat": message.location.latitude, "lon": message.location.longitude}
        question = _("Do you want to file an appeal about this place?", locale=lang)
    await state.set_data({"pending": pending})
    await message.answer(question, reply_markup=views.offer_keyboard(lang))


@router.callback_query(FormOffer.filter(F.action == "yes"), StateFilter(None))
async def offer_accepted(query: CallbackQuery, state: FSMContext, complaint_service: ComplaintService,
                         subscriptions: SubscriptionRepo, qa: QuestionAnswerer, i18n: I18n) -> None:
    if not isinstance(query.message, Message):
        return
    pending = (await state.get_data()).get("pending") or {}
    caption = pending.pop("caption", None)
    if caption and TEXT_MIN <= len(caption.strip()) <= TEXT_MAX:
        pending["text"] = caption.strip()
    await begin(query.message, state, query.from_user.id, i18n.current_locale, complaint_service, subscriptions,
                _regions(qa), preset=pending)


@router.callback_query(FormOffer.filter(F.action == "no"), StateFilter("*"))
async def offer_declined(query: CallbackQuery, state: FSMContext, callback_answer: CallbackAnswer,
                         i18n: I18n) -> None:
    if await state.get_state() is None:
        await state.clear()
    callback_answer.text = _("All right.", locale=i18n.current_locale)


# --- buttons: one handler per action ----------------------------------------------------------------


class Ctx:
    """What every form handler needs, read once."""

    def __init__(self, message: Message, state: FSMContext, lang: str, regions: dict):
        self.message, self.state, self.lang, self.regions = message, state, lang, regions

    async def ask(self, step: str, note: str = "") -> None:
        await ask(self.message, self.state, step, self.lang, self.regions, note)

    async def next(self, step: str, note: str = "") -> None:
        await go_next(self.message, self.state, step, self.lang, self.regions, note)


async def form_ctx(query: CallbackQuery, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> Ctx | None:
    if not isinstance(query.message, Message):
        return None
    return Ctx(query.message, state, i18n.current_locale, _regions(qa))


def button(action: str, *steps: str):
    """Register a form button handler for `action`, valid at `steps` (any form step when none)."""
    states = StateFilter(*(state_of(s) for s in steps)) if steps else IN_FORM
    return router.callback_query(FormStep.filter(F.action == action), states)


@button("back")
async def back_pressed(query: CallbackQuery, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    if ctx := await form_ctx(query, state, qa, i18n):
        await go_back(ctx.message, state, await current_step(state) or "oblast", ctx.lang, ctx.regions)


@button("skip", *flow.OPTIONAL)
async def skip_pressed(query: CallbackQuery, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    if ctx := await form_ctx(query, state, qa, i18n):
        await skip(ctx, await current_step(state) or "")


@button("done", "attachments")
async def done_pressed(query: CallbackQuery, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    if ctx := await form_ctx(query, state, qa, i18n):
        await ctx.next("attachments")


@button("kind", "kind")
async def kind_chosen(query: CallbackQuery, callback_data: FormStep, state: FSMContext, qa: QuestionAnswerer,
                      i18n: I18n) -> None:
    if (ctx := await form_ctx(query, state, qa, i18n)) and callback_data.value in texts.KINDS:
        await state.update_data(kind=callback_data.value)
        await ctx.next("kind")


@button("obl", "oblast", "place", "body")
async def region_chosen(query: CallbackQuery, callback_data: FormStep, state: FSMContext, qa: QuestionAnswerer,
                        i18n: I18n) -> None:
    if ctx := await form_ctx(query, state, qa, i18n):
        place = views.places_by_id(ctx.regions).get(callback_data.value)
        if place is None or place.kind not in ("oblast", "city"):
            await ctx.ask(await current_step(state) or "oblast")
            return
        await choose_place(ctx, place)


@button("plc", "oblast", "place", "body")
async def place_chosen(query: CallbackQuery, callback_data: FormStep, state: FSMContext, qa: QuestionAnswerer,
                       i18n: I18n) -> None:
    if ctx := await form_ctx(query, state, qa, i18n):
        place = views.places_by_id(ctx.regions).get(callback_data.value)
        if place is None or place.kind not in ("rayon", "city"):
            await ctx.ask(await current_step(state) or "oblast")
            return
        await choose_place(ctx, place)


@button("page", "body")
async def body_page(query: CallbackQuery, callback_data: FormStep, state: FSMContext, qa: QuestionAnswerer,
                    i18n: I18n) -> None:
    if (ctx := await form_ctx(query, state, qa, i18n)) and callback_data.value.isdigit():
        await state.update_data(body_page=int(callback_data.value))
        data = await state.get_data()
        markup = views.step_keyboard("body", data, ctx.lang, ctx.regions, bodies_directory())
        await ctx.message.edit_text(views.prompt("body", data, ctx.lang), reply_markup=markup)


@button("ao", "oblast", "place", "body")
async def body_chosen(query: CallbackQuery, callback_data: FormStep, state: FSMContext, qa: QuestionAnswerer,
                      i18n: I18n) -> None:
    if not (ctx := await form_ctx(query, state, qa, i18n)):
        return
    directory = bodies_directory()
    body = directory.get(callback_data.value) if directory is not None else None
    if body is None:
        await ctx.ask(await current_step(state) or "oblast")
        return
    places = views.places_by_id(ctx.regions)
    if body.kind == "mayor":
        city = places.get(body.id)
        if city is not None:
            await choose_place(ctx, city)
            return
    rayon = places.get(body.rayon or "")
    await state.update_data(
        region_id=body.oblast or body.id, oblast_id=body.oblast, region_kind="oblast",
        place_id=body.rayon or body.id, place_kind="rayon" if body.rayon else "city",
        place_name=rayon.name[ctx.lang] if rayon else body.short(ctx.lang),
        body_name=body.label(ctx.lang), body_id=body.id,
    )  # fmt: skip
    await ctx.next("body")


@button("unk", "body")
async def body_unknown(query: CallbackQuery, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    if ctx := await form_ctx(query, state, qa, i18n):
        data = await state.get_data()
        await state.update_data(body_name=texts.body_of_rayon(data.get("place_name", ""), ctx.lang), body_id=None)
        await ctx.next("body")


@button("typed", "oblast", "place", "body")
async def typed_name_confirmed(query: CallbackQuery, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    if not (ctx := await form_ctx(query, state, qa, i18n)):
        return
    data = await state.get_data()
    typed = data.get("typed_body")
    if not typed or data.get("place_kind") != "rayon":
        await ctx.ask(await current_step(state) or "oblast")
        return
    body = texts.named_aiyl_okmotu(typed, ctx.lang) + f" ({data.get('place_name', '')})"
    await state.update_data(body_name=body, body_id=None, typed_body=None)
    await ctx.next("body")


@button("same", "oblast", "place")
async def same_as_last_time(query: CallbackQuery, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    if ctx := await form_ctx(query, state, qa, i18n):
        last = (await state.get_data()).get("last") or {}
        if not last.get("body_name"):
            await ctx.ask("oblast")
            return
        region_kind = "city" if last.get("place_kind") == "city" and last.get("region_id") == last.get("place_id") \
            else "oblast"
        await state.update_data(**last, region_kind=region_kind)
        await ctx.ask(flow.next_step("body", await state.get_data()))


@button("cat", "category")
async def category_chosen(query: CallbackQuery, callback_data: FormStep, state: FSMContext, qa: QuestionAnswerer,
                          i18n: I18n) -> None:
    if (ctx := await form_ctx(query, state, qa, i18n)) and callback_data.value in texts.CATEGORIES:
        await state.update_data(category=callback_data.value)
        data = await state.get_data()
        if data.get("text") and not data.get("editing"):  # the text came with a photo offered before the form
            await ctx.ask("confirm")
            return
        await ctx.next("category")


@button("yes", "consent")
async def consent_given(query: CallbackQuery, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    if ctx := await form_ctx(query, state, qa, i18n):
        await state.update_data(consent=True)
        await ctx.next("consent")


@button("no", "consent")
async def consent_refused(query: CallbackQuery, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    if ctx := await form_ctx(query, state, qa, i18n):
        await state.update_data(consent=False)
        await ctx.next("consent")


@button("change", "confirm")
async def change_pressed(query: CallbackQuery, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    if ctx := await form_ctx(query, state, qa, i18n):
        await ctx.ask("change")


@button("contact", "confirm")
async def contact_pressed(query: CallbackQuery, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    if ctx := await form_ctx(query, state, qa, i18n):
        await state.update_data(editing="contact")
        await ctx.ask("name")


@button("part", "change")
async def part_chosen(query: CallbackQuery, callback_data: FormStep, state: FSMContext, qa: QuestionAnswerer,
                      i18n: I18n) -> None:
    if (ctx := await form_ctx(query, state, qa, i18n)) and callback_data.value in flow.PARTS:
        part = callback_data.value
        await state.update_data(**flow.start_editing(part, await state.get_data()))
        if part == "attachments":
            await state.update_data(attachments=[])
        await ctx.ask(flow.PARTS[part][0])


@button("send", "confirm")
async def send_pressed(query: CallbackQuery, state: FSMContext, bot: Bot, complaint_service: ComplaintService,
                       settings: Settings, qa: QuestionAnswerer, i18n: I18n) -> None:
    if ctx := await form_ctx(query, state, qa, i18n):
        await submit(ctx, query.from_user.id, bot, complaint_service, settings)


@router.callback_query(FormStep.filter(), IN_FORM)
async def stale_button(query: CallbackQuery, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    """A button of an earlier step: say so and ask the current question again."""
    if ctx := await form_ctx(query, state, qa, i18n):
        await ctx.ask(await current_step(state) or "oblast", _("This button is out of date.", locale=ctx.lang))


async def skip(ctx: Ctx, step: str) -> None:
    state = ctx.state
    if step == "attachments":
        await state.update_data(attachments=[])
    elif step == "location":
        await state.update_data(lat=None, lon=None)
    elif step == "name":
        await state.update_data(name=None)
    elif step == "phone":
        await state.update_data(phone=None)
        await ctx.message.answer(_("Without a phone number.", locale=ctx.lang), reply_markup=ReplyKeyboardRemove())
    data = await state.get_data()
    if not (data.get("name") or data.get("phone")):
        await state.update_data(consent=False)
    await ctx.next(step)


async def choose_place(ctx: Ctx, place: Place) -> None:
    """Record an oblast, rayon or city (chosen or typed) and ask what follows from it."""
    state, lang = ctx.state, ctx.lang
    if place.kind == "district":  # a district of Bishkek: the body is the city's mayor's office
        place = views.places_by_id(ctx.regions)[place.parent]
    if place.kind == "oblast":
        await state.update_data(oblast_id=place.id, region_kind="oblast", place_kind=None, body_page=0)
        await ctx.ask("place")
        return
    name = place.name[lang]
    update = {"region_id": place.oblast or place.id, "place_id": place.id, "place_kind": place.kind,
              "place_name": name, "body_page": 0, "typed_body": None}
    if place.kind == "city":
        update |= {"body_name": texts.body_of_city(name, lang), "body_id": place.id}
        update |= {"oblast_id": None, "region_kind": "city"} if place.oblast is None else \
            {"oblast_id": place.oblast, "region_kind": "oblast"}
        await state.update_data(**update)
        await ctx.next("body")
        return
    update |= {"oblast_id": place.oblast, "region_kind": "oblast", "body_name": "", "body_id": None}
    await state.update_data(**update)
    await ctx.ask("body")


async def submit(ctx: Ctx, citizen_id: int, bot: Bot, service: ComplaintService, settings: Settings) -> None:
    data = await ctx.state.get_data()
    draft = Draft(
        kind=data.get("kind") or flow.DEFAULT_KIND, region_id=data["region_id"], place_id=data["place_id"],
        place_kind=data["place_kind"], place_name=data["place_name"], body_name=data["body_name"],
        body_id=data.get("body_id"), category=data["category"], text=data["text"],
        attachments=[Attachment(a["kind"], a["file_id"], a.get("file_name")) for a in data.get("attachments") or ()],
        latitude=data.get("lat"), longitude=data.get("lon"), contact_name=data.get("name"),
        contact_phone=data.get("phone"), consent=bool(data.get("consent")), text_key=data.get("text_key"),
    )  # fmt: skip
    # The ticket, its confirmation with the number, the staff-chat post and the end of the form commit
    # together: a crash after the commit still sends both messages at the next start.
    async with service.outbox.transaction() as notices:
        result = await service.file(citizen_id, ctx.lang, draft, datetime.now(UTC))
        if not isinstance(result, Refusal):
            service.to_citizen(notices, result, texts.confirmation(result, ctx.lang))
            announce_new_ticket(notices, settings, result, [a.kind for a in draft.attachments])
        await ctx.state.clear()
    if isinstance(result, Refusal):
        await ctx.message.answer(views.refusal_text(result, ctx.lang))
        return
    await service.outbox.deliver(bot, notices)


# --- typed input and other messages, step by step -------------------------------------------------


def typed_skip(text: str | None) -> bool:
    if not text:
        return False
    text = text.strip()
    return text == "/skip" or any(text == "⏭ " + _("Skip", locale=lang) for lang in LOCALES)


def typed_back(text: str | None) -> bool:
    return bool(text) and any(text.strip() == "⬅️ " + _("Back", locale=lang) for lang in LOCALES)


async def message_ctx(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> Ctx:
    return Ctx(message, state, i18n.current_locale, _regions(qa))


@router.message(IN_FORM, F.text.func(typed_skip))
async def skip_typed(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    ctx = await message_ctx(message, state, qa, i18n)
    step = await current_step(state) or "oblast"
    if step in flow.OPTIONAL:
        await skip(ctx, step)
    else:
        await ctx.ask(step, _("This step cannot be skipped.", locale=ctx.lang))


@router.message(StateFilter(ComplaintForm.phone), F.text.func(typed_back))
async def phone_back(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    ctx = await message_ctx(message, state, qa, i18n)
    # The reply keyboard goes away with a real message, then the step before is asked again.
    await message.answer("↩️ " + _("Back to the previous step.", locale=ctx.lang), reply_markup=ReplyKeyboardRemove())
    await go_back(message, state, "phone", ctx.lang, ctx.regions)


@router.message(IN_FORM, HasText(command=True))
async def other_command(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    """A command the form does not know (those of other features were handled before): the form goes on."""
    ctx = await message_ctx(message, state, qa, i18n)
    await ctx.ask(await current_step(state) or "oblast",
                  _("This command is not available in the form. To stop, send /cancel.", locale=ctx.lang))


def _prefer_kind(places: list[Place], text: str) -> list[Place]:
    for kind, words in KIND_WORDS.items():
        if words.search(text):
            chosen = [p for p in places if p.kind == kind]
            if chosen:
                return chosen
    return places


@router.message(StateFilter(ComplaintForm.oblast, ComplaintForm.place, ComplaintForm.body), HasText(command=False))
async def typed_addressee(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    """A typed oblast, rayon, city or aiyl okmotu: matched, and never taken as an addressee unconfirmed."""
    ctx = await message_ctx(message, state, qa, i18n)
    step = await current_step(state) or "oblast"
    text = " ".join(message.text.split())[:100]
    places = _prefer_kind([p for p in find_place(ctx.regions, text) if p.kind != "district"], text)[:4]
    directory = bodies_directory()
    matches = directory.search(text, ctx.lang, limit=5) if directory is not None else []
    matches = [m for m in matches if m.body.kind != "mayor" or m.body.id not in {p.id for p in places}]
    data = await state.get_data()
    if step == "body":  # the rayon is chosen: its own aiyl okmotus first
        matches = [m for m in matches if m.body.rayon == data.get("place_id")] or matches
    if len(places) == 1 and not matches and places[0].kind in ("oblast", "rayon"):
        await choose_place(ctx, places[0])  # narrows the list; the addressee is still chosen by a button
        return
    if not looks_like_name(text) and not places and not matches:
        await ctx.ask(step, _("This looks like a question or a sentence, not a name. Please type only the name "
                              "of the place or the aiyl okmotu, or choose it with the buttons.", locale=ctx.lang))
        return
    typed = None
    if step == "body" and data.get("place_kind") == "rayon" and looks_like_name(text) and 2 <= len(text) <= 80:
        typed = re.sub(r"(?i)\b(айыл\s+[өо]км[өо]т[үу]|а\s*/\s*о|айыл окмоту|aiyl okmotu)\b", "", text).strip(" ,.-")
        await state.update_data(typed_body=typed or None)
    if not places and not matches and not typed:
        await ctx.ask(step, _("I could not find this place. Choose it with the buttons, or check the spelling.",
                              locale=ctx.lang))
        return
    question = _("Which one do you mean?", locale=ctx.lang) if places or matches else \
        _("«{name}» is not in the directory. Send the appeal to this aiyl okmotu as typed?",
          locale=ctx.lang).format(name=escape(typed or ""))
    await message.answer(question, reply_markup=views.choice_keyboard(places, matches, ctx.lang, typed, ctx.regions))


def _too_short_or_long(text: str, lang: str) -> str | None:
    length = len(text)
    if TEXT_MIN <= length <= TEXT_MAX:
        return None
    return _("Your text has {n} characters; an appeal must have from {min} to {max}. Nothing was cut: please "
             "send it again.", locale=lang).format(n=length, min=TEXT_MIN, max=TEXT_MAX)


async def accept_text(ctx: Ctx, text: str, citizen_id: int, service: ComplaintService, note: str = "",
                      text_key: str | None = None) -> None:
    refusal = await service.refusal(citizen_id, text_key or text, datetime.now(UTC))
    if refusal is not None and refusal.reason == "duplicate":
        await ctx.ask("text", views.refusal_text(refusal, ctx.lang))
        return
    await ctx.state.update_data(text=text, text_key=text_key)
    await ctx.next("text", note)


@router.message(StateFilter(ComplaintForm.text), HasText(command=False))
async def typed_text(message: Message, state: FSMContext, complaint_service: ComplaintService,
                     qa: QuestionAnswerer, i18n: I18n) -> None:
    ctx = await message_ctx(message, state, qa, i18n)
    text = message.text.strip()
    if problem := _too_short_or_long(text, ctx.lang):
        await ctx.ask("text", problem)
        return
    await accept_text(ctx, text, message.from_user.id, complaint_service)


@router.message(StateFilter(ComplaintForm.text), F.voice | F.video_note)
async def spoken_text(message: Message, state: FSMContext, complaint_service: ComplaintService,
                      qa: QuestionAnswerer, i18n: I18n) -> None:
    """A voice message or a video note is the text: kept as the first attachment, with a note for staff."""
    ctx = await message_ctx(message, state, qa, i18n)
    media = message.voice or message.video_note
    kind = "voice" if message.voice else "video_note"
    if not await add_attachment(ctx, {"kind": kind, "file_id": media.file_id}):
        return
    text = "🎤 " + _("Voice or video message (attached)", locale=ctx.lang)  # staff see a note in their own language
    await accept_text(ctx, text, message.from_user.id, complaint_service,
                      note="🎤 " + _("Your message is saved as the text of the appeal.", locale=ctx.lang),
                      text_key=f"{kind}:{media.file_unique_id}")


@router.message(StateFilter(ComplaintForm.text), F.photo | F.document)
async def file_with_caption(message: Message, state: FSMContext, complaint_service: ComplaintService,
                            qa: QuestionAnswerer, i18n: I18n) -> None:
    """A photo or a document at the text step: attached; its caption is the text."""
    ctx = await message_ctx(message, state, qa, i18n)
    if not await add_attachment(ctx, attachment_of(message)):
        return
    count = len((await state.get_data()).get("attachments") or ())
    note = "📎 " + views.attached_note(count, ctx.lang)
    caption = (message.caption or "").strip()
    if not caption:
        await ctx.ask("text", note)
        return
    if problem := _too_short_or_long(caption, ctx.lang):
        await ctx.ask("text", note + "\n" + problem)
        return
    await accept_text(ctx, caption, message.from_user.id, complaint_service, note=note)


def attachment_of(message: Message) -> dict:
    if message.photo:
        return {"kind": "photo", "file_id": message.photo[-1].file_id}
    return {"kind": "document", "file_id": message.document.file_id, "file_name": message.document.file_name}


async def add_attachment(ctx: Ctx, item: dict) -> bool:
    """Keep a file with the appeal; False (and the citizen told) when the appeal already has the most."""
    items = list((await ctx.state.get_data()).get("attachments") or ())
    if len(items) >= flow.MAX_ATTACHMENTS:
        await ctx.message.answer(_("An appeal can have at most {max} files; this one was not added.",
                                   locale=ctx.lang).format(max=flow.MAX_ATTACHMENTS))
        return False
    items.append(item)
    await ctx.state.update_data(attachments=items)
    return True


@router.message(StateFilter(ComplaintForm.attachments), F.photo | F.document)
async def attachment(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    ctx = await message_ctx(message, state, qa, i18n)
    if not await add_attachment(ctx, attachment_of(message)):
        await ctx.next("attachments")
        return
    data = await state.get_data()
    count = len(data.get("attachments") or ())
    if count >= flow.MAX_ATTACHMENTS:
        await ctx.next("attachments", views.attached_note(count, ctx.lang))
        return
    await message.answer(views.attached_note(count, ctx.lang) + " " + _("Send more, or press Done.", locale=ctx.lang),
                         reply_markup=views.step_keyboard("attachments", data, ctx.lang, ctx.regions))


@router.message(IN_FORM, F.photo | F.document)
async def attachment_at_any_step(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    """A photo sent while another question is open: kept, and the question asked again."""
    ctx = await message_ctx(message, state, qa, i18n)
    step = await current_step(state) or "oblast"
    if await add_attachment(ctx, attachment_of(message)):
        count = len((await state.get_data()).get("attachments") or ())
        await ctx.ask(step, "📎 " + views.attached_note(count, ctx.lang))


@router.message(IN_FORM, F.location)
async def location(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    """A location is kept at any step; at the location step it also moves on."""
    ctx = await message_ctx(message, state, qa, i18n)
    await state.update_data(lat=message.location.latitude, lon=message.location.longitude)
    step = await current_step(state) or "oblast"
    if step == "location":
        await ctx.next("location")
    else:
        await ctx.ask(step, "📍 " + _("The location is saved.", locale=ctx.lang))


@router.message(StateFilter(ComplaintForm.name), HasText(command=False))
async def typed_name(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    ctx = await message_ctx(message, state, qa, i18n)
    name, phone = flow.split_name_and_phone(message.text)
    if flow.PHONE_LIKE.search(message.text) and phone is None:
        await ctx.ask("name", _("This phone number does not look like a Kyrgyz one (+996 and 9 digits). Please "
                                "check it.", locale=ctx.lang))
        return
    if not 2 <= len(name) <= 100:
        await ctx.ask("name", _("Please write your name (up to 100 characters).", locale=ctx.lang))
        return
    await state.update_data(name=name)
    if phone:
        await state.update_data(phone=phone)
        await ctx.ask(flow.next_step("phone", await state.get_data()))
        return
    await ctx.next("name")


@router.message(StateFilter(ComplaintForm.phone), F.contact)
async def shared_contact(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    ctx = await message_ctx(message, state, qa, i18n)
    contact = message.contact
    if contact.user_id != message.from_user.id:
        await ctx.ask("phone", _("This is someone else's contact. Please share your own number with the button "
                                 "below, or type it.", locale=ctx.lang))
        return
    phone = contact.phone_number if contact.phone_number.startswith("+") else "+" + contact.phone_number
    await save_phone(ctx, phone)


@router.message(StateFilter(ComplaintForm.phone), HasText(command=False))
async def typed_phone(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    ctx = await message_ctx(message, state, qa, i18n)
    phone = flow.normalise_phone(message.text)
    if phone is None:
        await ctx.ask("phone", _("This does not look like a Kyrgyz phone number. Type it as 0555 123 456 or "
                                 "+996 555 123 456, or press Skip.", locale=ctx.lang))
        return
    await save_phone(ctx, phone)


async def save_phone(ctx: Ctx, phone: str) -> None:
    await ctx.state.update_data(phone=phone)
    await ctx.message.answer(_("Thank you, the number {phone} is saved.", locale=ctx.lang).format(phone=phone),
                             reply_markup=ReplyKeyboardRemove())
    await ctx.next("phone")


@router.message(IN_FORM)
async def unexpected(message: Message, state: FSMContext, qa: QuestionAnswerer, i18n: I18n) -> None:
    """Anything a step does not expect (a sticker, a voice message where a name is asked…): ask again."""
    ctx = await message_ctx(message, state, qa, i18n)
    step = await current_step(state) or "oblast"
    notes = {
        "text": _("Please send the text of the appeal as a message, a voice message or a photo with a caption.",
                  locale=ctx.lang),
        "attachments": _("Only photos and documents can be attached here.", locale=ctx.lang),
        "location": _("Please send a location (📎 → Location), or press Skip.", locale=ctx.lang),
        "name": _("Please write your name as text.", locale=ctx.lang),
    }
    note = notes.get(step, _("Please use the buttons below, or /cancel to stop.", locale=ctx.lang))
    await ctx.ask(step, note)
