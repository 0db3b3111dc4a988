"""The evaluation set of issue 4 (tests/eval/*.yaml), shared by tests/test_eval_accuracy.py and
bench/qa_bench.py.

Each file maps an expected entry id (or `none` for out-of-scope messages) to a list of
`{q, lang, style}` items.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "eval"
STYLES = ("plain", "no_ky_letters", "latin", "typos", "mixed", "numeric", "short", "long")
OUT_OF_SCOPE = "none"


@dataclass(frozen=True)
class EvalQuestion:
    q: str
    lang: str
    style: str
    topic: str | None  # None: out of scope, must be declined
    file: str


def load_eval(eval_dir: Path = EVAL_DIR) -> list[EvalQuestion]:
    items: list[EvalQuestion] = []
    for path in sorted(eval_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for topic, questions in data.items():
            for item in questions:
                items.append(
                    EvalQuestion(
                        q=str(item["q"]),
                        lang=item["lang"],
                        style=item["style"],
                        topic=None if topic == OUT_OF_SCOPE else topic,
                        file=path.name,
                    )
                )
    return items
