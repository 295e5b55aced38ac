"""A letter as a Word document: real headings, paragraphs, lists and tables, from the Markdown tokens.

Clinicians edit letters in Word before they sign them, so the .docx must be a document (styles a
person can change), not one text blob or a picture of a page. Gaps are yellow-highlighted runs; the
measures chart is a picture.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from mhnotebook.rendering.letters.markdown import CHART_SLOT, GAP_CLOSE, GAP_OPEN, parse

if TYPE_CHECKING:
    from markdown_it.token import Token


def _add_inline(paragraph: Any, token: Token) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    bold = italic = code = False
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind in ("softbreak",):
            paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind in ("text", "code_inline"):
            code = kind == "code_inline"
            for index, piece in enumerate(child.content.replace(GAP_CLOSE, GAP_OPEN).split(GAP_OPEN)):
                if not piece:
                    continue
                gap = index % 2 == 1
                run = paragraph.add_run(f"[fill in: {piece}]" if gap else piece)
                run.bold = bold or gap or None
                run.italic = italic or None
                if code:
                    run.font.name = "Courier New"
                if gap:
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def markdown_to_docx(
    markdown: str, *, chart_png: bytes | None, letterhead: list[str], title: str, footer: str | None
) -> bytes:
    """The .docx bytes of a letter."""
    from docx import Document
    from docx.shared import Inches, Pt

    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = ""
    doc.core_properties.comments = ""
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    section = doc.sections[0]
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Inches(1))
    if letterhead:
        header = section.header.paragraphs[0]
        for index, line in enumerate(letterhead):
            run = header.add_run(line)
            run.bold = index == 0
            if index < len(letterhead) - 1:
                run.add_break()
    if footer:
        section.footer.paragraphs[0].add_run(footer).italic = True

    tokens = parse(markdown)
    styles = {"bullet_list_open": "List Bullet", "ordered_list_open": "List Number"}
    list_style: list[str] = []
    in_quote = False
    table = None
    row_cells: list[Any] = []
    cell_index = 0
    pending_style: str | None = None
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in styles:
            list_style.append(styles[kind])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_style.pop()
        elif kind == "blockquote_open":
            in_quote = True
        elif kind == "blockquote_close":
            in_quote = False
        elif kind == "heading_open":
            pending_style = f"heading:{token.tag[1]}"
        elif kind == "paragraph_open":
            pending_style = list_style[-1] if list_style else ("Quote" if in_quote else None)
        elif kind == "table_open":
            columns = _count_columns(tokens, index)
            table = doc.add_table(rows=0, cols=columns)
            table.style = "Table Grid"
        elif kind == "table_close":
            table = None
        elif kind == "tr_open" and table is not None:
            row_cells = list(table.add_row().cells)
            cell_index = 0
        elif kind == "inline":
            if table is not None and row_cells:
                if cell_index < len(row_cells):
                    cell_paragraph = row_cells[cell_index].paragraphs[0]
                    _add_inline(cell_paragraph, token)
                    if tokens[index - 1].type == "th_open":
                        for run in cell_paragraph.runs:
                            run.bold = True
                cell_index += 1
                continue
            if token.content.strip() == CHART_SLOT:
                if chart_png:
                    doc.add_picture(io.BytesIO(chart_png), width=Inches(6))
                continue
            if pending_style and pending_style.startswith("heading:"):
                paragraph = doc.add_heading(level=int(pending_style.split(":")[1]))
            else:
                paragraph = doc.add_paragraph(style=pending_style)
            _add_inline(paragraph, token)
            pending_style = None
        elif kind == "hr":
            doc.add_paragraph()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _count_columns(tokens: list[Token], start: int) -> int:
    count = 0
    for token in tokens[start:]:
        if token.type in ("th_open", "td_open"):
            count += 1
        elif token.type == "tr_close":
            return max(count, 1)
    return max(count, 1)
