"""Every user-facing message exists, translated, in both catalogs, with the same placeholders."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from config import ROOT

LOCALES = ROOT / "locales"
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")


def load(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def msgids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_every_message_is_translated_with_the_same_placeholders(lang: str) -> None:
    template = load(LOCALES / "messages.pot")
    catalog = load(LOCALES / lang / "LC_MESSAGES" / "messages.po")
    problems = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        if translated is None:
            problems.append(f"missing: {message.id!r}")
            continue
        if translated.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = translated.string if isinstance(translated.string, tuple) else (translated.string,)
        expected_forms = catalog.num_plurals if isinstance(message.id, tuple) else 1
        if len(strings) != expected_forms or not all(s.strip() for s in strings):
            problems.append(f"untranslated: {message.id!r}")
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for s in strings:
            if set(PLACEHOLDER.findall(s)) != wanted:
                problems.append(f"placeholders differ: {message.id!r} → {s!r}")
    assert not problems, "\n".join(problems)


def test_template_is_fresh(tmp_path: Path) -> None:
    """The committed messages.pot holds exactly the messages the code uses now."""
    pybabel = shutil.which("pybabel") or str(Path(sys.executable).with_name("pybabel"))
    script = (ROOT / "scripts" / "update_catalogs.sh").read_text()
    keywords = re.search(r"pybabel extract (.*?) -o", script, re.S).group(1)
    args = [a for a in keywords.replace("\\\n", " ").split() if a]
    out = tmp_path / "fresh.pot"
    subprocess.run(
        [pybabel, "extract", *args, "-o", str(out), "bot.py", "handlers", "middlewares", "services", "web"],
        cwd=ROOT, check=True, capture_output=True,
    )
    fresh, committed = msgids(load(out)), msgids(load(LOCALES / "messages.pot"))
    assert fresh - committed == set(), "new messages: run scripts/update_catalogs.sh and translate them"
    assert committed - fresh == set(), "messages no longer used: run scripts/update_catalogs.sh"


def test_kyrgyz_catalog_uses_kyrgyz_letters() -> None:
    """A cheap guard against a Russian text pasted into the Kyrgyz catalog."""
    catalog = load(LOCALES / "ky" / "LC_MESSAGES" / "messages.po")
    long_strings = [m.string for m in catalog if m.id and isinstance(m.string, str) and len(m.string) > 60]
    without = [s for s in long_strings if not re.search("[ңөүҢӨҮ]", s)]
    assert len(without) <= len(long_strings) // 5, without
