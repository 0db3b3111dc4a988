"""What a resident would see of an answer, asserted with the question in the message when it fails."""

from __future__ import annotations

from qa.service import QuestionAnswerer


def assert_answered_from(qa_service: QuestionAnswerer, question: str, lang: str, topic: str) -> None:
    """Answered, from the topic `topic`."""
    answer = qa_service.ask(question, user_lang=lang)
    assert (answer.kind, answer.topic) == ("answer", topic), f"{question!r} → {answer.kind} {answer.topic}"


def assert_declined_with(qa_service: QuestionAnswerer, question: str, lang: str, need: str) -> None:
    """Declined, pointing where to go: the row `need` of the out-of-scope table."""
    answer = qa_service.ask(question, user_lang=lang)
    assert answer.kind == "decline", f"{question!r} → {answer.kind} {answer.topic}"
    assert answer.need is not None and answer.need.id == need, f"{question!r}: {answer.need}"
