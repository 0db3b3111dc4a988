"""The evaluation splits, shared by tests/test_eval_accuracy.py and bench/qa_bench.py.

A split is a directory of YAML files; each file maps an expected entry id (or `none` for
out-of-scope messages) to a list of `{q, lang, style}` items, optionally with `expect: [..]`:
alternative substrings of which one must appear in the first 450 characters of the reply (the
answer comes first). A file `conversation.yaml` may hold, under `smalltalk`, `{q, lang, kind}`
items that are not topic questions (greetings, thanks…): they are loaded apart and never count in
accuracy.

Splits: `tests/eval/` (the project's own, used to tune), `tests/eval_dev/` (extra development
questions for the misses issue 10 lists, also used to tune) and `tests/eval_heldout/` (written
by someone who never saw the knowledge base; never used to tune, and absent from most trees).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

TESTS_DIR = Path(__file__).resolve().parent.parent / "tests"
EVAL_DIR = TESTS_DIR / "eval"
DEV_DIR = TESTS_DIR / "eval_dev"
HELDOUT_DIR = TESTS_DIR / "eval_heldout"
STYLES = ("plain", "no_ky_letters", "latin", "typos", "mixed", "numeric", "short", "long")
OUT_OF_SCOPE = "none"
CONVERSATION_FILE = "conversation.yaml"


@dataclass(frozen=True)
class EvalQuestion:
    q: str
    lang: str
    style: str
    topic: str | None  # None: out of scope, must be declined
    file: str
    expect: tuple[str, ...] = ()  # one of these must stand in the first 450 characters


@dataclass(frozen=True)
class SmallTalk:
    q: str
    lang: str
    kind: str  # greeting | thanks | ack | rude | …


def load_eval(eval_dir: Path = EVAL_DIR) -> list[EvalQuestion]:
    """Every topic question of a split; [] when the directory does not exist."""
    items: list[EvalQuestion] = []
    if not Path(eval_dir).is_dir():
        return items
    for path in sorted(Path(eval_dir).glob("*.yaml")):
        if path.name == CONVERSATION_FILE:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for topic, questions in data.items():
            for item in questions or ():
                expect = item.get("expect") or ()
                items.append(
                    EvalQuestion(
                        q=str(item["q"]),
                        lang=item.get("lang", "ru"),
                        style=item.get("style", "plain"),
                        topic=None if topic == OUT_OF_SCOPE else topic,
                        file=path.name,
                        expect=tuple(str(e) for e in ([expect] if isinstance(expect, str) else expect)),
                    )
                )
    return items


def load_smalltalk(eval_dir: Path) -> list[SmallTalk]:
    path = Path(eval_dir) / CONVERSATION_FILE
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [SmallTalk(str(i["q"]), i.get("lang", "ru"), str(i.get("kind", ""))) for i in data.get("smalltalk") or ()]
