"""Write translations into the ky and ru catalogs.

    python scripts/translate.py FILE.json     # {"msgid": {"ky": "...", "ru": "..."}, ...}

For a plural message give lists: {"{n} day": {"ky": ["{n} күн", "{n} күн"], "ru": [..., ..., ...]}}.
The msgid must already be in the catalogs (run scripts/update_catalogs.sh first). Entries are
un-fuzzied. Several people may run this at once: a lock file serialises the writes.
"""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALES = Path(__file__).resolve().parent.parent / "locales"


def apply(translations: dict[str, dict[str, str | list[str]]]) -> list[str]:
    missing = []
    with open(LOCALES / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for lang in ("ky", "ru"):
            path = LOCALES / lang / "LC_MESSAGES" / "messages.po"
            with path.open("rb") as f:
                catalog = read_po(f, locale=lang)
            for msgid, by_lang in translations.items():
                if lang not in by_lang:
                    continue
                message = catalog.get(msgid)
                if message is None:
                    missing.append(f"{lang}: {msgid!r}")
                    continue
                text = by_lang[lang]
                message.string = tuple(text) if isinstance(text, list) else text
                message.flags.discard("fuzzy")
            with path.open("wb") as f:
                write_po(f, catalog, width=76, omit_header=False, sort_output=True, ignore_obsolete=True)
    return missing


if __name__ == "__main__":
    missing = apply(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    for line in missing:
        print("not in the catalog (run scripts/update_catalogs.sh):", line, file=sys.stderr)
    sys.exit(1 if missing else 0)
