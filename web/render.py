"""HTML building blocks: the page frame, navigation, forms. Plain strings; every value is escaped here.

Pages are complete without JavaScript: links, GET forms for filters, POST forms (with the CSRF
token) for changes, and SVG drawn by the server.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

from aiogram.utils.i18n import gettext as _

from storage.users import User
from web.auth import WebSession

LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский"}


def h(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


@dataclass(frozen=True)
class Viewer:
    """The signed-in staff member behind a request (role read from the database for this request)."""

    user: User
    session: WebSession

    @property
    def lang(self) -> str:
        return self.session.language

    @property
    def csrf(self) -> str:
        return self.session.csrf_token


def url(path: str, params: dict[str, str] | None = None) -> str:
    return path + ("?" + urlencode(params) if params else "")


def csrf_field(viewer: Viewer) -> str:
    return f'<input type="hidden" name="csrf" value="{h(viewer.csrf)}">'


def post_button(viewer: Viewer, action: str, label: str, *, fields: dict[str, str] | None = None,
                css: str = "") -> str:
    hidden = "".join(f'<input type="hidden" name="{h(k)}" value="{h(v)}">' for k, v in (fields or {}).items())
    return (f'<form method="post" action="{h(action)}" class="inline">{csrf_field(viewer)}{hidden}'
            f'<button type="submit" class="{h(css)}">{h(label)}</button></form>')


def select(name: str, label: str, options: Iterable[tuple[str, str]], selected: str, *, field_id: str = "") -> str:
    field_id = field_id or f"f-{name}"
    items = "".join(
        f'<option value="{h(value)}"{" selected" if value == selected else ""}>{h(text)}</option>'
        for value, text in options
    )
    return f'<label for="{h(field_id)}">{h(label)}</label><select id="{h(field_id)}" name="{h(name)}">{items}</select>'


def nav_items(viewer: Viewer) -> list[tuple[str, str, str]]:
    """(key, path, label) of the pages this role may open."""
    role = viewer.user.role
    items = []
    if role in ("operator", "admin"):
        items += [("queue", "/queue", _("Appeals")), ("figures", "/figures", _("Figures"))]
    items.append(("asks", "/asks", _("What residents ask")))
    items.append(("announcements", "/announcements", _("Announcements")))
    if role == "admin":
        items.append(("audit", "/audit", _("Audit log")))
    return items


def role_label(role: str) -> str:
    labels = {"operator": _("operator"), "announcer": _("announcer"), "admin": _("administrator")}
    return labels.get(role, role)


def page(viewer: Viewer | None, title: str, body: str, *, active: str = "", here: str = "/", lang: str = "ru") -> str:
    lang = viewer.lang if viewer else lang
    header = ""
    if viewer is not None:
        current = ' aria-current="page"'
        links = "".join(
            f'<li><a href="{h(path)}"{current if key == active else ""}>{h(label)}</a></li>'
            for key, path, label in nav_items(viewer)
        )
        other = "ru" if lang == "ky" else "ky"
        switch = (f'<form method="post" action="/lang" class="inline">{csrf_field(viewer)}'
                  f'<input type="hidden" name="lang" value="{other}"><input type="hidden" name="next" value="{h(here)}">'
                  f'<button type="submit" lang="{other}">{h(LANGUAGE_NAMES[other])}</button></form>')
        who = _("Signed in: id {id}, {role}").format(id=viewer.user.id, role=role_label(viewer.user.role))
        header = (
            '<header class="top"><a class="brand" href="/">Kenesh</a>'
            '<nav aria-label="' + h(_("Sections")) + f'"><ul>{links}</ul></nav>'
            f'<div class="who"><span>{h(who)}</span>{switch}'
            + post_button(viewer, "/logout", _("Sign out")) + "</div></header>"
        )
    return (
        f'<!doctype html><html lang="{h(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{h(title)} · Kenesh</title><link rel="stylesheet" href="/static/style.css"></head>'
        f'<body><a class="skip" href="#main">' + h(_("Skip to the content")) + f'</a>{header}'
        f'<main id="main" tabindex="-1"><h1>{h(title)}</h1>{body}</main></body></html>'
    )


def notice(text: str, kind: str = "ok") -> str:
    role = "alert" if kind == "error" else "status"
    return f'<p class="notice {h(kind)}" role="{role}">{h(text)}</p>'


def assignee_label(ticket) -> str:
    """Who has the appeal: the name Telegram gave when they took it, else their id; "—" for nobody."""
    if ticket.assignee_id is None:
        return "—"
    return ticket.assignee_name or f"id {ticket.assignee_id}"
