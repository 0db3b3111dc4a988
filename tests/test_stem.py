"""Word forms: the forms of one word meet (the question's and the index's words go through the same
stem), and words that only look alike stay apart. Typed with ң ө ү or without them, alike."""

from __future__ import annotations

import pytest

from qa.matcher import Matcher, _is_function_word
from qa.model import Entry
from qa.normalize import match_text
from qa.stem import stem

STRIP = str.maketrans("ңөүҢӨҮ", "ноуНОУ")


def _stem(word: str) -> str:
    (folded,) = match_text(word).split()
    return stem(folded)


def _meet(a: str, b: str) -> bool:
    return _stem(a) == _stem(b)


@pytest.mark.parametrize(
    "negative, positive",
    [
        ("шайланбайт", "шайланат"),
        ("шайланбаган", "шайланган"),
        ("дайындалбаган", "дайындалган"),
        ("бербесе", "берет"),
        ("киргизбей", "киргиз"),
    ],
)
def test_a_negated_verb_meets_its_positive_form(negative, positive):
    assert _meet(negative, positive)
    assert _meet(negative.translate(STRIP), positive)


@pytest.mark.parametrize(
    "form, bare",
    [
        ("мэриясын", "мэрия"),  # possessive + accusative after a vowel
        ("мэриясына", "мэрия"),
        ("шаарында", "шаар"),
        ("кеңешинде", "кеңеш"),
        ("кенешинде", "кеңеш"),  # typed without ң
        ("шайланганда", "шайланган"),  # the н is the participle's, the locative is -да
        ("мыйзамдан", "мыйзам"),
        ("Абаддын", "Абад"),  # a д doubled by the suffix and collapsed by folding is the word's own
        ("заводду", "завод"),
    ],
)
def test_a_case_or_possessive_form_meets_the_bare_word(form, bare):
    assert _meet(form, bare)


@pytest.mark.parametrize(
    "forms",
    [
        ["салык", "салыгы", "салыгынын", "салыктар"],
        ["укук", "укугу", "укуктары"],
        ["депутаттык", "депутаттыгы"],
        ["жоопкерчилик", "жоопкерчилиги"],
    ],
)
def test_a_final_k_voiced_before_the_possessive_still_meets(forms):
    assert len({_stem(f) for f in forms}) == 1


def test_the_head_keeps_its_doer_suffix_in_every_form():
    forms = ["башчы", "башчысы", "башчысын", "башчысынын", "башчылар", "башчысы".translate(STRIP)]
    stems = {_stem(f) for f in forms}
    assert len(stems) == 1
    # four letters or more: a stem the index can use (a three-letter one, "баш", is no key)
    assert len(stems.pop()) >= 4


def test_an_adviser_is_not_a_council_but_the_polite_particle_still_comes_off():
    # "-чы" on a noun makes the doer (кеңешчи, an adviser; жетекчи, a leader), on "-ңыз" it is the
    # emphatic particle of a polite request
    assert not _meet("кеңешчи", "кеңеш")
    assert _meet("айтыңызчы", "айтыңыз")


def test_a_question_word_with_a_case_ending_weighs_as_a_question_word():
    # "качанга чейин" (until when) says no more about a topic than "качан"
    assert _is_function_word(match_text("качанга"))
    assert _is_function_word(match_text("кимдерге"))
    assert not _is_function_word(match_text("шайлоого"))


def _entry(entry_id: str, ky: list[str], ru: list[str]) -> Entry:
    return Entry(id=entry_id, group="test", title={"ky": ky[0], "ru": ru[0]},
                 questions={"ky": tuple(ky), "ru": tuple(ru)}, keywords={"ky": (), "ru": ()}, statements=())


def test_a_negated_question_finds_the_topic_its_positive_form_names():
    matcher = Matcher([
        _entry("head-appointment", ["айыл өкмөтүнүн башчысы шайланат же дайындалат"],
               ["главу айыл окмоту выбирают или назначают"]),
        _entry("kenesh-term", ["кеңеш канча жылга шайланат", "кеңештин мөөнөтү канча"],
               ["на сколько лет избирают кенеш"]),
        _entry("appeals", ["арызга канча күндө жооп беришет"], ["за сколько дней отвечают на обращение"]),
    ])
    found = matcher.match("эмне үчүн айыл өкмөтүнүн башчысы шайланбайт, дайындалбайт беле")
    assert found.kind == "topic" and found.topic == "head-appointment"
