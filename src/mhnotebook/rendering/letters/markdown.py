"""Letters are written once, in Markdown; HTML, Word and plain text are read from the same tokens.

Why one source: a letter that says one thing in the preview and another in the .docx is a letter
nobody can trust. Templates write Markdown; every value printed from a case goes through
:func:`escape_markdown`, so a clinician's ``*``, ``<script>`` or ``{{ }}`` stays text in every
format. markdown-it parses with raw HTML switched off, a second wall behind the escaping.

Two private-use characters mark things the formats show differently: a *gap* (a required fact not
filled in, highlighted in place) and the *chart* slot (a figure in HTML, PDF and Word; nothing in
Markdown). User text can never contain them: escaping strips them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

GAP_OPEN, GAP_CLOSE = "\ue000", "\ue001"
CHART_SLOT = "\ue002measures-chart\ue003"
_PRIVATE = re.compile("[\ue000-\ue003]")
_GAP = re.compile(f"{GAP_OPEN}([^{GAP_CLOSE}]*){GAP_CLOSE}")

#: Inline characters CommonMark can read as markup (``&`` too, so ``&lt;`` stays as typed).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!])")
#: Characters that start a block (heading, quote, list, rule) when they begin a line.
_BLOCK_START = re.compile(r"^([#>+=-])")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])")
_BACKSLASH = re.compile(r"\\(.)")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


_PLAIN = re.compile(r"[^\\`*_\[\]<>|~&!\s\ue000-\ue003]*")


@lru_cache(maxsize=16384)
def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: one line, every markup character escaped.

    Line breaks become spaces (a value is printed inside a sentence or a table cell; a newline there
    could open a heading or a list). Cached: a case's values repeat across the letters drafted from it.
    """
    if (
        _PLAIN.fullmatch(text.replace(" ", "x"))
        and not _BLOCK_START.match(text)
        and not _ORDERED_START.match(text)
    ):
        return text.strip()
    text = _PRIVATE.sub("", text)
    text = _LINE_BREAKS.sub(" ", text).replace("\t", " ").strip()
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _BLOCK_START.sub(r"\\\1", text)
    return _ORDERED_START.sub(r"\1\\\2", text)


@dataclass(frozen=True, slots=True)
class Gap:
    """A required fact that is not in the case: prints as a highlighted "fill in" marker."""

    label: str

    def marker(self) -> str:
        return f"{GAP_OPEN}{_PRIVATE.sub('', self.label)}{GAP_CLOSE}"

    def __bool__(self) -> bool:
        # Templates test optional facts with ``{% if %}``; a gap is printed, never skipped, so it
        # must read as present.
        return True

    def __str__(self) -> str:
        return self.marker()


def gaps_in(markdown: str) -> list[str]:
    """The gap labels left in rendered Markdown (as plain text), in order of appearance, each once."""
    return list(dict.fromkeys(_BACKSLASH.sub(r"\1", label) for label in _GAP.findall(markdown)))


def gaps_as_markdown(markdown: str) -> str:
    """Visible fill-in markers for the .md export: ``**[fill in: date of birth]**``."""
    out = _GAP.sub(lambda m: f"**\\[fill in: {m[1]}\\]**", markdown)
    return out.replace(CHART_SLOT, "")


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def parse(markdown: str) -> list[Token]:
    """Block tokens of a letter (markdown-it, raw HTML off, tables on)."""
    return _parser().parse(markdown)


_MARK_STYLE = "background:#ffe08a;color:#000;padding:0 .2em;border-radius:2px;font-weight:600"


#: The CommonMark block and inline rules, without raw HTML (html_block, html_inline) or linkify.
_HTML_RULES = (
    "blockquote",
    "code",
    "fence",
    "heading",
    "hr",
    "lheading",
    "list",
    "paragraph",
    "reference",
    "autolink",
    "backticks",
    "emphasis",
    "entity",
    "escape",
    "image",
    "link",
    "newline",
    "table",
)


@cache
def _html_renderer() -> Any:
    """markdown-it-pyrs: the Rust port of the same parser, ~13x faster at HTML; same rules, HTML off."""
    import markdown_it_pyrs

    return markdown_it_pyrs.MarkdownIt("zero").enable_many(list(_HTML_RULES))  # type: ignore[arg-type]


def markdown_to_html(markdown: str) -> str:
    """The letter body as HTML. Gaps become ``<mark>``; the chart slot stays for the page to fill."""
    html = _html_renderer().render(markdown)
    return _GAP.sub(lambda m: gap_html(m[1]), html)


def gap_html(label_html: str) -> str:
    """The highlighted marker of a missing fact, in HTML (``label_html`` already escaped)."""
    return f'<mark class="gap" style="{_MARK_STYLE}">[fill in: {label_html}]</mark>'


def inline_text(token: Token) -> str:
    """The text of an inline token (markup dropped, soft breaks as spaces, gaps in brackets)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return _GAP.sub(lambda m: f"[fill in: {m[1]}]", "".join(parts)).replace(CHART_SLOT, "")


def markdown_to_text(markdown: str) -> str:
    """Plain text of a letter (headings, paragraphs, list items and table rows, one per line)."""
    lines: list[str] = []
    row: list[str] | None = None
    bullets = 0
    for token in parse(markdown):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            bullets += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            bullets -= 1
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            lines.append(" | ".join(row))
            row = None
        elif token.type == "inline":
            text = inline_text(token)
            if row is not None:
                row.append(text)
            elif text:
                lines.append(("- " if bullets else "") + text)
    return "\n".join(lines).strip() + "\n"
