"""X12 text into segments: separators, envelopes and the traps real files set.

Real 835s break naive parsers (see the X12 835 traps in the shared data README): a UTF-8 byte-order
mark, indented or CRLF-broken lines, an ISA that is not fixed width, masked version fields, several
interchanges in one file, and files that start at ``ST`` with no envelope. This module only turns
text into lists of elements with their positions; it knows nothing of claims (``reader.py`` does).
It is deliberately small and pure Python: it serves the reference reader, which the vectorized
fast path (``columnar.py``) must match, and which reads every file the fast path declines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mhnotebook.errors import RemittanceError

_BOM = "\ufeff"
#: A composite's qualifier is two characters (HC, AD, ZZ, N4...), then the component separator.
_COMPOSITE = re.compile(r"SVC.([A-Z0-9]{2})([^A-Za-z0-9\s])")


@dataclass(frozen=True)
class Delimiters:
    """The separators of one interchange (ISA) or of an envelope-less transaction (inferred)."""

    element: str
    component: str
    segment: str
    declared: bool
    """True when read from an ISA header, False when inferred from a file that starts at ST."""


def decode_x12(data: bytes, source: str) -> str:
    """Bytes to text: UTF-8 (with or without a BOM), else Latin-1; the BOM is dropped."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text.removeprefix(_BOM)


def line_of(text: str, offset: int) -> int | None:
    """1-based line of the segment starting at ``offset`` (blanks before it skipped), or None for a
    file written on one line."""
    if "\n" not in text:
        return None
    while offset < len(text) and text[offset] in " \t\r\n":
        offset += 1
    return text.count("\n", 0, offset) + 1


def _fail(source: str, text: str, message: str, position: int | None, offset: int) -> RemittanceError:
    return RemittanceError(source, message, segment=position, line=line_of(text, offset))


def read_isa_delimiters(text: str, start: int, source: str) -> Delimiters:
    """Separators declared by the ISA at ``start``, counting elements rather than columns.

    ISA is fixed width in the standard, but real senders trim padding (a non-fixed-width ISA), so
    the component separator is found as the character after the 16th element separator, and the
    segment terminator as the character after that.
    """
    element = text[start + 3 : start + 4]
    if not element or element.isalnum() or element.isspace():
        raise _fail(
            source, text, f"ISA is not followed by an element separator (found {element!r})", 1, start
        )
    position = start + 3
    for _ in range(15):
        position = text.find(element, position + 1)
        if position < 0:
            raise _fail(source, text, "the ISA header is cut short (fewer than 16 elements)", 1, start)
    if position + 2 >= len(text):
        raise _fail(source, text, "the file ends inside the ISA header", 1, start)
    component, terminator = text[position + 1], text[position + 2]
    if terminator in " \t":
        raise _fail(source, text, "no segment terminator after ISA16", 1, start)
    if terminator == "\r":  # CR LF used as the terminator: split on LF, strip the CR
        terminator = "\n"
    return Delimiters(element=element, component=component, segment=terminator, declared=True)


def infer_st_delimiters(text: str, start: int, source: str) -> Delimiters:
    """Separators of a file that starts at ``ST`` (no ISA to declare them), inferred from the text.

    The terminator is the first character after ``ST*835*<control number>[*<version>]`` that is
    neither a letter, a digit nor the element separator; the component separator is the character
    after the two-letter qualifier of the first SVC composite (``:`` if there is no SVC).
    """
    element = text[start + 2 : start + 3]
    if not element or element.isalnum() or element.isspace():
        raise _fail(source, text, f"ST is not followed by an element separator (found {element!r})", 1, start)
    position = start + 3
    while position < len(text) and (text[position].isalnum() or text[position] == element):
        position += 1
    if position >= len(text):
        raise _fail(source, text, "the file ends inside the ST header", 1, start)
    terminator = "\n" if text[position] == "\r" else text[position]
    match = _COMPOSITE.search(text, start)
    component = match.group(2) if match and match.group(2) not in (element, terminator) else ":"
    return Delimiters(element=element, component=component, segment=terminator, declared=False)


def _interchange_starts(text: str, first: Delimiters, start: int) -> list[int]:
    """Offsets where an interchange (ISA) begins: the first, then each ISA right after a terminator."""
    needle = "ISA" + first.element
    starts = [start]
    found = text.find(needle, start + 3)
    while found >= 0:
        back = found - 1  # only blanks may stand between the previous terminator and ISA
        while back >= 0 and text[back] in " \t\r\n" and text[back] != first.segment:
            back -= 1
        if back >= 0 and text[back] == first.segment:
            starts.append(found)
        found = text.find(needle, found + 3)
    return starts


def split_interchanges(text: str, source: str) -> list[tuple[Delimiters, int, list[str]]]:
    """The file cut into interchanges: ``(delimiters, offset, raw segments)`` for each.

    Each interchange (ISA...IEA) declares its own separators; a file that starts at ``ST`` has one
    inferred set. The raw segments still carry the blanks and line breaks around them (strip
    before use); the last one is what follows the final terminator and must be blank.

    Raises ``RemittanceError`` (file, segment, line) when the file does not start like X12 or ends
    inside a segment (a truncated transfer).
    """
    start = len(text) - len(text.lstrip())
    head = text[start : start + 3]
    if head == "ISA":
        first = read_isa_delimiters(text, start, source)
        starts = _interchange_starts(text, first, start)
    elif head[:2] == "ST":
        first = infer_st_delimiters(text, start, source)
        starts = [start]
    else:
        shown = text[start : start + 3]  # no more: the rest could be a name from some other file
        raise _fail(source, text, f"not an X12 file: it should start with ISA or ST, not {shown!r}", None, 0)
    chunks = []
    for number, chunk_start in enumerate(starts):
        chunk_end = starts[number + 1] if number + 1 < len(starts) else len(text)
        delims = first if number == 0 else read_isa_delimiters(text, chunk_start, source)
        chunks.append((delims, chunk_start, text[chunk_start:chunk_end].split(delims.segment)))
    tail = chunks[-1][2][-1].strip()
    if tail:
        count = sum(1 for _, _, pieces in chunks for piece in pieces if piece.strip())
        raise _fail(
            source,
            text,
            f"the file ends inside a {tail.split(chunks[-1][0].element)[0][:3]!r} segment (no terminator "
            f"{chunks[-1][0].segment!r}): truncated?",
            count,
            len(text) - len(chunks[-1][2][-1]),
        )
    return chunks


def iter_segments(text: str, source: str) -> Iterator[tuple[int, int, list[str], Delimiters]]:
    """Every segment in order as ``(position, offset, elements, delimiters)``.

    ``position`` is 1-based among the file's segments (the way a person counting them would say
    it) and ``offset`` the character offset in ``text`` (for line numbers in messages). The 835
    reader inlines this loop for speed; this form is for other transaction sets and for tests.
    """
    position = 0
    for delims, offset, pieces in split_interchanges(text, source):
        for raw in pieces:
            body = raw.strip()
            if body:
                position += 1
                yield position, offset, body.split(delims.element), delims
            offset += len(raw) + 1
