"""Renders a `qa.service.Answer` as the bot sends it (HTML) or as plain text (CLI, JSON).

The shape (../shared/answer-style.md, issue 10 point 1): the first message answers the question
for today in its first sentence(s), then — only if the rule changed — the former rule with its
period, then the sources in one or two short lines; it fits one phone screen (FIRST_MESSAGE_LIMIT
characters as the resident sees them). Everything else is the "More" message, sent separately.
A claim not yet checked against the official text carries a short mark where it stands.

Labels go through the gettext catalogs, in the answer's language (the language of the question
when it is clear), not necessarily the user's interface language.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from datetime import date
from html import escape
from urllib.parse import urlparse

from aiogram.utils.i18n import gettext as _

from qa.model import Entry, Statement
from qa.question import article_number
from qa.service import Answer, Citation
from services import dates

# One phone screen, as the resident sees it (without markup).
FIRST_MESSAGE_LIMIT = 600
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"A-ZА-ЯЁӨҮҢ0-9])")


# ---- sources ------------------------------------------------------------------------------------


def article_words(article: str | None, part: str | None, lang: str) -> str:
    """'47', '1' → 'статья 47, часть 1' / '47-берененин 1-бөлүгү'."""
    number, parsed_part = article_number(article)
    part = part or parsed_part
    if not number:
        return ""
    if not re.fullmatch(r"\s*\d+\s*(?:\(\d+\))?\s*", str(article)):
        # a range or a list ("110–113", "2, 3"): shown as written
        return f"{article}-беренелер" if lang == "ky" else f"статьи {article}"
    if lang == "ky":
        return f"{number}-берененин {part}-бөлүгү" if part else f"{number}-берене"
    return f"статья {number}, часть {part}" if part else f"статья {number}"


def act_page(url: str | None) -> str | None:
    """The link to the act's own page; a database's home page is not a reference."""
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or parsed.path.strip("/") == "" and not parsed.query:
        return None
    return url


def source_name(c: Citation, lang: str) -> str:
    name = c.source.short.get(lang) or c.source.title.get(lang) or c.source.id
    if c.source.number and c.source.number not in name:
        name += f" №{c.source.number}"
    return name


def in_force_words(c: Citation, lang: str, today: date | None = None) -> str:
    """'действует' / 'утратил силу' / 'данные на 1 января 2024 года', or '' for a publication."""
    today = today or date.today()
    if c.as_of is not None:
        return _("data {as_of}", locale=lang).format(as_of=dates.as_of(c.as_of, lang))
    if c.source.kind in ("publication", "statistic"):
        return ""
    if c.valid_until is not None and c.valid_until <= today:
        if c.source.kind == "constitution":
            return _("no longer in force (constitution)", locale=lang)
        return _("no longer in force", locale=lang)
    if c.status == "unconfirmed" and c.source.id.startswith("bill-"):
        return ""
    return _("in force", locale=lang)


def citation_line(c: Citation, lang: str, *, html: bool = False, today: date | None = None) -> str:
    """One source, short: the law as people know it, the article in words, whether in force."""
    esc = escape if html else (lambda s: s)
    name = esc(source_name(c, lang))
    link = act_page(c.source.url)
    if html and link:
        name = f'<a href="{escape(link, quote=True)}">{name}</a>'
    article = article_words(c.article, c.part, lang)
    text = f"{name}, {esc(article)}" if article else name
    status = in_force_words(c, lang, today)
    return f"{text} ({esc(status)})" if status else text


def sources_block(citations: list[Citation], lang: str, *, html: bool) -> str:
    if not citations:
        return ""
    label = _("Sources:", locale=lang) if len(citations) > 1 else _("Source:", locale=lang)
    lines = " · ".join(citation_line(c, lang, html=html) for c in citations)
    label = f"<i>{escape(label)}</i>" if html else label
    return f"{label} {lines}"


# ---- statements ---------------------------------------------------------------------------------


def unconfirmed_mark(lang: str) -> str:
    return _("[not verified]", locale=lang)


def statement_text(s: Statement, lang: str) -> str:
    text = s.text[lang].strip()
    mark = unconfirmed_mark(lang)
    if s.status == "unconfirmed" and mark not in text:  # a text may carry the mark where the doubt stands
        text += " " + mark
    return text


def first_sentences(text: str, limit: int) -> str:
    """As many whole sentences of `text` as fit `limit` characters (at least the first); a first
    sentence longer than that is cut after its clauses (";") that fit, ending with "…"."""
    sentences = _SENTENCE_END.split(text)
    out = sentences[0]
    if len(out) > limit and "; " in out:
        clauses = out.split("; ")
        cut = clauses[0]
        for clause in clauses[1:]:
            if len(cut) + 2 + len(clause) + 1 > limit:
                break
            cut += "; " + clause
        if len(cut) + 1 <= limit:
            return cut.rstrip(" ,:") + "…"
    for sentence in sentences[1:]:
        if len(out) + 1 + len(sentence) > limit:
            break
        out += " " + sentence
    return out


def _cite_all(answer: Answer, statements) -> list[Citation]:
    wanted = []
    for s in statements:
        for c in answer.citations:
            if c.source.id == s.source and c.article == s.article and c.status == s.status and c not in wanted:
                wanted.append(c)
                break
    return wanted


def _plain_length(texts: list[str], citations: list[Citation], lang: str) -> int:
    return len("\n\n".join(texts)) + 2 + len(sources_block(citations, lang, html=False))


# What is worked out from an answer, for the answers rendered last: a reply needs the plan of its
# first message three times (the text, the "More" button, the statements "More" leaves out), and an
# answer to a repeated question (services/answer_cache.py) is the same object each time, so its
# text and mask are kept too. Keyed by id and holding the answer itself, so an id is never reused
# while its entry stands.
_WORKED_OUT: OrderedDict[int, tuple[Answer, dict[str, object]]] = OrderedDict()
_WORKED_OUT_KEPT = 256


def _worked_out(answer: Answer, name: str, work):
    kept = _WORKED_OUT.get(id(answer))
    if kept is None or kept[0] is not answer:
        kept = _WORKED_OUT[id(answer)] = (answer, {})
        while len(_WORKED_OUT) > _WORKED_OUT_KEPT:
            _WORKED_OUT.popitem(last=False)
    values = kept[1]
    if name not in values:
        values[name] = work()
    return values[name]


def plan_first_message(answer: Answer) -> tuple[list[Statement], list[str]]:
    """The statements of the first message, in reading order, and their texts (see _plan)."""
    shown, texts = _worked_out(answer, "plan", lambda: _plan(answer))
    return list(shown), list(texts)


def _plan(answer: Answer) -> tuple[list[Statement], list[str]]:
    """The statements of the first message, in reading order, and their texts.

    The lead always; then its partner of the other period (the former rule after today's), cut to
    its first sentences if need be, and the lead cut too if both do not fit otherwise; then other
    statements about what was asked, whole, while they fit. A cut statement is shown in full
    behind "More"."""
    lang = answer.lang
    statements = list(answer.statements)
    if not statements:
        return [], []
    lead = statements[0]
    texts: dict[int, str] = {}  # id(statement) -> the text shown, when cut

    def text_of(x: Statement) -> str:
        return texts.get(id(x)) or statement_text(x, lang)

    def length(chosen: list[Statement]) -> int:
        ordered = _reading_order(chosen, lead)
        return _plain_length([text_of(x) for x in ordered], _cite_all(answer, ordered), lang)

    def fit(chosen: list[Statement], x: Statement, minimum: int) -> bool:
        """Cut x to the sentences that fit; False if even its first sentence does not."""
        full = statement_text(x, lang)
        texts.pop(id(x), None)
        over = length(chosen) - FIRST_MESSAGE_LIMIT
        if over <= 0:
            return True
        cut = first_sentences(full, max(len(full) - over, minimum))
        texts[id(x)] = cut
        return length(chosen) <= FIRST_MESSAGE_LIMIT

    chosen = [lead]
    fit(chosen, lead, 120)
    relevance = list(answer.relevance) or [0.0] * len(statements)
    top = max(relevance[0], max(relevance[2:], default=0.0))
    if len(statements) > 1:
        partner = statements[1]
        candidate = [lead, partner]
        if fit(candidate, partner, 0):
            chosen = candidate
        else:
            # make room for the partner's first sentence by cutting the lead
            texts[id(partner)] = first_sentences(statement_text(partner, lang), 0)
            if fit(candidate, lead, 120):
                chosen = candidate
            else:
                texts.pop(id(partner), None)
                fit(chosen, lead, 120)
    for position, s in enumerate(statements[2:], 2):
        # beyond the lead and its partner, only statements about what was asked, whole
        if top > 0 and relevance[position] < 0.5 * top:
            continue
        if length(chosen + [s]) <= FIRST_MESSAGE_LIMIT:
            chosen = chosen + [s]
    ordered = _reading_order(chosen, lead)
    return ordered, [text_of(x) for x in ordered]


def _reading_order(statements: list[Statement], lead: Statement) -> list[Statement]:
    """The lead first; statements of the lead's time (today or former) next; the other period last."""
    lead_former = lead.status == "former"
    same = [s for s in statements[1:] if (s.status == "former") == lead_former]
    other = [s for s in statements[1:] if (s.status == "former") != lead_former]
    return [lead, *same, *other]


def first_message(answer: Answer, *, html: bool) -> str:
    """The reply to a question (kind == "answer"): one phone screen."""
    lang = answer.lang
    esc = escape if html else (lambda s: s)
    shown, texts = plan_first_message(answer)
    body = "\n\n".join(esc(t) for t in texts)
    sources = sources_block(_cite_all(answer, shown), lang, html=html)
    return f"{body}\n\n{sources}" if sources else body


def shown_statements(answer: Answer) -> list[Statement]:
    """The statements the first message shows in full (one cut to its first sentences is not)."""
    shown, texts = plan_first_message(answer)
    return [s for s, t in zip(shown, texts) if t == statement_text(s, answer.lang)]


def shown_mask(answer: Answer) -> int:
    """Bit i set: statement i of the entry is in the first message (so "More" leaves it out)."""
    return _worked_out(answer, "mask", lambda: _shown_mask(answer))


def _shown_mask(answer: Answer) -> int:
    mask = 0
    for s in shown_statements(answer):
        index = answer.entry_index(s)
        if index is not None:
            mask |= 1 << index
    return mask


def has_details(answer: Answer) -> bool:
    return _worked_out(answer, "has_details", lambda: _has_details(answer))


def _has_details(answer: Answer) -> bool:
    entry = answer.entry
    if entry is None:
        return False
    mask = shown_mask(answer)
    return bool(entry.more.get(answer.lang)) or any(not mask & (1 << i) for i in range(len(entry.statements)))


def details_message(entry: Entry, mask: int, lang: str, cite, *, html: bool) -> str:
    """The "More" message: the entry's title, what the first message did not show, the longer text
    and every source with its full title and period."""
    esc = escape if html else (lambda s: s)
    title = esc(entry.title[lang])
    parts = [f"<b>{title}</b>" if html else title]
    rest = [s for i, s in enumerate(entry.statements) if not mask & (1 << i)]
    parts.extend(esc(statement_text(s, lang)) for s in rest)
    if entry.more.get(lang):
        parts.append(esc(entry.more[lang].strip()))
    citations = []
    for s in rest or entry.statements:
        c = cite(s)
        if c not in citations:
            citations.append(c)
    label = _("Sources:", locale=lang)
    lines = [f"• {full_citation_line(c, lang, html=html)}" for c in citations]
    parts.append(((f"<i>{escape(label)}</i>") if html else label) + "\n" + "\n".join(lines))
    return "\n\n".join(parts)


def full_citation_line(c: Citation, lang: str, *, html: bool) -> str:
    """The full title, the article in words and the period in words (for "More")."""
    esc = escape if html else (lambda s: s)
    name = esc(c.source.title.get(lang) or source_name(c, lang))
    link = act_page(c.source.url)
    if html and link:
        name = f'<a href="{escape(link, quote=True)}">{name}</a>'
    article = article_words(c.article, c.part, lang)
    text = f"{name}, {esc(article)}" if article else name
    period = period_words(c, lang)
    return f"{text} ({esc(period)})" if period else text


def period_words(c: Citation, lang: str, today: date | None = None) -> str:
    today = today or date.today()
    if c.as_of is not None:
        return in_force_words(c, lang, today)
    if c.valid_until is not None and c.valid_until <= today:
        if c.valid_from:
            return f"{dates.since(c.valid_from, lang)} {dates.until(c.valid_until, lang)}"
        return dates.until(c.valid_until, lang)
    status = in_force_words(c, lang, today)
    if c.valid_from is not None and status and c.source.kind not in ("publication", "statistic"):
        if lang == "ky":
            return f"{dates.since(c.valid_from, lang)} {status}"
        return f"{status} {dates.since(c.valid_from, lang)}"
    return status


# ---- every kind of reply -----------------------------------------------------------------------


def render_answer(answer: Answer, *, html: bool) -> str:
    return first_message(answer, html=html)


def render_reply(answer: Answer, *, html: bool, titles: dict[str, str] | None = None) -> str:
    """The text of any reply: an answer, a decline, a clarifying question, a greeting."""
    if titles is None:
        return _worked_out(answer, f"reply html={html}", lambda: _render_reply(answer, html=html))
    return _render_reply(answer, html=html, titles=titles)


def _render_reply(answer: Answer, *, html: bool, titles: dict[str, str] | None = None) -> str:
    lang = answer.lang
    if answer.kind == "answer":
        return render_answer(answer, html=html)
    if answer.kind == "greeting":
        return _(
            "Hello! I answer questions about local self-government in Kyrgyzstan: keneshes, "
            "aiyl okmotus, mayors' offices, and where to complain. Ask in your own words or open the menu.",
            locale=lang,
        )
    if answer.kind == "thanks":
        return _("You are welcome! Ask another question or open the menu.", locale=lang)
    if answer.kind in ("clarify", "unsure"):
        if answer.kind == "clarify":
            text = _("Your question is close to several topics. Which one do you mean?", locale=lang)
        else:
            text = _("I am not sure I understood. Is your question about one of these topics?", locale=lang)
        if titles and not html:
            text += "\n" + "\n".join(f"- {titles[a]}" for a in answer.alternatives if a in titles)
        return text
    return decline_text(lang, answer.need.text[lang] if answer.need else None, html=html)


def decline_text(lang: str, where_to_go: str | None = None, *, html: bool = False) -> str:
    if where_to_go:
        scope = _(
            "I answer questions about local self-government: keneshes, aiyl okmotus, mayors' offices "
            "and complaints about them.",
            locale=lang,
        )
        return f"{escape(where_to_go) if html else where_to_go} {scope}"
    return _(
        "Sorry, I can't answer that. I know about local self-government in Kyrgyzstan: local "
        "keneshes, aiyl okmotus, mayors' offices and their heads, and how to complain about them. "
        "Open the menu to see the topics, or file a complaint.",
        locale=lang,
    )


def answer_json(answer: Answer, titles: dict[str, str] | None = None, cite=None) -> dict:
    """The JSON object of DESIGN.md §3. Given `cite` (QuestionAnswerer.cite), it also carries
    `kind` and `details` (the text behind "More", plain), for tests and benchmarks."""
    extra = {}
    if cite is not None:
        details = None
        if answer.kind == "answer" and answer.entry is not None and has_details(answer):
            details = details_message(answer.entry, shown_mask(answer), answer.lang, cite, html=False)
        extra = {"kind": answer.kind, "details": details}
    return extra | {
        "question": answer.question,
        "answered": answer.answered,
        "lang": answer.question_lang or answer.lang,
        "topic": answer.topic,
        "answer": render_reply(answer, html=False, titles=titles),
        "sources": [
            {
                "source": c.source.id,
                "article": c.article,
                "in_force_from": c.valid_from.isoformat() if c.valid_from else None,
                "in_force_until": c.valid_until.isoformat() if c.valid_until else None,
                "as_of": c.as_of.isoformat() if c.as_of else None,
            }
            for c in answer.citations
        ],
        "confidence": round(float(answer.confidence), 3),
        "alternatives": list(answer.alternatives),
    }
