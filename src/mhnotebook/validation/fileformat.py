"""The case-file format: reading YAML or JSON safely (remembering where each field sits) and writing it.

YAML is read with YAML 1.2 core rules for booleans and numbers, so ``state: NO`` stays text,
``code: 0114`` stays a revenue code (not octal 76) and ``time: 10:30`` stays a time, not 630.
Dates stay text for the model to parse, so a bad date is reported against its field, not as a crash.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from mhnotebook.validation.issues import Issue, Loc

#: Case files are small; anything larger is almost certainly the wrong file.
MAX_CASE_FILE_BYTES = 2 * 1024 * 1024

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CaseFileLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML loader: no Python objects, YAML 1.2 booleans and numbers, duplicate keys refused."""


CaseFileLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag
        not in (
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:timestamp",
        )
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CaseFileLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
CaseFileLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
CaseFileLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)


class DuplicateKeyError(yaml.YAMLError):
    """A key given twice in one section: YAML would silently keep only the last."""

    def __init__(self, key: str, line: int, first_line: int) -> None:
        super().__init__(f"'{key}' is given twice (first on line {first_line}); keep one")
        self.key, self.line = key, line


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise DuplicateKeyError(str(key), line, seen[key])
        seen[key] = line
    return loader.construct_mapping(node, deep=deep)


CaseFileLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


class CaseFileDumper(yaml.SafeDumper):
    """Writes ISO dates bare (``2026-03-14``) but still quotes what YAML 1.1 tools would misread."""


CaseFileDumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def dump_yaml(data: Any) -> str:
    """YAML text for plain data, keys in the given order."""
    return yaml.dump(data, Dumper=CaseFileDumper, sort_keys=False, allow_unicode=True, width=100)


class LineIndex:
    """Maps a field path to the line it starts on, for messages that point into the file.

    Built lazily from the text on the first lookup: a valid file with no issues never pays for
    the second (pure-Python) parse that finding lines takes.
    """

    def __init__(self, text: str = "") -> None:
        self._text = text
        self._lines: dict[Loc, int] | None = None

    def _build(self) -> dict[Loc, int]:
        lines: dict[Loc, int] = {}
        try:
            root = yaml.compose(self._text, Loader=yaml.SafeLoader) if self._text else None
        except yaml.YAMLError:
            return lines

        def visit(node: yaml.Node | None, loc: Loc) -> None:
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    child = (*loc, key_node.value)
                    lines[child] = key_node.start_mark.line + 1
                    visit(value_node, child)
            elif isinstance(node, yaml.SequenceNode):
                for i, item in enumerate(node.value):
                    lines[(*loc, i)] = item.start_mark.line + 1
                    visit(item, (*loc, i))

        visit(root, ())
        return lines

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its nearest parent present in the file."""
        if self._lines is None:
            self._lines = self._build()
        for end in range(len(loc), 0, -1):
            line = self._lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


def read_text(path: Path) -> tuple[str | None, list[Issue]]:
    """The file's text, or the reason it cannot be a case file (missing, huge, binary)."""
    name = str(path)
    if not path.exists():
        return None, [Issue("error", "file not found", file=name)]
    if path.is_dir():
        return None, [Issue("error", "is a folder, not a case file", file=name)]
    size = path.stat().st_size
    if size > MAX_CASE_FILE_BYTES:
        return None, [
            Issue(
                "error",
                f"file is {size / 1024 / 1024:.1f} MB; a case file is a few KB of YAML or JSON "
                f"(limit {MAX_CASE_FILE_BYTES // 1024 // 1024} MB). Is this the right file?",
                file=name,
            )
        ]
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        return None, [
            Issue(
                "error",
                "looks like a binary file (a PDF, image or Word file?); a case file is YAML or JSON text",
                file=name,
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Issue(
                "error", f"is not UTF-8 text (byte {exc.start}); save the file as UTF-8", file=name, line=line
            )
        ]
    if not text.strip():
        return None, [
            Issue("error", "is empty; a case file needs at least patient, plan and service", file=name)
        ]
    return text, []


def parse_case_text(text: str, name: str, *, as_json: bool) -> tuple[Any, list[Issue]]:
    """Parse YAML or JSON text into plain data, or say where the syntax breaks."""
    if as_json:
        try:
            return json.loads(text), []
        except json.JSONDecodeError as exc:
            return None, [
                Issue(
                    "error", f"is not valid JSON: {exc.msg} (column {exc.colno})", file=name, line=exc.lineno
                )
            ]
    try:
        return yaml.load(text, Loader=CaseFileLoader), []
    except DuplicateKeyError as exc:
        return None, [Issue("error", str(exc), file=name, line=exc.line)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or "syntax error"
        return None, [
            Issue(
                "error",
                f"is not valid YAML: {problem}; check indentation and quoting near this line",
                file=name,
                line=line,
            )
        ]
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        return None, [Issue("error", f"is not valid YAML: {exc}", file=name)]
