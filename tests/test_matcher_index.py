"""The matcher's index build reads all of an entry's texts in one stream: an entry must be found under
exactly the keys its texts have when each is read alone (as the entry is scored), whatever the texts
hold — numbers spanning pieces, markup, entities, Latin letters, empty texts."""

from __future__ import annotations

from itertools import chain

from qa.matcher import Matcher, _content_words, _example_texts, _key_names, _question_index
from qa.model import Entry


def _entry(entry_id: str, ky: list[str], ru: list[str], kw_ky=(), kw_ru=(), title=("", "")) -> Entry:
    return Entry(
        id=entry_id,
        group="test",
        title={"ky": title[0], "ru": title[1]},
        questions={"ky": tuple(ky), "ru": tuple(ru)},
        keywords={"ky": tuple(kw_ky), "ru": tuple(kw_ru)},
        statements=(),
    )


ENTRIES = [
    _entry(
        "numbers",
        ["айылда 15 000 киши жашайт", "5 тысяч жителей", "15 — 000 шайлоочу", "150к сом", "2021-жылы шайланды"],
        ["в селе 5 тысяч жителей сколько депутатов", "бюджет 2 млн", "1,5 тысячи", ""],
        ["депутат", "Закон 123"],
        ["15 тысяч"],
        title=("Депутаттар канча?", "Сколько депутатов?"),
    ),
    _entry(
        "markup",
        ["<b>мэр</b> ким дайындайт", "мэрия &amp; кеңеш", "a<b мэр", "A&B кеңеш"],
        ["кто назначает <i>мэра</i>", "мэр & мэрия"],
        title=("Мэр", "Мэр"),
    ),
    _entry(
        "plain",
        ["айыл өкмөтүнүн башчысын ким шайлайт", "селсовет кайда", "zhalоba кайда берем"],
        ["кто выбирает главу айыл окмоту", "кенeш и мэр", "мэра"],
        kw_ky=("айыл өкмөтү",),
        kw_ru=("айыл окмоту", "глава"),
        title=("Айыл өкмөтүнүн башчысы", "Глава айыл окмоту"),
    ),
]


def _word_keys(text: str) -> set[str]:
    """A text's word keys read the plain way, word by word (the index build reads pieces from caches)."""
    return {k for w in _content_words(text) for k in _key_names(w)}


def _keys_of(matcher: Matcher, i: int) -> set[str]:
    return {key for key, entries in matcher._postings.items() if i in entries}


def test_an_entry_is_indexed_under_the_keys_of_each_of_its_texts_read_alone():
    matcher = Matcher(ENTRIES)
    for i, entry in enumerate(ENTRIES):
        texts = [text for text, _ in _example_texts(entry)]
        own = [k for lang in ("ky", "ru") for k in (*entry.keywords.get(lang, ()), entry.title.get(lang, ""))]
        own_keys = set().union(*map(_word_keys, own))
        assert matcher._topic_keys[i] == own_keys, entry.id
        assert _keys_of(matcher, i) == set(chain.from_iterable(_question_index(t)[1] for t in texts)) | own_keys, entry.id


def test_no_phrase_is_indexed_across_two_example_texts():
    # "мэра" ends one text and "кенеш" begins the next: no entry says "мэра кенеш"
    matcher = Matcher([_entry("two", ["мэрди ким дайындайт"], ["кто назначает мэра", "кенеш и аким"])])
    assert not any(key.startswith("b:") and "мэр" in key and "кене" in key for key in matcher._postings)


def test_a_number_written_over_two_pieces_is_one_word_of_the_vocabulary():
    vocabulary = set(Matcher(ENTRIES).vocabulary)
    # "5 тысяч", "15 000", "15 — 000", "150к" are read as numbers, which the vocabulary leaves out
    assert not vocabulary & {"тисяч", "тысяч", "000", "к"}
    assert {"жителеи", "жашаит", "шаилочу", "сом", "мер", "жалоба", "окмоту"} <= vocabulary
