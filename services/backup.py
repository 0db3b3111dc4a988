"""`python bot.py backup PATH`: a consistent copy of the live database, while the bot runs.

SQLite's online backup API copies the pages under a read transaction, so the copy is one moment of
the database even while the bot writes (WAL mode lets both go on). The copy is written next to the
target first and renamed into place, so PATH is never a half-written file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def backup_database(source: Path, target: Path) -> int:
    """Copy `source` to `target`; the number of pages copied. Raises ValueError with one line."""
    if not source.is_file():
        raise ValueError(f"DATABASE_PATH={source} does not exist; nothing to back up")
    if target.exists() and target.is_dir():
        target = target / f"{source.stem}-backup.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst, pages=1024)  # in steps, so the bot's writers are never held up for long
        pages = dst.execute("PRAGMA page_count").fetchone()[0]
        check = dst.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise ValueError(f"the copy failed its integrity check: {check}")
    finally:
        dst.close()
        src.close()
    os.replace(partial, target)
    return pages
