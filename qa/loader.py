"""Read the knowledge base (`knowledge/`) into `qa.model.KnowledgeBase`.

The YAML is parsed with a SafeLoader subclass that remembers the line of every mapping key and
sequence item, so `qa.check` can report errors as `knowledge/entries/mayor.yaml:42: message`.
`load_knowledge` validates first (via `qa.check.validate`) and raises `KnowledgeError` with every
error it found; the bot refuses to start on an invalid base.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from qa.model import LANGS, Entry, Group, KnowledgeBase, Source, Statement

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE_DIR = REPO_ROOT / "knowledge"

# libyaml's parser is several times faster than the pure-Python one and still gives node marks.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load_yaml(text: str) -> Any:
    """Plain data from YAML text, as yaml.safe_load gives it, through libyaml when present (the
    out-of-scope table took 0.4 s to parse in pure Python, twice at every start)."""
    return yaml.load(text, Loader=_BaseLoader)  # noqa: S506 - CSafeLoader or SafeLoader


class KnowledgeError(Exception):
    """The knowledge base is invalid; `errors` holds every `file:line: message`."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} error(s) in the knowledge base:\n" + "\n".join(self.errors))


class LineDict(dict):
    """A YAML mapping that knows where it and each of its keys are (1-based lines)."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}
        self.duplicate_keys: list[tuple[Any, int]] = []

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A YAML sequence that knows where it and each of its items are (1-based lines)."""

    line: int = 0

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class InvalidDate(str):
    """A value YAML took for a timestamp but that is no real date (e.g. 2021-13-01)."""


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            key = str(key)
        value = loader.construct_object(value_node, deep=True)
        key_line = key_node.start_mark.line + 1
        if key in mapping:
            mapping.duplicate_keys.append((key, key_line))
        mapping[key] = value
        mapping.key_lines[key] = key_line
    return mapping


def _construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    # A bad date must become an error message, not abort the whole parse.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return InvalidDate(node.value)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass
class YamlFile:
    """One parsed file: `data` is None when the file is missing or not valid YAML."""

    path: Path
    name: str  # as shown in error messages, e.g. knowledge/entries/mayor.yaml
    data: Any = None
    errors: list[str] = field(default_factory=list)


@dataclass
class RawKnowledge:
    root: Path
    sources: YamlFile
    groups: YamlFile
    entries: list[YamlFile]
    rules: YamlFile
    regions: YamlFile

    def files(self) -> list[YamlFile]:
        return [self.sources, self.groups, *self.entries, self.rules, self.regions]


def display_name(path: Path, knowledge_dir: Path) -> str:
    """The path as an editor should see it: relative to the repository root when inside it."""
    resolved = path.resolve()
    for base in (REPO_ROOT, knowledge_dir.resolve().parent):
        try:
            return resolved.relative_to(base).as_posix()
        except ValueError:
            continue
    return resolved.as_posix()


def read_yaml(path: Path, name: str, required: bool = True) -> YamlFile:
    result = YamlFile(path=path, name=name)
    if not path.exists():
        if required:
            result.errors.append(f"{name}:1: file is missing")
        return result
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        result.errors.append(f"{name}:1: cannot read the file ({exc})")
        return result
    try:
        result.data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        result.errors.append(f"{name}:{line}: YAML syntax error: {problem}")
    except yaml.YAMLError as exc:
        result.errors.append(f"{name}:1: YAML syntax error: {exc}")
    return result


def read_raw(knowledge_dir: Path) -> RawKnowledge:
    """Parse every file of the knowledge base, keeping lines; no validation beyond YAML syntax."""
    knowledge_dir = Path(knowledge_dir)

    def read(path: Path, required: bool = True) -> YamlFile:
        return read_yaml(path, display_name(path, knowledge_dir), required)

    entry_paths = sorted((knowledge_dir / "entries").glob("*.yaml"))
    return RawKnowledge(
        root=knowledge_dir,
        sources=read(knowledge_dir / "sources.yaml"),
        groups=read(knowledge_dir / "groups.yaml"),
        entries=[read(p) for p in entry_paths],
        # Reference data: optional for a minimal base (the test fixtures); the real base has both.
        rules=read(knowledge_dir / "rules.yaml", required=False),
        regions=read(knowledge_dir / "regions.yaml", required=False),
    )


def load_knowledge(path: Path = DEFAULT_KNOWLEDGE_DIR, today: date | None = None) -> KnowledgeBase:
    """Read and validate the knowledge base; raise KnowledgeError listing every problem."""
    from qa.check import validate  # qa.check imports this module

    raw = read_raw(Path(path))
    errors = validate(raw, today=today)
    if errors:
        raise KnowledgeError(errors)
    return build(raw)


# ---- building the model from validated raw data ----


def _plain(value: Any) -> Any:
    """Deep copy into plain dicts/lists (the Line* bookkeeping is for error messages only)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _texts(value: Any) -> dict[str, str]:
    return {lang: str(value[lang]).strip() for lang in LANGS} if value else {}


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _build_source(item: dict) -> Source:
    return Source(
        id=item["id"],
        kind=item["kind"],
        number=_optional_str(item.get("number")),
        title=_texts(item["title"]),
        short=_texts(item["short"]),
        adopted=_as_date(item.get("adopted")),
        in_force_from=_as_date(item.get("in_force_from")),
        in_force_until=_as_date(item.get("in_force_until")),
        url=item.get("url"),
        confidence=item["confidence"],
        note=str(item.get("note") or "").strip(),
    )


def build_statement(item: dict) -> Statement:
    return Statement(
        text=_texts(item["text"]),
        source=item["source"],
        article=_optional_str(item.get("article")),
        status=item["status"],
        valid_from=_as_date(item.get("valid_from")),
        valid_until=_as_date(item.get("valid_until")),
        as_of=_as_date(item.get("as_of")),
        part=_optional_str(item.get("part")),
        questions={lang: tuple(str(q).strip() for q in (item.get("questions") or {}).get(lang) or ()) for lang in LANGS}
        if item.get("questions")
        else {},
    )


def _build_entry(item: dict) -> Entry:
    keywords = item.get("keywords") or {}
    return Entry(
        id=item["id"],
        group=item["group"],
        title=_texts(item["title"]),
        questions={lang: tuple(str(q) for q in item["questions"][lang]) for lang in LANGS},
        keywords={lang: tuple(str(k) for k in keywords.get(lang) or ()) for lang in LANGS},
        statements=tuple(build_statement(s) for s in item["statements"]),
        more=_texts(item.get("more")),
        related=tuple(item.get("related") or ()),
        rule=item.get("rule"),
    )


def build(raw: RawKnowledge) -> KnowledgeBase:
    sources = {s["id"]: _build_source(s) for s in raw.sources.data["sources"]}
    groups = tuple(Group(id=g["id"], title=_texts(g["title"])) for g in raw.groups.data["groups"])
    entries = tuple(
        _build_entry(item) for file in raw.entries for item in (file.data or {}).get("entries") or ()
    )
    return KnowledgeBase(
        sources=sources,
        groups=groups,
        entries=entries,
        rules=_plain(raw.rules.data or {}),
        regions=_plain(raw.regions.data or {}),
    )
