"""Gettext catalogs: compiled from the committed `.po` files at start, never committed as `.mo`.

`I18n()` refuses a `.po` without its `.mo`, so a fresh clone would not start unless something
compiles first; Babel (already a dependency) does it here, only when a `.mo` is missing or older
than its `.po`. When `locales/` is read-only, the catalogs are compiled into a temporary directory.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from aiogram.utils.i18n import I18n
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "messages"


def compile_catalogs(locales_dir: Path) -> Path:
    """Compile every `<lang>/LC_MESSAGES/messages.po`; return the directory holding the `.mo` files."""
    target = locales_dir
    try:
        _compile_into(locales_dir, locales_dir)
    except OSError:
        target = Path(tempfile.mkdtemp(prefix="kenesh-locales-"))
        _compile_into(locales_dir, target)
    return target


def _compile_into(source: Path, target: Path) -> None:
    for po_path in sorted(source.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        lang = po_path.parent.parent.name
        mo_path = target / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=lang, domain=DOMAIN)
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = mo_path.with_suffix(".mo.tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalog)  # fuzzy entries are left out, as pybabel compile does
        tmp.replace(mo_path)


def build_i18n(locales_dir: Path, default_locale: str) -> I18n:
    return I18n(path=compile_catalogs(locales_dir), default_locale=default_locale, domain=DOMAIN)


def translations_of(i18n: I18n, msgid: str) -> set[str]:
    """The text of `msgid` in every language, to match reply-keyboard buttons in any of them."""
    return {i18n.gettext(msgid, locale=lang) for lang in i18n.available_locales}
