"""The intake form's flow as plain data (issue 11.9): steps, what applies, next and previous; phone numbers."""

from __future__ import annotations

import pytest

from services import complaint_flow as flow


def test_the_short_path_asks_only_the_addressee_category_and_text() -> None:
    data: dict = {}
    walked = ["oblast"]
    data |= {"region_kind": "oblast", "oblast_id": "chui"}
    walked.append(flow.next_step("oblast", data))
    data |= {"place_kind": "rayon", "place_id": "alamudun"}
    walked.append(flow.next_step("place", data))
    walked.append(flow.next_step("body", data))
    walked.append(flow.next_step("category", data))
    walked.append(flow.next_step("text", data))
    assert walked == ["oblast", "place", "body", "category", "text", "confirm"]


def test_a_city_skips_the_rayon_and_the_body() -> None:
    bishkek = {"region_kind": "city", "place_kind": "city"}
    assert flow.next_step("oblast", bishkek) == "category"
    assert flow.previous_step("category", bishkek) == "oblast"
    kant = {"region_kind": "oblast", "place_kind": "city"}  # a city of an oblast, chosen on the rayon list
    assert flow.next_step("place", kant) == "category"
    assert flow.previous_step("category", kant) == "place"


def test_the_first_step_uses_a_known_oblast() -> None:
    assert flow.first_step({}) == "oblast"
    assert flow.first_step({"region_kind": "oblast", "oblast_id": "osh"}) == "place"
    assert flow.first_step({"region_kind": "oblast", "oblast_id": "osh", "place_kind": "rayon",
                            "place_id": "nookat"}) == "body"
    assert flow.first_step({"region_kind": "city", "place_id": "bishkek", "body_name": "Мэрия"}) == "category"
    assert flow.previous_step("oblast", {}) is None  # nothing before the first question


def test_editing_a_part_walks_its_steps_and_returns_to_the_summary() -> None:
    contact = {"editing": "contact"}
    assert flow.next_step("name", contact) == "phone"
    assert flow.next_step("phone", contact) == "confirm"  # no name or phone: no consent asked
    assert flow.next_step("phone", contact | {"phone": "+996555123456"}) == "consent"
    assert flow.previous_step("name", contact) == "confirm"
    assert flow.previous_step("phone", contact) == "name"  # "Back" on the phone step is a real back
    assert flow.next_step("category", {"editing": "category"}) == "confirm"
    assert flow.next_step("kind", {"editing": "kind"}) == "confirm"
    place = {"editing": "place", **flow.start_editing("place", {})}
    assert flow.next_step("oblast", place) == "place"
    assert flow.previous_step("change", {}) == "confirm"


def test_every_part_of_the_summary_has_steps_of_the_form() -> None:
    assert set(flow.MAIN) <= set(flow.STEPS)
    for steps in flow.PARTS.values():
        assert set(steps) <= set(flow.STEPS)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+996 555 12-34-56", "+996555123456"),
        ("996555123456", "+996555123456"),
        ("0555 123 456", "+996555123456"),
        ("0 (700) 12 34 56", "+996700123456"),
        ("555123456", "+996555123456"),
        ("+7 701 123 45 67", None),
        ("12345", None),
        ("0055 123 456", None),
        ("телефон", None),
    ],
)
def test_a_typed_phone_becomes_plus_996(typed: str, expected: str | None) -> None:
    assert flow.normalise_phone(typed) == expected


def test_a_name_and_a_phone_in_one_message() -> None:
    assert flow.split_name_and_phone("Асан Асанов 0555 123 456") == ("Асан Асанов", "+996555123456")
    assert flow.split_name_and_phone("Айгүл") == ("Айгүл", None)
