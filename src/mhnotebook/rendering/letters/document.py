"""Drafting a letter from a case, and exporting it to Markdown, HTML, Word and PDF.

``draft_letter`` always returns a letter, even from a half-filled case: the preview shows every
missing required fact as a highlighted "fill in" marker where it belongs, and the readiness report
lists them. Export refuses while any is missing (one message naming them all) unless the caller
asks for visible markers, and then says so in the result's warnings.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from html import escape
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from mhnotebook.errors import LetterError, LetterNotReady
from mhnotebook.models import Case, Provider
from mhnotebook.paths import write_private_file
from mhnotebook.rendering.letters.chart import measures_png, measures_svg
from mhnotebook.rendering.letters.context import build_context, set_path
from mhnotebook.rendering.letters.environment import EmptyValuePrinted, letter_environment, page_environment
from mhnotebook.rendering.letters.manifest import LetterKind, field_label, letter_kind, user_letters_dir
from mhnotebook.rendering.letters.markdown import (
    CHART_SLOT,
    Gap,
    gaps_as_markdown,
    gaps_in,
    markdown_to_html,
    markdown_to_text,
)
from mhnotebook.rendering.letters.readiness import Readiness, assess, missing_paths
from mhnotebook.rendering.letters.signers import choose_signer
from mhnotebook.rules.triage import Triage, triage_case
from mhnotebook.validation.fileformat import CaseFileLoader

FORMATS = {".md": "markdown", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
_SAMPLE_NOTICE = "SYNTHETIC SAMPLE: made-up patient, clinician and plan, for demonstration only."
_BLANK_LINES = re.compile(r"\n{3,}")
#: A blank line between two one-line list items (left by template tags): lists print tight.
_LOOSE_ITEM = re.compile(r"(?m)^((?:- |\d{1,3}\. ).*)\n\n(?=- |\d{1,3}\. )")
_CHART_PARAGRAPH = re.compile(r"<p>\s*" + re.escape(CHART_SLOT) + r"\s*</p>")


@dataclass(frozen=True, slots=True)
class Export:
    """A written file and anything the person should know about it (fill-in markers left in)."""

    path: Path
    warnings: tuple[str, ...] = ()


class Letter:
    """One drafted letter: Markdown and HTML text, a readiness report, and exports to four formats."""

    def __init__(
        self,
        kind: LetterKind,
        source: str,
        readiness: Readiness,
        case: Case,
        letterhead: list[str],
        logo: str | None,
    ) -> None:
        self.kind = kind
        self._source = source
        self.readiness = readiness
        self._case = case
        self.letterhead = letterhead
        self._logo = logo

    # --- text -----------------------------------------------------------------------------------
    @property
    def markdown(self) -> str:
        """The letter as Markdown, with missing facts as ``**[fill in: ...]**``."""
        return gaps_as_markdown(self._source)

    @property
    def text(self) -> str:
        """Plain text (for checks, e-mail bodies and search)."""
        return markdown_to_text(self._source)

    @property
    def gaps(self) -> list[str]:
        """The fill-in markers still in the letter, in order."""
        return gaps_in(self._source)

    @cached_property
    def chart_svg(self) -> str | None:
        """The measures figure, when the letter shows measures and a measure has two or more scores."""
        return measures_svg(self._case) if CHART_SLOT in self._source else None

    @cached_property
    def body_html(self) -> str:
        """The letter body as HTML (no page), with the chart in place."""
        body = markdown_to_html(self._source)
        figure = f'<figure class="measures">{self.chart_svg}</figure>' if self.chart_svg else ""
        return _CHART_PARAGRAPH.sub(lambda _: figure, body)

    @cached_property
    def html(self) -> str:
        """A standalone HTML page (letterhead, styles for print): the source of the PDF."""
        sample = self._case.synthetic
        return (
            page_environment()
            .get_template("_page.html.j2")
            .render(
                title=self.kind.title,
                letterhead=self.letterhead,
                logo=self._logo,
                body=Markup(self.body_html),  # built from escaped Markdown with raw HTML off
                sample_notice=_SAMPLE_NOTICE if sample else None,
                footer_css="Synthetic sample. " if sample else "",
            )
        )

    def _repr_html_(self) -> str:
        head = "".join(
            f'<div style="{"font-weight:700" if i == 0 else "font-size:90%;color:#444"}">{escape(line)}</div>'
            for i, line in enumerate(self.letterhead)
        )
        if head:
            head = f'<div style="border-bottom:2px solid #0072B2;margin-bottom:.8em">{head}</div>'
        return (
            '<div style="font-family:Georgia,serif;max-width:46em;line-height:1.45;padding:1em 1.4em;'
            f'border:1px solid #ccc;background:#fff;color:#111">{head}{self.body_html}</div>'
        )

    def __repr__(self) -> str:
        return f"<Letter {self.kind.kind}: {len(self._source)} characters, {len(self.gaps)} to fill in>"

    # --- export ---------------------------------------------------------------------------------
    def _check(self, allow_gaps: bool) -> tuple[str, ...]:
        gaps = self.gaps
        if gaps and not allow_gaps:
            raise LetterNotReady(
                self.kind.kind, list(dict.fromkeys([*self.readiness.missing_required, *gaps]))
            )
        return tuple(f"fill-in marker left in the letter: {gap}" for gap in gaps)

    def to_markdown(self, path: str | Path, *, allow_gaps: bool = False) -> Export:
        warnings = self._check(allow_gaps)
        return Export(write_private_file(path, self.markdown), warnings)

    def to_html(self, path: str | Path, *, allow_gaps: bool = False) -> Export:
        warnings = self._check(allow_gaps)
        return Export(write_private_file(path, self.html), warnings)

    def to_docx(self, path: str | Path, *, allow_gaps: bool = False) -> Export:
        """A Word document with real headings, paragraphs, lists and tables (python-docx)."""
        from mhnotebook.rendering.letters.docx import markdown_to_docx

        warnings = self._check(allow_gaps)
        data = markdown_to_docx(
            self._source,
            chart_png=measures_png(self.chart_svg) if self.chart_svg else None,
            letterhead=self.letterhead,
            title=self.kind.title,
            footer=_SAMPLE_NOTICE if self._case.synthetic else None,
        )
        return Export(write_private_file(path, data), warnings)

    def to_pdf(self, path: str | Path, *, allow_gaps: bool = False) -> Export:
        """A PDF of the same HTML page (WeasyPrint, offline)."""
        from mhnotebook.rendering.pdf import html_to_pdf_bytes

        warnings = self._check(allow_gaps)
        return Export(write_private_file(path, html_to_pdf_bytes(self.html)), warnings)

    def export(self, path: str | Path, *, allow_gaps: bool = False) -> Export:
        """Write in the format the extension names: .md, .html, .docx or .pdf."""
        suffix = Path(path).suffix.lower()
        if suffix not in FORMATS:
            raise LetterError(
                f"{path}: unknown letter format {suffix or '(none)'}; use .md, .html, .docx or .pdf"
            )
        return getattr(self, f"to_{FORMATS[suffix]}")(path, allow_gaps=allow_gaps)


def _has_templates(folder: Path) -> bool:
    try:
        return any(folder.glob("*.j2"))
    except OSError:
        return False


def _template_line(exc: BaseException) -> str:
    """'medical_necessity.md.j2 line 12': where in a template an error happened (Jinja keeps it)."""
    where = "a letter template"
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            where = f"{Path(name).name} line {tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _letterhead(context: dict[str, Any], user_dir: Path) -> tuple[list[str], str | None]:
    """A practice's ``letterhead.yaml`` if it has one, else the signer's organization, address and phone."""
    path = user_dir / "letterhead.yaml"
    if path.is_file():
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=CaseFileLoader) or {}
        except yaml.YAMLError as exc:
            raise LetterError(f"{path}: not valid YAML: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("lines", []), list):
            raise LetterError(f"{path}: expected 'name' and a list of 'lines' (and optionally 'logo')")
        lines = [str(data.get("name", "")).strip(), *(str(x) for x in data.get("lines", []))]
        logo = None
        if data.get("logo"):
            image = (user_dir / str(data["logo"])).resolve()
            if user_dir.resolve() not in image.parents or image.suffix.lower() not in (
                ".png",
                ".jpg",
                ".jpeg",
            ):
                raise LetterError(f"{path}: logo must be a .png or .jpg file inside {user_dir}")
            mime = "png" if image.suffix.lower() == ".png" else "jpeg"
            logo = f"data:image/{mime};base64," + base64.b64encode(image.read_bytes()).decode()
        return [line for line in lines if line], logo
    signer = context["signer"]
    if context["voice"] != "clinician" or not isinstance(signer.get("name"), str):  # no signer: a Gap
        return [], None
    org = signer.get("organization")
    contact = " | ".join(
        part
        for part in (
            f"Phone {signer['phone']}" if signer.get("phone") else None,
            f"Fax {signer['fax']}" if signer.get("fax") else None,
        )
        if part
    )
    lines = [org or signer["name"], signer.get("address") or "", contact]
    return [line for line in lines if line], None


#: The last context built: drafting several kinds for one case (the notebook, a batch) builds it once.
_last_context: list[tuple[Case, Triage, str, Provider | None, date, dict[str, Any]]] = []


def _context_for(
    case: Case, triage: Triage, voice: str, signer: Provider | None, day: date
) -> dict[str, Any]:
    """``build_context``, reused while the same case, triage, voice, signer and day come back.

    Identity, not equality, decides: a case edited in a form is a new object and gets a new context.
    """
    if _last_context:
        c, t, v, s, d, context = _last_context[0]
        if c is case and t is triage and v == voice and s is signer and d == day:
            return context
    context = build_context(case, triage, voice=voice, signer=signer, today=day)
    _last_context[:] = [(case, triage, voice, signer, day, context)]
    return context


def draft_letter(
    kind: str,
    case: Case,
    *,
    signer: Provider | str | None = None,
    today: date | datetime | None = None,
    triage: Triage | None = None,
    patterns: list[dict[str, str]] | None = None,
) -> Letter:
    """Draft the ``kind`` letter for ``case``, signed by ``signer`` (default: the attending clinician).

    ``today`` dates the letter and the deadline check (default: the real today). A missing required
    fact never stops the draft; it shows as a marker and in ``letter.readiness``. ``patterns`` are
    the case log's findings across cases (``{"text", "citation"}`` each) for complaint letters.

    >>> from mhnotebook.validation import load_case
    >>> from mhnotebook.paths import sample_case_path
    >>> case = load_case(sample_case_path("not-medically-necessary-iop"))
    >>> letter = draft_letter("medical_necessity", case, today=date(2026, 11, 22))
    >>> letter.readiness.ready
    True
    """
    entry = letter_kind(kind)
    day = today.date() if isinstance(today, datetime) else (today or date.today())
    found = triage or triage_case(case, as_of=today or day)
    provider = choose_signer(case, signer) if entry.voice == "clinician" else None
    context = dict(_context_for(case, found, entry.voice, provider, day))  # gaps go into this copy
    if patterns:
        context["patterns"] = [dict(p) for p in patterns]
    readiness = assess(entry, context)
    for spec in missing_paths(entry, context):
        first = spec.split("|")[0]
        set_path(context, first, Gap(" or ".join(field_label(alt) for alt in spec.split("|"))))
    user_dir = user_letters_dir()
    env = letter_environment(user_dir if _has_templates(user_dir) else None)
    try:
        template = env.get_template(entry.template)
    except Exception as exc:  # TemplateNotFound, TemplateSyntaxError: name the file
        raise LetterError(f"letter template {entry.template!r} for {kind!r}: {exc}") from None
    try:
        rendered = template.render(**context)
    except EmptyValuePrinted as exc:
        raise EmptyValuePrinted(f"{_template_line(exc)}: {exc}") from None
    source = _LOOSE_ITEM.sub(r"\1\n", _BLANK_LINES.sub("\n\n", rendered)).strip() + "\n"
    letterhead, logo = _letterhead(context, user_dir)
    return Letter(entry, source, readiness, case, letterhead, logo)
