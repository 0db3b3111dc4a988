"""Issue 4, point 4: the matcher on the evaluation set (tests/eval/*.yaml) and the real knowledge base.

In-scope top-1 accuracy ≥ 95% (a clarify or a decline counts as wrong), out-of-scope declined
≥ 95%, and ≥ 90% within each of the styles residents use most: no Kyrgyz letters, Latin, typos,
mixed languages, numbers. Failures are printed (question, expected, got) so a regression can be read.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from bench.evalset import STYLES, EvalQuestion, load_eval
from qa.loader import load_knowledge
from qa.matcher import Matcher
from qa.normalize import match_text
from tests.helpers import ORIGINAL_TOPICS as TOPIC_IDS

STRICT_STYLES = ("no_ky_letters", "latin", "typos", "mixed", "numeric")


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


@pytest.fixture(scope="module")
def evalset() -> list[EvalQuestion]:
    return load_eval()


@pytest.fixture(scope="module")
def matcher(kb) -> Matcher:
    return Matcher(kb.entries)


@pytest.fixture(scope="module")
def outcomes(matcher, evalset):
    return [(item, matcher.match(item.q)) for item in evalset]


def _correct(item: EvalQuestion, result) -> bool:
    if item.topic is None:
        return result.kind == "decline"
    return result.kind == "topic" and result.topic == item.topic


def _report(failures) -> str:
    return "\n".join(
        f"  {item.q!r}: expected {item.topic or 'decline'}, got {result.kind} {result.topic or ''} "
        f"{list(result.alternatives)} ({result.confidence})"
        for item, result in failures
    )


def test_eval_set_is_well_formed(evalset):
    in_scope = [x for x in evalset if x.topic]
    assert len(in_scope) >= 600
    assert len([x for x in evalset if x.topic is None]) >= 80
    assert {x.style for x in evalset} <= set(STYLES)
    assert {x.lang for x in evalset} <= {"ky", "ru"}
    per_topic = defaultdict(lambda: defaultdict(int))
    for x in in_scope:
        per_topic[x.topic][x.lang] += 1
    thin = {t: dict(per_topic[t]) for t in TOPIC_IDS if per_topic[t]["ky"] < 3 or per_topic[t]["ru"] < 3}
    assert not thin, f"topics with fewer than 3 questions per language: {thin}"
    known = {e.id for e in load_knowledge().entries}
    assert not {x.topic for x in in_scope} - known, "unknown topic ids in the eval set"
    for style in STRICT_STYLES:
        assert len([x for x in in_scope if x.style == style]) >= 20, style


def test_eval_questions_are_not_copies_of_the_example_questions(kb, evalset):
    examples = {match_text(q) for e in kb.entries for qs in e.questions.values() for q in qs}
    copies = [x.q for x in evalset if match_text(x.q) in examples]
    assert not copies, f"eval questions that are example questions of the base: {copies}"


def test_in_scope_top1_accuracy(outcomes):
    in_scope = [(x, r) for x, r in outcomes if x.topic]
    failures = [(x, r) for x, r in in_scope if not _correct(x, r)]
    accuracy = 1 - len(failures) / len(in_scope)
    assert accuracy >= 0.95, f"in-scope accuracy {accuracy:.3f}; failures:\n{_report(failures)}"


def test_out_of_scope_is_declined(outcomes):
    out = [(x, r) for x, r in outcomes if x.topic is None]
    failures = [(x, r) for x, r in out if not _correct(x, r)]
    rate = 1 - len(failures) / len(out)
    assert rate >= 0.95, f"out-of-scope declined {rate:.3f}; answered instead:\n{_report(failures)}"


@pytest.mark.parametrize("style", STRICT_STYLES)
def test_accuracy_per_style(outcomes, style):
    items = [(x, r) for x, r in outcomes if x.topic and x.style == style]
    failures = [(x, r) for x, r in items if not _correct(x, r)]
    accuracy = 1 - len(failures) / len(items)
    assert accuracy >= 0.90, f"{style}: accuracy {accuracy:.3f}; failures:\n{_report(failures)}"


def test_language_detection_on_the_eval_set(outcomes):
    """The reply language follows the question: a clear question is never given the other language."""
    wrong = [(x, r) for x, r in outcomes if x.topic and r.lang is not None and r.lang != x.lang]
    assert len(wrong) <= 0.05 * len(outcomes), "\n".join(f"  {x.q!r}: {x.lang} → {r.lang}" for x, r in wrong)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("айылдык кеңештин депутаттары канча", "kenesh-deputies-count"),
        ("айылыбызда 15 000 киши бар, кеңеште канча депутат болот?", "kenesh-deputies-count"),
        ("в городе 150к избирателей, сколько депутатов в кенеше", "kenesh-deputies-count"),
        ("калкы 15 миң болсо кенеште канча депутат", "kenesh-deputies-count"),
        ("5 тысяч жителей в айыле, сколько депутатов в айыльном кенеше", "kenesh-deputies-count"),
        ("срок кенеша", "kenesh-term"),
        ("мэр ким шайлайт", "mayor-appointment"),
        ("merdi kim shailait", "mayor-appointment"),
    ],
)
def test_examples_of_the_issue_on_the_real_base(matcher, question, topic):
    result = matcher.match(question)
    assert (result.kind, result.topic) == ("topic", topic), result


@pytest.mark.parametrize(
    "question",
    ["Жогорку Кеңештин депутаттары канча", "сколько депутатов в Жогорку Кенеше", "???", "", "курс доллара"],
)
def test_national_parliament_and_noise_are_declined_on_the_real_base(matcher, question):
    assert matcher.match(question).kind == "decline"
