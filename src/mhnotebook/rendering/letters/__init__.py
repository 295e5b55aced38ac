"""Letters drafted from a case: templates in ``templates/letters/``, exported to .md, .html, .docx, .pdf.

>>> from mhnotebook.rendering.letters import draft_letter, letter_kinds
>>> letter = draft_letter("medical_necessity", case)          # doctest: +SKIP
>>> letter.readiness.text(); letter.to_docx("letter.docx")    # doctest: +SKIP
"""

from __future__ import annotations

from mhnotebook.rendering.letters.document import FORMATS, Export, Letter, draft_letter
from mhnotebook.rendering.letters.manifest import LetterKind, letter_kind, letter_kinds
from mhnotebook.rendering.letters.readiness import Readiness

__all__ = [
    "FORMATS",
    "Export",
    "Letter",
    "LetterKind",
    "Readiness",
    "draft_letter",
    "letter_kind",
    "letter_kinds",
]
