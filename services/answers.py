"""Renders a `qa.service.Answer` as the bot sends it (HTML) or as plain text (CLI, JSON).

Labels go through the gettext catalogs, in the answer's language (the language of the question
when it is clear), not necessarily the user's interface language.
"""

from __future__ import annotations

from datetime import date
from html import escape

from aiogram.utils.i18n import gettext as _

from qa.service import Answer, Citation


def format_date(d: date) -> str:
    # Numeric dates read the same in Kyrgyz and Russian and need no case endings.
    return d.strftime("%d.%m.%Y")


def citation_line(c: Citation, lang: str) -> str:
    name = c.source.short[lang]
    if c.article:
        name = _("{source}, art. {article}", locale=lang).format(source=name, article=c.article)
    if c.as_of is not None:
        period = _("data as of {date}", locale=lang).format(date=format_date(c.as_of))
    elif c.valid_until is not None and c.valid_until <= date.today():
        if c.valid_from:
            period = _("in force {start} – {end}, no longer in force", locale=lang).format(
                start=format_date(c.valid_from), end=format_date(c.valid_until)
            )
        else:
            period = _("no longer in force since {date}", locale=lang).format(date=format_date(c.valid_until))
    elif c.valid_from is not None:
        period = _("in force since {date}", locale=lang).format(date=format_date(c.valid_from))
    else:
        period = ""
    if c.status == "unconfirmed":
        period = ", ".join(p for p in (period, _("to be confirmed", locale=lang)) if p)
    return f"{name} ({period})" if period else name


def caveat(lang: str) -> str:
    return _(
        "Part of this answer is based on reports, not yet checked against the official text. "
        "Check it in the official legal database cbd.minjust.gov.kg or with the State Agency "
        "for Civil Service and Local Self-Government.",
        locale=lang,
    )


def render_answer(answer: Answer, *, html: bool, more: bool = False) -> str:
    """The reply text of an answered question (kind == "answer")."""
    lang = answer.lang
    esc = escape if html else (lambda s: s)
    entry = answer.entry
    assert entry is not None
    title = esc(entry.title[lang])
    parts = [f"<b>{title}</b>" if html else title]
    parts.append("\n\n".join(esc(s.text[lang].strip()) for s in answer.statements))
    if more and entry.more.get(lang):
        parts.append(esc(entry.more[lang].strip()))
    if answer.has_unconfirmed:
        parts.append(("⚠️ " + esc(caveat(lang))) if html else caveat(lang))
    label = _("Sources:", locale=lang)
    lines = [f"• {esc(citation_line(c, lang))}" for c in answer.citations]
    sources = ("<i>" + esc(label) + "</i>" if html else label) + "\n" + "\n".join(lines)
    parts.append(sources)
    return "\n\n".join(parts)


def render_reply(answer: Answer, *, html: bool, titles: dict[str, str] | None = None) -> str:
    """The text of any reply: an answer, a decline, a clarifying question, a greeting."""
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
    if answer.kind == "clarify":
        text = _("Your question is close to several topics. Which one do you mean?", locale=lang)
        if titles and not html:
            text += "\n" + "\n".join(f"- {titles[a]}" for a in answer.alternatives if a in titles)
        return text
    return decline_text(lang)


def decline_text(lang: str) -> str:
    return _(
        "Sorry, I can't answer that. I know about local self-government in Kyrgyzstan: local "
        "keneshes, aiyl okmotus, mayors' offices and their heads, and how to complain about them. "
        "Open the menu to see the topics, or file a complaint.",
        locale=lang,
    )


def answer_json(answer: Answer, titles: dict[str, str] | None = None) -> dict:
    """The JSON object of DESIGN.md §3."""
    return {
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
            }
            for c in answer.citations
        ],
        "confidence": round(float(answer.confidence), 3),
        "alternatives": list(answer.alternatives),
    }
