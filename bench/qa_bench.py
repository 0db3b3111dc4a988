"""Benchmark of the question matcher (issue 4, point 5). Run: /work/venv/bin/python bench/qa_bench.py

Prints, on the evaluation set (tests/eval/*.yaml): accuracy overall, per language, per style and the
out-of-scope decline rate, for the matcher and for a plain BM25 baseline measured in the same run;
latency p50/p99 per question; index build and start-up (load + index) time; latency with the
knowledge base made 10× and 100× larger by synthetic entries. Ends with a markdown table for the
README. Timing lives here, never in tests.
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.evalset import STYLES, EvalQuestion, load_eval  # noqa: E402
from qa.loader import load_knowledge  # noqa: E402
from qa.matcher import Matcher  # noqa: E402
from qa.model import Entry  # noqa: E402


class BM25Baseline:
    """Plain BM25 over each entry's example questions: lower-casing and whitespace split only."""

    def __init__(self, entries: list[Entry], k1: float = 1.5, b: float = 0.75):
        self.ids = [e.id for e in entries]
        self.k1, self.b = k1, b
        self.docs = [Counter(" ".join(q for qs in e.questions.values() for q in qs).lower().split()) for e in entries]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg = sum(self.lengths) / len(self.lengths)
        df: Counter[str] = Counter(t for d in self.docs for t in d)
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}

    def match(self, text: str) -> str | None:
        terms = text.lower().split()
        best, best_score = None, 0.0
        for i, doc in enumerate(self.docs):
            norm = self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avg)
            score = sum(self.idf[t] * doc[t] * (self.k1 + 1) / (doc[t] + norm) for t in terms if t in doc)
            if score > best_score:
                best, best_score = self.ids[i], score
        return best  # None (decline) when nothing scores


def accuracy_table(outcomes: list[tuple[EvalQuestion, str | None]]) -> dict[str, float]:
    """outcomes: (question, the topic answered or None for decline/clarify/greeting)."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for item, got in outcomes:
        if item.topic is None:
            total["out-of-scope declined"] += 1
            right["out-of-scope declined"] += got is None
            continue
        ok = got == item.topic
        for key in ("in-scope overall", f"lang {item.lang}", f"style {item.style}"):
            total[key] += 1
            right[key] += ok
    return {k: right[k] / total[k] for k in total}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def latency_ms(matcher: Matcher, questions: list[str], rounds: int = 3) -> tuple[float, float]:
    for q in questions:  # warm-up: caches of stems and near words, as after the first minutes of use
        matcher.match(q)
    timings = []
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter()
            matcher.match(q)
            timings.append((time.perf_counter() - start) * 1000)
    return percentile(timings, 50), percentile(timings, 99)


def _perturb(question: str, rng: random.Random) -> str:
    words = question.split()
    if len(words) > 2 and rng.random() < 0.5:
        words.pop(rng.randrange(len(words)))
    if len(words) > 1 and rng.random() < 0.5:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) > 3:  # a typo: swap two letters, so the vocabulary grows like real data
        j = rng.randrange(len(w) - 1)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def synthetic_base(entries: tuple[Entry, ...], factor: int, seed: int = 4) -> list[Entry]:
    rng = random.Random(seed)
    bigger = list(entries)
    for copy in range(1, factor):
        for e in entries:
            bigger.append(
                replace(
                    e,
                    id=f"{e.id}-syn{copy}",
                    questions={lang: tuple(_perturb(q, rng) for q in qs) for lang, qs in e.questions.items()},
                )
            )
    return bigger


def main() -> None:
    start = time.perf_counter()
    kb = load_knowledge()
    loaded = time.perf_counter()
    matcher = Matcher(kb.entries)
    indexed = time.perf_counter()
    startup_s, index_s = indexed - start, indexed - loaded

    evalset = load_eval()
    ours = []
    for item in evalset:
        result = matcher.match(item.q)
        ours.append((item, result.topic if result.kind == "topic" else None))
    baseline = BM25Baseline(list(kb.entries))
    theirs = [(item, baseline.match(item.q)) for item in evalset]
    ours_acc, base_acc = accuracy_table(ours), accuracy_table(theirs)

    questions = [item.q for item in evalset]
    p50, p99 = latency_ms(matcher, questions)
    scaled = {}
    for factor in (10, 100):
        entries = synthetic_base(kb.entries, factor)
        t0 = time.perf_counter()
        big = Matcher(entries)
        build_s = time.perf_counter() - t0
        scaled[factor] = (len(entries), build_s, *latency_ms(big, questions, rounds=1))

    n_in = sum(1 for x in evalset if x.topic)
    print(f"Evaluation set: {n_in} in-scope questions, {len(evalset) - n_in} out-of-scope; "
          f"{len(kb.entries)} entries.\n")
    print("| Measure | Matcher | BM25 baseline |")
    print("|---|---|---|")
    keys = ["in-scope overall", "lang ky", "lang ru"] + [f"style {s}" for s in STYLES] + ["out-of-scope declined"]
    for key in keys:
        if key in ours_acc:
            print(f"| {key} | {ours_acc[key]:.1%} | {base_acc[key]:.1%} |")
    print()
    print("| Timing | Value | Target |")
    print("|---|---|---|")
    print(f"| start-up (load + index), real base | {startup_s * 1000:.0f} ms | < 1 s |")
    print(f"| index build, real base | {index_s * 1000:.0f} ms | |")
    print(f"| latency p50 / p99, real base | {p50:.2f} / {p99:.2f} ms | p99 < 5 ms |")
    for factor, (n, build_s, q50, q99) in scaled.items():
        target = "p99 < 50 ms" if factor == 100 else ""
        print(f"| latency p50 / p99, {factor}× base ({n} entries; index {build_s:.1f} s) "
              f"| {q50:.2f} / {q99:.2f} ms | {target} |")


if __name__ == "__main__":
    main()
