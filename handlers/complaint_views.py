"""What the intake form shows: each step's question and buttons, the summary, the refusals.

Pure rendering: a function of the form data and the language (plus the reference data of places and
the directory of bodies); the handlers in handlers/complaint_form.py send what these return.
"""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram.types import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from qa.regions import Place, all_places
from services import complaint_texts as texts
from services.complaint_callbacks import FormOffer, FormStep
from services.complaint_flow import MAX_ATTACHMENTS, OPTIONAL, PARTS
from services.complaints import TEXT_MAX, TEXT_MIN, Refusal

BODIES_PER_PAGE = 8


def places_by_id(regions: dict) -> dict[str, Place]:
    return {p.id: p for p in all_places(regions) if p.kind != "district"}


def _finish(kb: InlineKeyboardBuilder, widths: list[int]) -> InlineKeyboardMarkup:
    kb.adjust(*[w for w in widths if w] or [1])
    return kb.as_markup()


def _nav(kb: InlineKeyboardBuilder, widths: list[int], step: str, data: dict, lang: str) -> None:
    """Skip / Done for optional steps, Back everywhere a step before exists."""
    row = 0
    if step in OPTIONAL:
        count = len(data.get("attachments") or ())
        if step == "attachments" and count:
            kb.button(text="✅ " + _("Done ({n})", locale=lang).format(n=count), callback_data=FormStep(action="done"))
        else:
            kb.button(text="⏭ " + _("Skip", locale=lang), callback_data=FormStep(action="skip"))
        row += 1
    if step != "oblast":
        kb.button(text="⬅️ " + _("Back", locale=lang), callback_data=FormStep(action="back"))
        row += 1
    widths.append(row)


def _last_addressee(kb: InlineKeyboardBuilder, widths: list[int], data: dict, lang: str) -> None:
    last = data.get("last") or {}
    if last.get("body_name") and not data.get("editing"):
        kb.button(text="📍 " + _("As last time: {body}", locale=lang).format(body=last["body_name"])[:60],
                  callback_data=FormStep(action="same"))
        widths.append(1)


def oblast_keyboard(data: dict, lang: str, regions: dict) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    widths: list[int] = []
    _last_addressee(kb, widths, data, lang)
    choices = [(c["id"], "🏙 " + c["name"][lang]) for c in regions.get("republican_cities") or ()]
    choices += [(o["id"], o["name"][lang]) for o in regions.get("oblasts") or ()]
    for region_id, name in choices:
        kb.button(text=name, callback_data=FormStep(action="obl", value=region_id))
    widths += [2] * ((len(choices) + 1) // 2)
    if data.get("editing"):
        kb.button(text="⬅️ " + _("Back", locale=lang), callback_data=FormStep(action="back"))
        widths.append(1)
    return _finish(kb, widths)


def place_keyboard(data: dict, lang: str, regions: dict) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    widths: list[int] = []
    _last_addressee(kb, widths, data, lang)
    oblast = next((o for o in regions.get("oblasts") or () if o["id"] == data.get("oblast_id")), None)
    items = []
    if oblast is not None:
        items = [(r["id"], r["name"][lang]) for r in oblast.get("rayons") or ()]
        items += [(c["id"], "🏙 " + c["name"][lang]) for c in oblast.get("cities") or ()]
    for place_id, name in items:
        kb.button(text=name, callback_data=FormStep(action="plc", value=place_id))
    widths += [2] * ((len(items) + 1) // 2)
    kb.button(text="⬅️ " + _("Another oblast", locale=lang), callback_data=FormStep(action="back"))
    widths.append(1)
    return _finish(kb, widths)


def body_keyboard(data: dict, lang: str, regions: dict, directory: Any) -> InlineKeyboardMarkup:
    """The aiyl okmotus of the rayon (paged), its cities, and "I don't know"."""
    kb = InlineKeyboardBuilder()
    widths: list[int] = []
    rayon_id = data.get("place_id", "")
    # Aiyl okmotus only: the rayon's cities come below as mayor's offices, from the reference data.
    bodies = [b for b in directory.in_rayon(rayon_id, lang) if b.kind == "aiyl_okmotu"] if directory is not None else []
    page = int(data.get("body_page") or 0)
    pages = max(1, -(-len(bodies) // BODIES_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = bodies[page * BODIES_PER_PAGE:(page + 1) * BODIES_PER_PAGE]
    for body in shown:
        kb.button(text=body.short(lang), callback_data=FormStep(action="ao", value=body.id))
    widths += [2] * ((len(shown) + 1) // 2)
    if pages > 1:
        row = 0
        if page > 0:
            kb.button(text="◀", callback_data=FormStep(action="page", value=str(page - 1)))
            row += 1
        kb.button(text=_("{page} of {pages}", locale=lang).format(page=page + 1, pages=pages),
                  callback_data=FormStep(action="page", value=str(page)))
        row += 1
        if page < pages - 1:
            kb.button(text="▶", callback_data=FormStep(action="page", value=str(page + 1)))
            row += 1
        widths.append(row)
    for place in all_places(regions):
        if place.kind == "city" and place.parent == rayon_id:
            kb.button(text="🏙 " + texts.body_of_city(place.name[lang], lang),
                      callback_data=FormStep(action="plc", value=place.id))
            widths.append(1)
    kb.button(text="🤷 " + _("I don't know: let staff choose", locale=lang), callback_data=FormStep(action="unk"))
    widths.append(1)
    kb.button(text="⬅️ " + _("Back", locale=lang), callback_data=FormStep(action="back"))
    widths.append(1)
    return _finish(kb, widths)


def step_keyboard(step: str, data: dict, lang: str, regions: dict, directory: Any = None) -> InlineKeyboardMarkup:
    if step == "oblast":
        return oblast_keyboard(data, lang, regions)
    if step == "place":
        return place_keyboard(data, lang, regions)
    if step == "body":
        return body_keyboard(data, lang, regions, directory)
    kb = InlineKeyboardBuilder()
    widths: list[int] = []
    if step == "kind":
        for kind in texts.KINDS:
            kb.button(text=texts.kind_label(kind, lang), callback_data=FormStep(action="kind", value=kind))
        widths = [1, 1, 1]
    elif step == "category":
        for category in texts.CATEGORIES:
            kb.button(text=texts.category_label(category, lang), callback_data=FormStep(action="cat", value=category))
        widths = [2] * ((len(texts.CATEGORIES) + 1) // 2)
    elif step == "consent":
        kb.button(text="✅ " + _("Yes, I agree", locale=lang), callback_data=FormStep(action="yes"))
        kb.button(text="🚫 " + _("No", locale=lang), callback_data=FormStep(action="no"))
        widths = [2]
    elif step == "confirm":
        kb.button(text="✅ " + _("Send", locale=lang), callback_data=FormStep(action="send"))
        kb.button(text="✏️ " + _("Change", locale=lang), callback_data=FormStep(action="change"))
        widths = [2]
        if not (data.get("name") or data.get("phone")):
            kb.button(text="👤 " + _("Add my name and phone", locale=lang), callback_data=FormStep(action="contact"))
            widths.append(1)
        return _finish(kb, widths)
    elif step == "change":
        for part, label in part_labels(lang).items():
            kb.button(text=label, callback_data=FormStep(action="part", value=part))
        kb.button(text="⬅️ " + _("Back", locale=lang), callback_data=FormStep(action="back"))
        return _finish(kb, [2, 2, 2, 1, 1])
    _nav(kb, widths, step, data, lang)
    return _finish(kb, widths)


def part_labels(lang: str) -> dict[str, str]:
    labels = {
        "kind": _("Kind", locale=lang), "place": _("Addressee", locale=lang), "category": _("Category", locale=lang),
        "text": _("Text", locale=lang), "attachments": _("Attachments", locale=lang),
        "location": _("Location", locale=lang), "contact": _("Contact details", locale=lang),
    }  # fmt: skip
    assert labels.keys() == PARTS.keys()
    return labels


def phone_keyboard(lang: str) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text="📱 " + _("Share my phone number", locale=lang), request_contact=True)],
            [KeyboardButton(text="⏭ " + _("Skip", locale=lang)), KeyboardButton(text="⬅️ " + _("Back", locale=lang))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def choice_keyboard(places: list[Place], matches: list, lang: str, typed: str | None,
                    regions: dict) -> InlineKeyboardMarkup:
    """After a typed name: the places and bodies it may mean, each a button; the typed name itself
    only through an explicit confirmation."""
    kb = InlineKeyboardBuilder()
    for place in places:
        label = place.name[lang]
        if place.kind == "oblast":
            label = "🗺 " + label
        elif place.kind == "city":
            label = "🏙 " + texts.body_of_city(label, lang)
        action = "obl" if place.kind == "oblast" or place.oblast is None else "plc"
        kb.button(text=label, callback_data=FormStep(action=action, value=place.id))
    known = places_by_id(regions)
    for match in matches:
        label = match.body.label(lang)
        if match.body.rayon in known:  # the same name exists in several rayons
            label += f" ({known[match.body.rayon].name[lang]})"
        kb.button(text=label[:64], callback_data=FormStep(action="ao", value=match.body.id))
    if typed:
        kb.button(text="✍️ " + _("None of these: «{name}» as I typed it", locale=lang).format(name=typed[:30]),
                  callback_data=FormStep(action="typed"))
    kb.button(text="⬅️ " + _("Back", locale=lang), callback_data=FormStep(action="back"))
    kb.adjust(1)
    return kb.as_markup()


def offer_keyboard(lang: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text="📝 " + _("File an appeal with it", locale=lang), callback_data=FormOffer(action="yes"))
    kb.button(text=_("No, thank you", locale=lang), callback_data=FormOffer(action="no"))
    kb.adjust(1)
    return kb.as_markup()


# --- questions ------------------------------------------------------------------------------------


def prompt(step: str, data: dict, lang: str) -> str:
    if step == "kind":
        lines = [_("What do you want to send? The law on citizens' appeals knows three kinds:", locale=lang)]
        lines += [f"• <b>{texts.kind_label(k, lang)}</b>: {texts.kind_hint(k, lang)}" for k in texts.KINDS]
        return "\n".join(lines)
    if step == "oblast":
        return _("Whom is your appeal addressed to? Choose Bishkek, Osh or the oblast, or type the name of the "
                 "aiyl okmotu, rayon or city. You can stop at any step with /cancel.", locale=lang)
    if step == "place":
        return _("Choose the rayon or the city (🏙), or type its name.", locale=lang)
    if step == "body":
        return _("Which aiyl okmotu of {rayon}? Choose it, type its name, or press «I don't know»: staff will "
                 "find the right one.", locale=lang).format(rayon=escape(data.get("place_name", "")))
    if step == "category":
        return _("What is it about? Choose a category.", locale=lang)
    if step == "text":
        return _("Describe the matter in one message: what happened, where and when, and what you ask for "
                 "(from {min} to {max} characters). You can also send a voice message, or a photo with the "
                 "description as its caption.", locale=lang).format(min=TEXT_MIN, max=TEXT_MAX)
    if step == "attachments":
        return _("Send up to {n} photos or documents, one by one, then press Done.", locale=lang).format(
            n=MAX_ATTACHMENTS)
    if step == "location":
        return _("Send the location of the place (📎 → Location), or press Skip (/skip).", locale=lang)
    if step == "name":
        return _("Your name, so that the body can answer you. You can add your phone number in the same "
                 "message, e.g. «Asan Asanov 0555 123 456». Or press Skip (/skip).", locale=lang)
    if step == "phone":
        return _("Your phone number: press the button below to share it, or type it (e.g. 0555 123 456). "
                 "Or Skip (/skip).", locale=lang)
    if step == "consent":
        return _("May we pass your name and phone number to the body your appeal is about? Without your consent "
                 "the appeal is still considered, but staff will not see your contact details.", locale=lang)
    if step == "change":
        return _("Which part do you want to change?", locale=lang)
    return summary(data, lang)


def summary(data: dict, lang: str, *, with_text: bool = True) -> str:
    no = "—"
    attachments = len(data.get("attachments") or ())
    lines = [
        "<b>" + _("Please check your appeal:", locale=lang) + "</b>",
        _("Kind: {kind}", locale=lang).format(kind=texts.kind_label(data.get("kind", ""), lang)),
        _("To: {body}", locale=lang).format(body=escape(data.get("body_name", ""))),
        _("Category: {category}", locale=lang).format(category=texts.category_label(data.get("category", ""), lang)),
    ]
    # Only what is there: "Attachments: 0" and "Location: —" were two empty lines on a phone's first
    # screen, and the last line already says that a photo or a location may be added.
    if attachments:
        lines.append(_("Attachments: {n}", locale=lang).format(n=attachments))
    if data.get("lat") is not None:
        lines.append(_("Location: {link}", locale=lang).format(link=texts.location_link(data["lat"], data["lon"])))
    if data.get("name") or data.get("phone"):
        consent = _("yes", locale=lang) if data.get("consent") else _("no", locale=lang)
        lines += [
            _("Your name: {name}", locale=lang).format(name=escape(data.get("name") or no)),
            _("Your phone: {phone}", locale=lang).format(phone=escape(data.get("phone") or no)),
            _("Consent to pass contact details: {answer}", locale=lang).format(answer=consent),
        ]
    if with_text:
        lines += ["", escape(data.get("text", ""))]
    lines += ["", _("A photo or a location sent now is added to the appeal.", locale=lang)]
    return "\n".join(lines)


def attached_note(count: int, lang: str) -> str:
    return _("{n} file attached (at most {max}).", "{n} files attached (at most {max}).", count,
             locale=lang).format(n=count, max=MAX_ATTACHMENTS)


def refusal_text(refusal: Refusal, lang: str) -> str:
    if refusal.reason == "duplicate" and refusal.earlier is not None:
        return _("You already sent this text as appeal {number} on {date}. It is being handled; its status is in "
                 "/my. If something has changed, please describe it in new words.", locale=lang).format(
            number=refusal.earlier.number, date=texts.format_date(refusal.earlier.filed))
    return _("You have filed the largest number of appeals allowed in one day. Please continue tomorrow; your "
             "appeals are in /my.", locale=lang)
