"""The intake form's flow as plain data: its steps, which apply, and what comes next or before.

No aiogram here: the handlers ask `next_step` / `previous_step` and render the step they get.

The short path (issue 11.2) asks only what an appeal cannot do without: the addressee (oblast →
rayon or city → aiyl okmotu or mayor's office, skipped where already known), the category and the
text, then one summary with "Send" and "Change". The kind defaults to "complaint"; photos, a
location and contact details are optional and reached from the summary (a photo or a location sent
at any step is kept as well). `data` is the form's FSM data (a dict of what was collected).
"""

from __future__ import annotations

import re

# Every state of the form, in the order the parts appear on the summary.
STEPS = ("kind", "oblast", "place", "body", "category", "text", "attachments", "location", "name", "phone",
         "consent", "confirm", "change")  # fmt: skip
# What /complaint walks through; each step is skipped when it does not apply.
MAIN = ("oblast", "place", "body", "category", "text", "confirm")
# The summary's "Change" sends one part back; these are the steps of each part, in order.
PARTS: dict[str, tuple[str, ...]] = {
    "kind": ("kind",), "place": ("oblast", "place", "body"), "category": ("category",), "text": ("text",),
    "attachments": ("attachments",), "location": ("location",), "contact": ("name", "phone", "consent"),
}  # fmt: skip
OPTIONAL = frozenset({"attachments", "location", "name", "phone"})
DEFAULT_KIND = "complaint"
MAX_ATTACHMENTS = 5

PHONE_CHARS = re.compile(r"[\s()\-.]")
PHONE_LIKE = re.compile(r"(?:\+?\d[\s()\-.]*){7,}")


def applies(step: str, data: dict) -> bool:
    if step == "place":
        return data.get("region_kind") != "city"  # Bishkek and Osh are chosen on the first screen
    if step == "body":
        return data.get("place_kind") == "rayon"  # a city has one executive body: its mayor's office
    if step == "consent":
        return bool(data.get("name") or data.get("phone"))
    return True


def has_addressee(data: dict) -> bool:
    return bool(data.get("body_name") and data.get("place_id"))


def first_step(data: dict) -> str:
    """Where a new form starts: after what is already known (an addressee, a rayon, an oblast)."""
    if has_addressee(data):
        return "category"
    if data.get("place_kind") == "rayon" and data.get("place_id"):
        return "body"
    if data.get("region_kind") == "oblast" and data.get("oblast_id"):
        return "place"
    return "oblast"


def _sequence(data: dict) -> tuple[str, ...]:
    editing = data.get("editing")
    return PARTS[editing] + ("confirm",) if editing in PARTS else MAIN


def next_step(step: str, data: dict) -> str:
    sequence = _sequence(data)
    if step not in sequence:
        return "confirm"
    index = sequence.index(step) + 1
    while sequence[index] != "confirm" and not applies(sequence[index], data):
        index += 1
    return sequence[index]


def previous_step(step: str, data: dict) -> str | None:
    """The step before `step`; "confirm" when editing a part from its first step; None at the very start."""
    if step == "change":
        return "confirm"
    sequence = _sequence(data)
    if step not in sequence:
        return "confirm"
    index = sequence.index(step) - 1
    while index >= 0 and not applies(sequence[index], data):
        index -= 1
    if index < 0:
        return "confirm" if data.get("editing") else None
    return sequence[index]


def start_editing(part: str, data: dict) -> dict:
    """The changes to the form data when the citizen picks `part` to change on the summary. What the
    part held stays until a new choice replaces it, so "Back" returns to a summary that can be sent."""
    return {"editing": part}


def normalise_phone(text: str) -> str | None:
    """A Kyrgyz mobile number as +996XXXXXXXXX, from however it was typed; None if it is not one.

    Accepted: +996 555 12-34-56, 996555123456, 0555 123 456, 555123456.
    """
    digits = PHONE_CHARS.sub("", text.strip())
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("996"):
            return None
    if not digits.isdigit():
        return None
    if digits.startswith("996") and len(digits) == 12:
        national = digits[3:]
    elif digits.startswith("0") and len(digits) == 10:
        national = digits[1:]
    elif len(digits) == 9:
        national = digits
    else:
        return None
    if national[0] in "01":
        return None
    return "+996" + national


def split_name_and_phone(text: str) -> tuple[str, str | None]:
    """"Асан Асанов 0555 123 456" → ("Асан Асанов", "+996555123456"); the name alone when there is no number."""
    found = PHONE_LIKE.search(text)
    if found is None:
        return " ".join(text.split()), None
    phone = normalise_phone(found.group())
    name = " ".join((text[: found.start()] + " " + text[found.end():]).split()).strip(" ,;-")
    return name, phone
