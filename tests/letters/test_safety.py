"""Hostile text stays text in every format, and templates cannot be turned against the case.

A clinician pastes notes from an EHR; a denial notice is copied from a web portal. Neither may
change what a letter says or does: HTML stays inert, ``{{ }}`` is printed as typed, Markdown
characters do not restyle a letter, and a practice's own template runs in a sandbox.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from mhnotebook.errors import LetterError
from mhnotebook.models import Case
from mhnotebook.paths import sample_case_path
from mhnotebook.rendering.letters import draft_letter, letter_kinds
from mhnotebook.rendering.letters.environment import letter_environment
from mhnotebook.rendering.letters.markdown import escape_markdown, markdown_to_text
from mhnotebook.validation import load_case
from tests.conftest import TODAY

SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'
JINJA = "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %}"
ARABIC = "مرحبا بالعالم"
HEBREW = "שלום עולם"
CJK = "精神健康"
LONG = "very long note " * 400


def hostile_case() -> Case:
    case = load_case(sample_case_path("not-medically-necessary-iop"))
    data = case.model_dump(mode="json", exclude_none=True)
    data["patient"]["name"] = f"{SCRIPT} {ARABIC} {HEBREW}"
    data["denial"]["text"] = f"{IMG} {JINJA} # not a heading\n\n- not a list *not bold* [link](http://x)"
    data["denial"]["reference_number"] = "REF|<b>1</b>&amp;"
    data["clinical"]["symptoms"][0]["description"] = f"{CJK} {LONG}"
    data["clinical"]["functional_impairment"][0]["description"] = "1. starts like a list\n# and a heading"
    data["providers"][0]["credentials"] = "MD **bold** `code` \\ backslash"
    return Case.model_validate(data)


@pytest.fixture(scope="module")
def hostile_letters():
    case = hostile_case()
    return {k.kind: draft_letter(k.kind, case, today=TODAY) for k in letter_kinds()}


def test_markdown_escaping_keeps_every_character_as_typed() -> None:
    for text in (SCRIPT, IMG, JINJA, "# h", "1. x", "- y", "a|b", "*x* _y_ `z`", "&lt;", ARABIC, "> q", "\\"):
        assert markdown_to_text(escape_markdown(text) + "\n").strip() == text


def test_no_markup_from_a_field_reaches_the_html(hostile_letters) -> None:
    for kind, letter in hostile_letters.items():
        html = letter.html
        assert "<script" not in html and "<img" not in html and "<b>1</b>" not in html, kind
        assert "onerror=" not in html.replace("onerror=&quot;", "")
        assert "&lt;script&gt;" in html or SCRIPT not in letter.text, kind
        assert 'href="http://x"' not in html


def test_template_syntax_in_a_field_is_printed_not_run(hostile_letters) -> None:
    letter = hostile_letters["medical_necessity"]
    assert "{{ 7*7 }}" in letter.text and "{% for x in range(3) %}" in letter.text
    assert "loop loop loop" not in letter.text and "looploop" not in letter.text


def test_markdown_in_a_field_does_not_restyle_the_letter(hostile_letters) -> None:
    letter = hostile_letters["medical_necessity"]
    assert "<h1>not a heading" not in letter.body_html and "# not a heading" in letter.text
    assert "<strong>bold</strong>" not in letter.body_html and "**bold**" in letter.text
    assert "<ol>\n<li>starts like a list" not in letter.body_html


def test_non_latin_right_to_left_and_long_text_survive(hostile_letters) -> None:
    letter = hostile_letters["medical_necessity"]
    for text in (ARABIC, HEBREW, CJK):
        assert text in letter.text and text in letter.html
    assert letter.text.count("very long note") == 400


def test_hostile_text_stays_text_in_word(hostile_letters, tmp_path: Path) -> None:
    from docx import Document

    path = hostile_letters["medical_necessity"].to_docx(tmp_path / "h.docx").path
    doc = Document(str(path))
    body = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for table in doc.tables for row in table.rows for cell in row.cells
    )
    for text in (SCRIPT, "{{ 7*7 }}", ARABIC, HEBREW, CJK, "REF|<b>1</b>&amp;"):
        assert text in body
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "<script>" not in xml


def test_hostile_text_stays_text_in_pdf(hostile_letters, tmp_path: Path) -> None:
    path = hostile_letters["medical_necessity"].to_pdf(tmp_path / "h.pdf").path
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "<script>alert('x')</script>" in text and "{{ 7*7 }}" in text
    flat = " ".join(text.split())
    assert "REF|<b>1</b>&amp;" in flat
    for script in (ARABIC, HEBREW, CJK):
        assert script in text


def _sandbox_dir(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "user-letters"
    folder.mkdir()
    (folder / "medical_necessity.md.j2").write_text(body, encoding="utf-8")
    return folder


def test_a_practice_template_runs_in_the_sandbox(tmp_path: Path) -> None:
    from jinja2.exceptions import SecurityError

    env = letter_environment(_sandbox_dir(tmp_path, "{{ ''.__class__.__mro__[1].__subclasses__() }}"))
    with pytest.raises(SecurityError):
        env.get_template("medical_necessity.md.j2").render()


def test_a_practice_template_cannot_switch_escaping_off(tmp_path: Path) -> None:
    from jinja2.exceptions import TemplateAssertionError

    env = letter_environment(_sandbox_dir(tmp_path, "{{ name|safe }}"))
    with pytest.raises(TemplateAssertionError):
        env.get_template("medical_necessity.md.j2")


def test_a_practice_template_and_letterhead_override_the_built_ins(private_data_dir: Path) -> None:
    folder = private_data_dir / "templates" / "letters"
    folder.mkdir(parents=True)
    (folder / "medical_necessity.md.j2").write_text(
        "# Our practice's letter\n\nFor {{ patient.name }} ({{ patient.member_id }}).\n", encoding="utf-8"
    )
    (folder / "letterhead.yaml").write_text(
        "name: Example Practice <LLC>\nlines: [1 Main St]\n", encoding="utf-8"
    )
    case = load_case(sample_case_path("not-medically-necessary-iop"))
    letter = draft_letter("medical_necessity", case, today=TODAY)
    assert letter.text.startswith("Our practice's letter\nFor Quinn Example (SYN3390518).")
    assert letter.letterhead == ["Example Practice <LLC>", "1 Main St"]
    assert "Example Practice &lt;LLC&gt;" in letter.html


def test_a_broken_practice_template_names_the_file(private_data_dir: Path) -> None:
    folder = private_data_dir / "templates" / "letters"
    folder.mkdir(parents=True)
    (folder / "medical_necessity.md.j2").write_text("{% if %}", encoding="utf-8")
    case = load_case(sample_case_path("not-medically-necessary-iop"))
    with pytest.raises(LetterError, match=r"medical_necessity\.md\.j2"):
        draft_letter("medical_necessity", case, today=TODAY)
