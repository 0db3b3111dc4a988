"""The directory of bodies (knowledge/bodies/, qa/bodies.py): what the complaint form offers as an addressee.

A resident types the name of their aiyl okmotu or city however their phone lets them; the form must
find the real body (or its successor, for a former name), never take a question for a name, and the
data must be valid with every mistake reported as file:line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.bodies import (
    BodiesError,
    Body,
    Directory,
    check_directory,
    default_directory,
    kb_check_errors,
    load_directory,
    looks_like_name,
)
from qa.regions import fold, to_latin

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"


@pytest.fixture(scope="module")
def directory() -> Directory:
    return default_directory()


def top_ids(directory: Directory, text: str, lang: str = "ky") -> list[str]:
    """Ids of the best-scored results (all of them when several share the top score)."""
    found = directory.search(text, lang)
    if not found:
        return []
    return [m.body.id for m in found if m.score >= found[0].score - 1e-9]


# ---------------------------------------------------------------- loading


def test_the_directory_loads_without_errors(directory: Directory) -> None:
    assert kb_check_errors(KNOWLEDGE) == []
    assert len(directory.cities()) == 34
    # the 61 sourced rows of the research note, each keeping where it came from
    from_note = [b for b in directory.aiyl_okmotus() if "bodies-directory.csv" in b.detail]
    assert len(from_note) == 61
    assert all(
        b.source and b.name["ky"] and b.name["ru"] and b.office["ky"] and b.office["ru"] for b in directory.bodies
    )


def test_incomplete_coverage_is_a_warning_not_an_error() -> None:
    problems, directory = check_directory(KNOWLEDGE)
    assert not [p for p in problems if p.level == "error"]
    warnings = [str(p) for p in problems if p.level == "warning"]
    assert any("aiyl okmotus listed, expected 230" in w for w in warnings)
    assert any("rayon 'jaiyl': only partly listed (0 of an unknown number" in w for w in warnings)
    # the rayons a complete source covers are complete
    complete = {c.rayon for c in directory.coverage if c.complete}
    assert complete == {"leilek", "batken-rayon", "kadamjai"}


def test_every_city_of_regions_has_its_mayors_office_and_gulcha_is_a_city(directory: Directory) -> None:
    significance = [b.significance for b in directory.cities()]
    assert significance.count("republican") == 2
    assert significance.count("oblast") == 14
    assert significance.count("rayon") == 18
    gulcha = directory.get("gulcha")
    assert gulcha is not None and gulcha.kind == "mayor" and gulcha.rayon == "alai" and gulcha.oblast == "osh"
    assert gulcha.label("ky") == "Гүлчө шаарынын мэриясы"
    assert gulcha.label("ru") == "Мэрия города Гульча"
    # the old aiyl aimak of Gulcha is no routable body
    assert not [b for b in directory.aiyl_okmotus() if "Гүлчө" in b.name["ky"]]


def test_get_gives_both_languages(directory: Directory) -> None:
    body = directory.get("ao-leilek-sumbula")
    assert body is not None
    assert (body.rayon, body.oblast, body.kind) == ("leilek", "batken", "aiyl_okmotu")
    assert body.label("ky") == "Сумбула айыл өкмөтү"
    assert body.label("ru") == "Айыл окмоту Сумбулинского айылного аймака"
    assert body.short("ky") == "Сумбула"
    assert directory.get("no-such-body") is None


# ---------------------------------------------------------------- search: the 61 known rows


def _typings(body: Body) -> list[str]:
    ky = body.short("ky")
    ru = body.short("ru")
    no_letters = ky.translate(str.maketrans("ңөүҢӨҮ", "ноуНОУ"))
    typings = [
        ky,
        ru,
        ky.upper(),
        no_letters.lower(),
        to_latin(fold(ky)),  # Latin as a phone without Cyrillic types it
        f"{no_letters} айыл окмоту",
        f"а/о {ky}",
        f"{ru} айылный аймак",
    ]
    if sum(ch.isalpha() for ch in no_letters) >= 7:  # one letter lost in the middle of a longer name
        middle = len(no_letters) // 2
        if no_letters[middle].isalpha():
            typings.append(no_letters[:middle] + no_letters[middle + 1 :])
    return typings


def test_each_known_aiyl_okmotu_is_found_however_it_is_typed(directory: Directory) -> None:
    misses = []
    for body in [b for b in directory.aiyl_okmotus() if "bodies-directory.csv" in b.detail]:
        for text in _typings(body):
            if body.id not in top_ids(directory, text):
                misses.append((body.id, text, [m.body.id for m in directory.search(text)][:3]))
    assert misses == []


@pytest.mark.parametrize(
    ("text", "body_id"),
    [
        ("Кен-Талинский", "ao-leilek-ken-talaa"),
        ("кен талаа", "ao-leilek-ken-talaa"),
        ("Ken-Talaa a/o", "ao-leilek-ken-talaa"),
        ("сумбла", "ao-leilek-sumbula"),  # a letter lost
        ("Сумублa", "ao-leilek-sumbula"),  # two letters swapped, a Latin look-alike
        ("Сумбулага", "ao-leilek-sumbula"),  # a case ending
        ("Кок-Жарский айылный аймак", "ao-nookat-kok-jar"),
        ("Ноокат району Кок-Жар", "ao-nookat-kok-jar"),
        ("Nookat rayonu Bel", "ao-nookat-bel"),
        ("Масалиев", "ao-kadamjai-masaliev"),
        ("А. Масалиевский", "ao-kadamjai-masaliev"),
        ("Дайракунов", "ao-naryn-rayon-esenaly-dayrakunov"),
        ("Торткуль", "ao-batken-rayon-tort-gul"),  # azattyk's spelling
        ("Ат-Башы району Кара-Суу", "ao-at-bashy-kara-suu"),
        ("Кара-Суу шаары", "kara-suu-city"),
        ("Kyzyl-Kiya meriyasy", "kyzyl-kyia"),
        ("Сулюкта", "sulukta"),
        ("Suluktu", "sulukta"),
        ("Гульча", "gulcha"),
        ("Gulcho", "gulcha"),
    ],
)
def test_search_typings(directory: Directory, text: str, body_id: str) -> None:
    assert directory.search(text)[0].body.id == body_id


def test_a_name_shared_by_two_bodies_offers_both_and_the_kind_word_decides(directory: Directory) -> None:
    assert set(top_ids(directory, "Кара-Суу")) == {"ao-at-bashy-kara-suu", "kara-suu-city"}
    assert directory.search("Кара-Суу айыл окмоту")[0].body.id == "ao-at-bashy-kara-suu"
    assert directory.search("мэрия Кара-Суу")[0].body.id == "kara-suu-city"


def test_ru_and_ky_lists_of_results_use_the_same_bodies(directory: Directory) -> None:
    assert [m.body.id for m in directory.search("Кулунду", "ru")] == [
        m.body.id for m in directory.search("Кулунду", "ky")
    ]


# ---------------------------------------------------------------- former names


@pytest.mark.parametrize(
    ("text", "body_id", "former_ru"),
    [
        ("Исфана", "razzakov", "Исфана"),
        ("Жалал-Абад", "manas-city", "Джалал-Абад"),
        ("Dzhalal-Abad", "manas-city", "Джалал-Абад"),
        ("Маргун", "ao-leilek-ken-talaa", "Маргун"),
        ("Халмион айыл окмоту", "ao-kadamjai-ishak-polothan", "Халмион"),
        ("Котормо", "ao-kadamjai-moldo-niyaz", "Котормо"),
        ("Джергетал", "ao-naryn-rayon-esenaly-dayrakunov", "Джергетал"),
        ("Бостери", "cholpon-ata", "Бостери"),
        ("Маевка", "bishkek", "Маевка"),
    ],
)
def test_a_former_name_leads_to_todays_body_marked_as_found_by_it(
    directory: Directory, text: str, body_id: str, former_ru: str
) -> None:
    match = directory.search(text, "ru")[0]
    assert match.body.id == body_id
    assert match.by_alias and match.alias is not None and match.alias["ru"] == former_ru


def test_todays_name_is_not_marked_as_an_alias(directory: Directory) -> None:
    match = directory.search("Манас шаары")[0]
    assert match.body.id == "manas-city" and not match.by_alias


def test_no_former_unit_is_a_body(directory: Directory) -> None:
    former_keys = {fold(old["ky"]) for b in directory.bodies for old in b.former}
    live_keys = {fold(b.short("ky")) for b in directory.bodies}
    assert not former_keys & live_keys


# ---------------------------------------------------------------- Osh, Bishkek, Shopokov


def test_osh_is_the_city_and_osh_oblast_is_no_body(directory: Directory) -> None:
    for text in ("Ош", "ош", "Osh", "г. Ош", "Ош шаары", "мэрия Оша", "Ош шаарынын мэриясы"):
        assert directory.search(text)[0].body.id == "osh-city", text
    for text in ("Ош облусу", "Ошская область", "Osh oblast"):
        assert directory.search(text) == [], text
    # an oblast named with a body narrows the search to that oblast
    assert directory.search("Ош облусу Кара-Суу")[0].body.id == "kara-suu-city"


def test_bishkek(directory: Directory) -> None:
    for text in ("Бишкек", "bishkek", "BISHKEK meriya", "мэрия Бишкека", "Бишкек шаарынын мэриясы"):
        match = directory.search(text)[0]
        assert match.body.id == "bishkek" and not match.by_alias, text
    assert directory.get("bishkek").label("ru") == "Мэрия города Бишкек"


def test_a_district_of_bishkek_leads_to_the_mayors_office(directory: Directory) -> None:
    for text in ("Свердлов району", "Ленинский район", "Биринчи Май району"):
        assert [m.body.id for m in directory.search(text)] == ["bishkek"], text


def test_shopokov_is_found_as_a_body_not_guessed_from_free_text(directory: Directory) -> None:
    match = directory.search("Шопоков")[0]
    assert match.body.id == "shopokov" and match.score == 1.0
    assert match.body.label("ky") == "Шопоков шаарынын мэриясы"
    assert looks_like_name("Шопоков", directory)
    # a sentence that mentions Shopokov is a complaint text, not an addressee
    assert not looks_like_name("Шопоков шаарында жол бузулду", directory)
    assert not looks_like_name("в Шопокове нет света", directory)


# ---------------------------------------------------------------- lists for buttons


def test_in_rayon_lists_aiyl_okmotus_and_rayon_cities_sorted(directory: Directory) -> None:
    leilek = directory.in_rayon("leilek", "ky")
    assert len([b for b in leilek if b.kind == "aiyl_okmotu"]) == 7
    assert "razzakov" in [b.id for b in leilek]
    names = [b.short("ky") for b in leilek]
    assert names == ["Ак-Суу", "Жаңы-Жер", "Кең-Талаа", "Кулунду", "Лейлек", "Раззаков", "Сумбула", "Тогуз-Булак"]
    ru_names = [b.short("ru") for b in directory.in_rayon("leilek", "ru")]
    assert ru_names == sorted(ru_names, key=lambda n: n.replace("ё", "е"))
    assert [b.id for b in directory.in_rayon("kemin")] == ["kemin-city", "orlovka"]
    assert directory.in_rayon("jaiyl") == []
    assert directory.in_rayon("no-such-rayon") == []


def test_coverage_of_a_rayon_tells_whether_the_list_is_whole(directory: Directory) -> None:
    leilek = directory.coverage_of("leilek")
    assert leilek is not None and leilek.complete and leilek.listed == leilek.expected == 7
    panfilov = directory.coverage_of("panfilov")
    assert panfilov is not None and not panfilov.complete and (panfilov.listed, panfilov.expected) == (1, 4)
    jaiyl = directory.coverage_of("jaiyl")
    assert jaiyl is not None and not jaiyl.complete and jaiyl.listed == 0
    assert directory.coverage_of("no-such-rayon") is None


def test_cities_start_with_bishkek_and_osh(directory: Directory) -> None:
    cities = directory.cities("ru")
    assert [c.id for c in cities[:2]] == ["bishkek", "osh-city"]
    assert len(cities) == 34
    assert [c.id for c in directory.cities("ky", oblast="talas")] == ["talas-city"]


# ---------------------------------------------------------------- a question is not a name


@pytest.mark.parametrize(
    "text",
    [
        "Мэрди ким дайындайт?",
        "мэрди ким дайындайт",
        "кто назначает главу айыл окмоту",
        "Как подать жалобу",
        "почему нет воды",
        "айыл өкмөтү эмне кылат",
        "кантип арыз жазам",
        "жол бузулду",
        "суу жок",
        "свет не горит",
        "у нас в селе 3 недели нет воды и никто не отвечает",
        "Помогите пожалуйста",
        "/menu",
        "https://t.me/somebody",
        "",
    ],
)
def test_questions_and_sentences_are_not_names(directory: Directory, text: str) -> None:
    assert not looks_like_name(text, directory)
    assert not looks_like_name(text)


@pytest.mark.parametrize(
    "text",
    [
        "Шопоков",
        "Кулунду",
        "Кайынды",
        "Сумбула айыл окмоту",
        "а/о Ак-Суу",
        "Кен-Талинский айылный аймак",
        "мэрия Бишкека",
        "Ноокат району Бел",
        "Эсеналы Дайракунов",
        "Маргун",
        "Кызыл-Жар айыл өкмөтү",  # not in the directory, but a name all the same
        "Чон-Талаа",
    ],
)
def test_names_look_like_names(directory: Directory, text: str) -> None:
    assert looks_like_name(text, directory)
    assert looks_like_name(text)


# ---------------------------------------------------------------- validation errors, file:line


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    root.mkdir()
    shutil.copy(KNOWLEDGE / "regions.yaml", root / "regions.yaml")
    shutil.copytree(KNOWLEDGE / "bodies", root / "bodies")
    return root


def _edit(root: Path, file: str, old: str, new: str) -> int:
    """Replace `old` (once) in knowledge/bodies/<file>; return the 1-based line where it was."""
    path = root / "bodies" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def _errors(root: Path) -> list[str]:
    return [f"{f}:{n}: {m}" for f, n, m in kb_check_errors(root)]


def test_the_copy_is_valid(kb_copy: Path) -> None:
    assert _errors(kb_copy) == []


def test_error_missing_language(kb_copy: Path) -> None:
    line = _edit(
        kb_copy,
        "batken.yaml",
        'name: {ky: "Сумбула айыл аймагы", ru: "Сумбулинский айылный аймак"}',
        'name: {ky: "Сумбула айыл аймагы"}',
    )
    assert _errors(kb_copy) == [
        f"knowledge/bodies/batken.yaml:{line}: 'ao-leilek-sumbula': name needs both ky and ru texts"
    ]


def test_error_rayon_not_in_regions(kb_copy: Path) -> None:
    line = _edit(kb_copy, "batken.yaml", "  - rayon: leilek\n", "  - rayon: leylek\n")
    errors = _errors(kb_copy)
    assert (
        f"knowledge/bodies/batken.yaml:{line}: rayon 'leylek' is not a rayon of oblast 'batken' in regions.yaml"
        in errors
    )


def test_error_city_rayon_of_another_oblast(kb_copy: Path) -> None:
    line = _edit(kb_copy, "osh.yaml", "    rayon: alai\n", "    rayon: leilek\n")
    assert f"knowledge/bodies/osh.yaml:{line}: city 'gulcha': rayon 'leilek' is not a rayon of oblast 'osh'" in _errors(
        kb_copy
    )


def test_error_duplicate_id(kb_copy: Path) -> None:
    line = _edit(kb_copy, "batken.yaml", "- id: ao-leilek-ak-suu\n", "- id: ao-leilek-sumbula\n")
    errors = _errors(kb_copy)
    assert len(errors) == 1
    assert errors[0].startswith(f"knowledge/bodies/batken.yaml:{line}: id 'ao-leilek-sumbula' is used twice")


def test_error_duplicate_name_in_a_rayon(kb_copy: Path) -> None:
    _edit(
        kb_copy,
        "batken.yaml",
        'name: {ky: "Ак-Суу айыл аймагы", ru: "Ак-Суйский айылный аймак"}',
        'name: {ky: "Сумбула айыл аймагы", ru: "Сумбулинский айылный аймак"}',
    )
    errors = _errors(kb_copy)
    assert len(errors) == 1 and "the same name as" in errors[0] and "in rayon 'leilek'" in errors[0]


def test_error_former_name_is_a_live_name(kb_copy: Path) -> None:
    _edit(kb_copy, "batken.yaml", '{name: {ky: "Маргун", ru: "Маргун"}', '{name: {ky: "Кулунду", ru: "Кулунду"}')
    errors = _errors(kb_copy)
    assert len(errors) == 1
    assert "'ao-leilek-ken-talaa': former name 'Кулунду' is the name of the live body 'ao-leilek-kulundu'" in errors[0]


def test_error_unknown_source_and_bad_date(kb_copy: Path) -> None:
    text = (kb_copy / "bodies" / "naryn.yaml").read_text(encoding="utf-8")
    start = text.index("- id: ao-at-bashy-kara-suu")
    source_line = text[:start].count("\n") + 1 + text[start:].split("\n").index("        source: law-2025-01-renaming")
    _edit(
        kb_copy,
        "naryn.yaml",
        '        source: law-2025-01-renaming\n        detail: " (bodies-directory.csv, строка 44)"\n        as_of: 2024-12-05',
        '        source: law-2099\n        detail: " (bodies-directory.csv, строка 44)"\n        as_of: 2024-13-05',
    )
    errors = _errors(kb_copy)
    assert (
        f"knowledge/bodies/naryn.yaml:{source_line}: 'ao-at-bashy-kara-suu': source 'law-2099' is not declared in sources.yaml"
        in errors
    )
    assert (
        f"knowledge/bodies/naryn.yaml:{source_line + 2}: 'ao-at-bashy-kara-suu': as_of must be a date (YYYY-MM-DD) or null"
        in errors
    )


def test_error_complete_rayon_with_the_wrong_count(kb_copy: Path) -> None:
    line = _edit(
        kb_copy,
        "batken.yaml",
        '    expected: 7\n    complete: true\n    coverage: "ЦИК 2025, округ №1',
        '    expected: 8\n    complete: true\n    coverage: "ЦИК 2025, округ №1',
    )
    assert _errors(kb_copy) == [
        f"knowledge/bodies/batken.yaml:{line}: rayon 'leilek' is marked complete with 8 aiyl okmotus, but 7 are listed"
    ]


def test_error_wrong_language_in_a_name(kb_copy: Path) -> None:
    line = _edit(
        kb_copy,
        "batken.yaml",
        'office: {ky: "Сумбула айыл өкмөтү", ru: "Айыл окмоту Сумбулинского айылного аймака"}',
        'office: {ky: "Сумбула айыл өкмөтү", ru: "Сумбула айыл өкмөтү"}',
    )
    assert _errors(kb_copy) == [
        f"knowledge/bodies/batken.yaml:{line}: 'ao-leilek-sumbula': the ru office has Kyrgyz letters or words: 'Сумбула айыл өкмөтү'"
    ]


def test_error_missing_city_and_yaml_syntax(kb_copy: Path) -> None:
    text = (kb_copy / "bodies" / "republican.yaml").read_text(encoding="utf-8")
    (kb_copy / "bodies" / "republican.yaml").write_text(
        text.replace("  - id: osh-city", "  - id: osh-city\n   bad: [", 1), encoding="utf-8"
    )
    errors = _errors(kb_copy)
    assert any(e.startswith("knowledge/bodies/republican.yaml:") and "YAML syntax error" in e for e in errors)
    assert "knowledge/bodies:1: city 'osh-city' of regions.yaml has no mayor's office in the directory" in errors
    with pytest.raises(BodiesError) as raised:
        load_directory(kb_copy)
    assert raised.value.errors


def test_no_bodies_folder_is_no_error(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    root.mkdir()
    shutil.copy(KNOWLEDGE / "regions.yaml", root / "regions.yaml")
    assert kb_check_errors(root) == []
