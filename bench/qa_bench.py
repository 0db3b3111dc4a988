"""Benchmark of the answer path (issue 4 point 5, issue 10 point 7). Run: python bench/qa_bench.py

For each evaluation split side by side — `tests/eval/` (the project's own), `tests/eval_dev/`
(development questions for issue 10's misses) and `tests/eval_heldout/` (written without seeing the
knowledge base, never used to tune; skipped when absent) — through the whole answer path
(QuestionAnswerer.ask and the first message as sent):
- in-scope top-1 accuracy, per language and per style (a clarify, "unsure" or decline is wrong);
- out-of-scope declined (anything but an answer);
- answer-first: where an item gives `expect`, one of its substrings stands in the first 450
  characters of the reply;
- the length of the first message as the resident sees it: median, p90, share ≤ 600;
and, for the project's split, a plain BM25 baseline. Then timing: selection latency p50/p99 (the
matcher alone, and the whole ask), start-up (load + index) and index build at 1×, 10× and 100× the
base (synthetic entries). Timing lives here, never in tests.
"""

from __future__ import annotations

import math
import os
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.evalset import DEV_DIR, EVAL_DIR, HELDOUT_DIR, STYLES, EvalQuestion, load_eval, load_smalltalk  # noqa: E402
from config import ROOT  # noqa: E402
from qa import out_of_scope  # noqa: E402
from qa.loader import DEFAULT_KNOWLEDGE_DIR, load_knowledge  # noqa: E402
from qa.model import Entry  # noqa: E402
from qa.service import QuestionAnswerer  # noqa: E402
from services.answers import FIRST_MESSAGE_LIMIT, render_reply  # noqa: E402
from services.i18n import build_i18n  # noqa: E402

ANSWER_FIRST_CHARS = 450


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


def _folded(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ").casefold()


def run_split(qa: QuestionAnswerer, items: list[EvalQuestion]) -> dict:
    """Outcomes of the whole answer path on one split."""
    outcomes, lengths, first_hits, first_total = [], [], 0, 0
    misses = []
    for item in items:
        answer = qa.ask(item.q, user_lang=item.lang)
        got = answer.topic if answer.kind == "answer" else None
        outcomes.append((item, got))
        reply = render_reply(answer, html=False)
        if answer.kind == "answer":
            lengths.append(len(reply))
        if item.expect and item.topic:
            first_total += 1
            head = _folded(reply[:ANSWER_FIRST_CHARS])
            if any(_folded(e) in head for e in item.expect):
                first_hits += 1
        if got != item.topic:
            misses.append((item, answer.kind, got))
    return {
        "accuracy": accuracy_table(outcomes),
        "lengths": lengths,
        "answer_first": (first_hits, first_total),
        "misses": misses,
        "n_in": sum(1 for x in items if x.topic),
        "n_out": sum(1 for x in items if not x.topic),
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def latency_ms(select, questions: list[str], rounds: int = 3) -> tuple[float, float, float]:
    """p50 and p99 wall time per question, and p99 CPU time (on a shared machine the wall p99
    mostly measures the time other processes held the CPU)."""
    for q in questions:  # warm-up: caches of stems and near words, as after the first minutes of use
        select(q)
    timings, cpu = [], []
    for _ in range(rounds):
        for q in questions:
            start, cpu_start = time.perf_counter(), time.process_time()
            select(q)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
    return percentile(timings, 50), percentile(timings, 99), percentile(cpu, 99)


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


def _startup(knowledge, factor: int) -> tuple[int, float, float, QuestionAnswerer]:
    """Entries, wall and CPU seconds to build the answerer (matcher + statement index) on a base
    `factor`× larger. CPU time is shown too: on a shared machine the wall time mostly measures the
    other processes."""
    entries = tuple(synthetic_base(knowledge.entries, factor)) if factor > 1 else knowledge.entries
    kb = replace(knowledge, entries=entries)
    t0, c0 = time.perf_counter(), time.process_time()
    qa = QuestionAnswerer(kb)
    return len(entries), time.perf_counter() - t0, time.process_time() - c0, qa


def _lengths_line(lengths: list[int]) -> str:
    if not lengths:
        return "–"
    share = sum(1 for n in lengths if n <= FIRST_MESSAGE_LIMIT) / len(lengths)
    return f"{statistics.median(lengths):.0f} / {percentile(lengths, 90):.0f} / {share:.1%}"


def main() -> None:
    start = time.perf_counter()
    kb = load_knowledge()
    table = out_of_scope.load(DEFAULT_KNOWLEDGE_DIR)
    qa = QuestionAnswerer(kb, table)
    startup_s = time.perf_counter() - start
    i18n = build_i18n(ROOT / "locales", "ru")

    splits = {"tests/eval": EVAL_DIR, "tests/eval_dev": DEV_DIR, "tests/eval_heldout": HELDOUT_DIR}
    results = {}
    with i18n.context():
        for name, directory in splits.items():
            items = load_eval(directory)
            if not items:
                print(f"({name}: not present, skipped)")
                continue
            results[name] = run_split(qa, items)
            talk = load_smalltalk(directory)
            if talk:
                print(f"({name}: {len(talk)} small-talk items in conversation.yaml, not counted)")
    evalset = load_eval()
    baseline = BM25Baseline(list(kb.entries))
    base_acc = accuracy_table([(item, baseline.match(item.q)) for item in evalset])

    names = list(results)
    print()
    print("| Measure | " + " | ".join(f"{n} ({results[n]['n_in']} in / {results[n]['n_out']} out)" for n in names)
          + " | BM25, tests/eval |")
    print("|---|" + "---|" * (len(names) + 1))
    keys = ["in-scope overall", "lang ky", "lang ru"] + [f"style {s}" for s in STYLES] + ["out-of-scope declined"]
    for key in keys:
        cells = [f"{results[n]['accuracy'][key]:.1%}" if key in results[n]["accuracy"] else "–" for n in names]
        base = f"{base_acc[key]:.1%}" if key in base_acc else "–"
        print(f"| {key} | " + " | ".join(cells) + f" | {base} |")
    cells = []
    for n in names:
        hits, total = results[n]["answer_first"]
        cells.append(f"{hits / total:.1%} ({hits}/{total})" if total else "– (no `expect`)")
    print(f"| answer-first (expected fact in the first {ANSWER_FIRST_CHARS} chars) | " + " | ".join(cells) + " | |")
    print(f"| first message length: median / p90 / share ≤ {FIRST_MESSAGE_LIMIT} | "
          + " | ".join(_lengths_line(results[n]["lengths"]) for n in names) + " | |")
    print()
    for n in names:
        misses = results[n]["misses"]
        if n.endswith("eval_heldout"):
            # The held-out split is measured, never read: its questions stay out of sight so nobody tunes on them.
            print(f"Misses in {n}: {len(misses)} (not listed: the split is held out)")
            continue
        if misses:
            print(f"Misses in {n} ({len(misses)}), first 15:")
            for item, kind, got in misses[:15]:
                print(f"  {item.q!r}: expected {item.topic or 'decline'}, got {kind} {got or ''}")
    print()

    questions = [item.q for item in evalset]
    p50, p99, c99 = latency_ms(qa.matcher.match, questions)
    a50, a99, ac99 = latency_ms(lambda q: qa.ask(q, "ru"), questions)
    print(f"Load average while measuring: {' / '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores)\n")
    print("| Timing | Value | Target |")
    print("|---|---|---|")
    print(f"| start-up (load + validate + index), real base | {startup_s * 1000:.0f} ms | < 1 s |")
    print(f"| selection latency p50 / p99 (matcher), real base; p99 CPU | {p50:.2f} / {p99:.2f} ms; {c99:.2f} ms "
          "| p99 < 5 ms |")
    print(f"| whole ask p50 / p99 (matcher, ranking, rules), real base; p99 CPU | {a50:.2f} / {a99:.2f} ms; "
          f"{ac99:.2f} ms | |")
    for factor in (1, 10, 100):
        n, build_s, build_cpu, big = _startup(kb, factor)
        q50, q99, qc99 = latency_ms(big.matcher.match, questions, rounds=1)
        target = "< 5 s" if factor == 100 else ""
        print(f"| index build, {factor}× base ({n} entries): wall / CPU | {build_s:.2f} / {build_cpu:.2f} s | {target} |")
        print(f"| selection latency p50 / p99, {factor}× base; p99 CPU | {q50:.2f} / {q99:.2f} ms; {qc99:.2f} ms | |")


if __name__ == "__main__":
    if len(sys.argv) > 1:  # it takes no options: "--help" must not run the held-out split by surprise
        print(__doc__)
        sys.exit(0 if sys.argv[1] in ("-h", "--help") else 2)
    main()
