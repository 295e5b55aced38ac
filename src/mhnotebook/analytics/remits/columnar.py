"""The 835 fast path: a whole file read into columns at once with numpy, strings built by pyarrow.

Why: the reference reader (``reader.py``) walks segments one by one in Python, and any per-segment
Python work runs at about the speed of a plain ``str.split`` loop, a few MB/s. Here the file's
bytes are an array: terminator and separator positions are found in one pass each, a segment's tag
is gathered from its first bytes, claim and line ownership is a running maximum over the CLP/SVC
(and loop-reset) positions, the header values each claim carries are forward-filled within its
transaction, and every string column is one gather of bytes into an Arrow buffer. No Python code
runs per segment, per claim or per line.

It reproduces the reference reader exactly (the tests compare the tables of both on every real
file, every sample and generated files), and it does not try to be clever about what it does not
understand: a file that is not plain ASCII, has odd whitespace, separators it does not expect, an
interchange with other separators, a number ``float`` would read but the strict parser here does
not, or any defect the reference reports as an error is handed back with the reason
(``Unhandled``), and the caller reads it with the reference reader. The two anomalies real files
have (a component separator declared ``:`` but ``>`` used; a procedure code shifted out of SVC01)
are handled here, with the same warnings, because whole real files repeat them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from mhnotebook.analytics.remits.x12 import infer_st_delimiters, read_isa_delimiters
from mhnotebook.errors import RemittanceError

if TYPE_CHECKING:
    import pyarrow as pa

_BOM = b"\xef\xbb\xbf"
#: Whitespace ``str.strip`` removes that the vectorized strip below does not: such files go back.
_ODD_WHITESPACE = (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\x1f", b"\x00")
_LEADING_BLANKS = re.compile(r"\s*")
_BLANK = np.zeros(256, dtype=bool)
_BLANK[[9, 10, 13, 32]] = True
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[48:58] = True
_ALNUM_OR_SPACE = _DIGIT.copy()
_ALNUM_OR_SPACE[65:91] = _ALNUM_OR_SPACE[97:123] = _ALNUM_OR_SPACE[[9, 10, 13, 32]] = True
#: The largest integer part (all digits, point removed) read exactly as int / 10**k.
_EXACT_DIGITS = 15
_VERSIONS = ["unknown", "4010", "5010"]
#: The low 0..8 bytes of a 64-bit word.
_LOW_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)


class Unhandled(Exception):
    """The fast path declines a file; the message says why (the reference reader takes it)."""


def _tag(name: str) -> int:
    """The little-endian integer of a short ASCII text (what ``_Bytes.words`` reads)."""
    return int.from_bytes(name.encode("ascii"), "little")


#: Tags whose every-segment mask the context computations need (the others are index lists only).
_MASKS_NEEDED = {"ISA", "IEA", "ST", "SE", "CLP", "SVC", "LX", "PLB"}

_T = {
    name: _tag(name)
    for name in (
        "ISA IEA GS ST SE N1 BPR TRN REF DTM CLP NM1 SVC CAS LQ MOA MIA LX PLB".split()  # noqa: SIM905
    )
}


@dataclass
class FileColumns:
    """One file's three tables as columns (numpy arrays, or pyarrow string arrays), untyped dates."""

    source: str
    claims: dict[str, Any]
    lines: dict[str, Any]
    adjustments: dict[str, Any]
    warnings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def claim_count(self) -> int:
        return len(self.claims["claim_id"])

    @property
    def line_count(self) -> int:
        return len(self.lines["line_id"])

    def shift_ids(self, claims: int, lines: int) -> None:
        """Renumber a file read from claim 0 and line 0 to follow the files before it."""
        self.claims["claim_id"] = self.claims["claim_id"] + claims
        self.lines["claim_id"] = self.lines["claim_id"] + claims
        self.lines["line_id"] = self.lines["line_id"] + lines
        self.adjustments["claim_id"] = self.adjustments["claim_id"] + claims
        owner = self.adjustments["line_id"]
        self.adjustments["line_id"] = np.where(owner >= 0, owner + lines, owner)


class _Bytes:
    """The file as a byte array, with span → string and span → number conversions."""

    def __init__(self, data: bytes, extra: bytes) -> None:
        # Padding: tag gathers may look 4 bytes past a short last segment; ``extra`` holds the
        # bytes joins insert (separators, the mask text), addressed from ``self.extra_at``.
        self.size = len(data)
        self.extra_at = len(data) + 16
        padded = data + bytes(16) + extra + bytes(16)
        self.array = np.frombuffer(padded, dtype=np.uint8)
        self.buffer = padded
        # Every offset's next four (eight) bytes as one little-endian integer: one gather reads a
        # tag, or a short text whole.
        self.words = np.ndarray(shape=(len(padded) - 3,), dtype="<u4", buffer=padded, strides=(1,))
        self.words8 = np.ndarray(shape=(len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))

    def strings(
        self,
        starts: np.ndarray,
        ends: np.ndarray,
        rows: np.ndarray | None = None,
        n_rows: int = 0,
        separator: int | None = None,
    ) -> pa.Array:
        """One string per span, or per row joining that row's non-empty spans with ``separator``.

        With ``rows``, spans must be ordered by row; the separator is a byte offset in the array.
        """
        import pyarrow as pa

        starts = np.asarray(starts, dtype=np.int64)
        lengths = np.asarray(ends, dtype=np.int64) - starts
        if rows is None:
            row_lengths = lengths
        else:
            keep = lengths > 0
            starts, lengths, rows = starts[keep], lengths[keep], rows[keep]
            glue = np.zeros(len(rows), dtype=np.int64)
            glue[1:] = rows[1:] == rows[:-1]
            assert separator is not None
            starts = np.column_stack([np.full(len(rows), separator, dtype=np.int64), starts]).ravel()
            lengths = np.column_stack([glue, lengths]).ravel()
            row_lengths = np.bincount(np.repeat(rows, 2), weights=lengths, minlength=n_rows).astype(np.int64)
        offsets = np.zeros(len(row_lengths) + 1, dtype=np.int64)
        np.cumsum(row_lengths, out=offsets[1:])
        total = int(offsets[-1])
        if total:
            piece_offsets = np.zeros(len(lengths), dtype=np.int64)
            np.cumsum(lengths[:-1], out=piece_offsets[1:])
            index = np.repeat(starts - piece_offsets, lengths) + np.arange(total, dtype=np.int64)
            body = self.array[index]
        else:
            body = np.zeros(0, dtype=np.uint8)
        return pa.Array.from_buffers(
            pa.large_string(), len(row_lengths), [None, pa.py_buffer(offsets), pa.py_buffer(body)]
        )

    def dictionary_strings(self, starts: np.ndarray, ends: np.ndarray) -> pa.DictionaryArray:
        """Strings of few distinct values (dates) as a dictionary array: the batch converts each
        distinct value once. Texts of up to 8 bytes are told apart by one 8-byte word (the file
        has no NUL byte, so the masked word holds the length too)."""
        import pandas as pd
        import pyarrow as pa

        starts = np.asarray(starts, dtype=np.int64)
        lengths = np.asarray(ends, dtype=np.int64) - starts
        if len(lengths) and int(lengths.max()) > 8:
            return pa.compute.dictionary_encode(self.strings(starts, ends))
        shift = (8 - lengths).astype(np.uint64) * np.uint64(8)
        keys = np.where(lengths > 0, (self.words8[starts] << shift) >> shift, np.uint64(0))
        codes, uniques = pd.factorize(keys)
        first = np.zeros(len(uniques), dtype=np.int64)
        first[codes[::-1]] = np.arange(len(codes))[::-1]  # one row holding each distinct value
        dictionary = self.strings(starts[first], starts[first] + lengths[first])
        return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), dictionary)

    def numbers(self, starts: np.ndarray, ends: np.ndarray, what: str) -> np.ndarray:
        """``float(span)`` for each span ("" → NaN), for the plain decimals 835 amounts are.

        A decimal of at most 15 digits is an exact integer divided by an exact power of ten, and
        IEEE division rounds correctly, as ``float`` does: the results are identical. Anything
        else (an exponent, blanks, ``_``, more digits, not a number at all) is declined.
        """
        starts = np.asarray(starts, dtype=np.int64)
        lengths = np.asarray(ends, dtype=np.int64) - starts
        result = np.full(len(starts), np.nan)
        filled = np.flatnonzero(lengths > 0)
        if not len(filled):
            return result
        starts, lengths = starts[filled], lengths[filled]
        if int(lengths.max()) > _EXACT_DIGITS + 2:
            raise Unhandled(f"a {what} longer than {_EXACT_DIGITS} digits")
        short = lengths <= 8
        if short.all():
            result[filled] = self._short_numbers(starts, lengths, what)
        else:
            parsed = np.empty(len(starts))
            parsed[short] = self._short_numbers(starts[short], lengths[short], what)
            parsed[~short] = self._long_numbers(starts[~short], lengths[~short], what)
            result[filled] = parsed
        return result

    def _short_numbers(self, starts: np.ndarray, lengths: np.ndarray, what: str) -> np.ndarray:
        """Numbers of at most 8 characters, each read as one 64-bit word (SWAR): drop the sign,
        take the point out, check every byte is a digit, then combine the eight digits with
        three multiplications (D. Lemire's eight-digit parse)."""
        word = self.words8[starts] & _LOW_BYTES[lengths]
        count = lengths.astype(np.uint64)
        first = word & np.uint64(0xFF)
        negative = first == 45
        signed = negative | (first == 43)
        word = np.where(signed, word >> np.uint64(8), word)
        count = count - signed
        dots = word ^ np.uint64(0x2E2E2E2E2E2E2E2E)  # a '.' byte becomes zero
        zero = (dots - np.uint64(0x0101010101010101)) & ~dots & np.uint64(0x8080808080808080)
        zero &= _LOW_BYTES[count.astype(np.int64)]
        has_point = zero != 0
        lowest = zero & (~zero + np.uint64(1))  # the first '.' (later bits may be false alarms)
        point = np.where(has_point, (np.bitwise_count(lowest - np.uint64(1)).astype(np.int64) - 7) // 8, 0)
        after = np.where(has_point, word >> (np.uint64(8) * (point + 1).astype(np.uint64)), 0)
        joined = (word & _LOW_BYTES[point]) | (after << (np.uint64(8) * point.astype(np.uint64)))
        word = np.where(has_point, joined, word)
        decimals = np.where(has_point, count.astype(np.int64) - point - 1, 0)
        count = count - has_point
        digits = count.astype(np.int64)
        padding = ~_LOW_BYTES[digits] & np.uint64(0x3030303030303030)  # '0' beyond the digits
        value = (word | padding) - np.uint64(0x3030303030303030)
        not_digit = ((value + np.uint64(0x7676767676767676)) | value) & np.uint64(0x8080808080808080)
        if not_digit.any() or (digits < 1).any():
            raise Unhandled(f"a {what} that is not a plain decimal")
        value <<= np.uint64(8) * (np.uint64(8) - count)  # leading zeros: right-align the digits
        value = value * np.uint64(10) + (value >> np.uint64(8))
        mask = np.uint64(0x000000FF000000FF)
        value = (
            (value & mask) * np.uint64(0x000F424000000064)
            + ((value >> np.uint64(16)) & mask) * np.uint64(0x0000271000000001)
        ) >> np.uint64(32)
        parsed = value.astype(np.float64) / (10.0**decimals)
        parsed[negative] = -parsed[negative]
        return parsed

    def _long_numbers(self, starts: np.ndarray, lengths: np.ndarray, what: str) -> np.ndarray:
        """Numbers of 9 to 17 characters, a character column at a time (rare in 835s)."""
        width = int(lengths.max())
        value = np.zeros(len(starts), dtype=np.int64)
        digits = np.zeros(len(starts), dtype=np.int64)
        decimals = np.zeros(len(starts), dtype=np.int64)
        points = np.zeros(len(starts), dtype=np.int64)
        first = self.array[starts]
        negative = first == 45
        signed = negative | (first == 43)
        bad = np.zeros(len(starts), dtype=bool)
        for j in range(width):  # column by column: each number's j-th character
            inside = j < lengths
            chars = self.array[np.where(inside, starts + j, 0)].astype(np.int64)
            digit = inside & (chars >= 48) & (chars <= 57)
            point = inside & (chars == 46)
            if j == 0:
                bad |= ~(digit | point | signed)
            else:
                bad |= inside & ~(digit | point)
            value = np.where(digit, value * 10 + (chars - 48), value)
            digits += digit
            decimals += digit & (points > 0)
            points += point
        if bad.any() or (points > 1).any() or (digits < 1).any() or (digits > _EXACT_DIGITS).any():
            raise Unhandled(f"a {what} that is not a plain decimal of at most {_EXACT_DIGITS} digits")
        parsed = value.astype(np.float64) / (10.0**decimals)
        parsed[negative] = -parsed[negative]
        return parsed


class _Segments:
    """Segment and element spans of one file, after the same strip the reference reader does."""

    #: Sentinel separators past the last one, so ``span`` may index up to this many elements ahead.
    PAD = 32

    def __init__(self, raw: _Bytes, element: int, terminator: int) -> None:
        array = raw.array[: raw.size]
        # One pass finds both kinds of delimiter; separators before a segment = delimiters before
        # it minus the terminators before it (blanks, stripped below, are never delimiters).
        delimiters = np.flatnonzero((array == element) | (array == terminator))
        is_terminator = array[delimiters] == terminator
        terminator_at = np.flatnonzero(is_terminator)
        ends = delimiters[terminator_at]
        starts = np.empty(len(ends) + 1, dtype=np.int64)
        starts[0] = 0
        starts[1:] = ends + 1
        if not _BLANK[array[int(starts[-1]) :]].all():
            raise Unhandled("the file does not end with a segment terminator (truncated)")
        starts = starts[:-1].copy()
        ends = ends.astype(np.int64)
        before = np.empty(len(ends), dtype=np.int64)  # delimiters before each raw segment
        before[0:1] = 0
        before[1:] = terminator_at[:-1] + 1
        first_separator = before - np.arange(len(ends))
        separator_count = terminator_at - before
        full = raw.array
        moving = np.flatnonzero((starts < ends) & _BLANK[full[starts]])
        while len(moving):
            starts[moving] += 1
            moving = moving[(starts[moving] < ends[moving]) & _BLANK[full[starts[moving]]]]
        moving = np.flatnonzero((ends > starts) & _BLANK[full[ends - 1]])
        while len(moving):
            ends[moving] -= 1
            moving = moving[(ends[moving] > starts[moving]) & _BLANK[full[ends[moving] - 1]]]
        nonblank = ends > starts
        keep: np.ndarray | slice = slice(None) if nonblank.all() else nonblank  # usually none blank
        self.starts, self.ends = starts[keep], ends[keep]
        self.count = len(self.starts)
        # Separator offsets as int32 (files over 2 GB are declined): half the memory for the
        # gathers every element look-up makes; sentinels after the last one.
        count = len(delimiters) - len(terminator_at)
        self.separators = np.full(count + self.PAD, raw.size + 1, dtype=np.int32)
        self.separators[:count] = delimiters[~is_terminator]
        self.first_separator = first_separator[keep]
        self.elements = separator_count[keep] + 1
        # The tag: two or three characters followed by the separator (or the segment's end).
        words = raw.words[self.starts]
        length = self.ends - self.starts
        three = ((words >> 24) == element) | (length == 3)
        two = (((words >> 16) & 0xFF) == element) | (length == 2)
        self.tags = np.where(three, words & 0xFFFFFF, np.where(two, words & 0xFFFF, 0)).astype(np.int64)

    def span(self, segments: np.ndarray, k: int | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Start and end of element ``k >= 1`` (``e[k]`` after ``body.split(separator)``) of each
        segment; an element past the end is an empty span, as the reference reader's padding makes it.

        The element ends at the next separator or at the (stripped) end of the segment, whichever
        comes first; an element past the last starts beyond the segment's end, so it is clamped
        to an empty span.
        """
        if isinstance(k, np.ndarray):
            assert (k >= 1).all() and (k < self.PAD).all()
        else:
            assert 1 <= k < self.PAD
        first = self.first_separator[segments] + k
        start = self.separators[first - 1] + 1
        end = np.minimum(self.separators[first], self.ends[segments])
        return start, np.maximum(end, start)

    def fields(self, segments: np.ndarray) -> _Fields:
        return _Fields(self, segments)


class _Fields:
    """Element spans of one set of segments, each separator column gathered once."""

    def __init__(self, segments_: _Segments, segments: np.ndarray) -> None:
        self.all = segments_
        self.segments = segments
        self.first = segments_.first_separator[segments]
        self.end = segments_.ends[segments]
        self.columns: dict[int, np.ndarray] = {}

    def separator(self, j: int) -> np.ndarray:
        column = self.columns.get(j)
        if column is None:
            column = self.columns[j] = self.all.separators[self.first + j]
        return column

    def span(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """As ``_Segments.span`` for one element number ``k >= 1``."""
        assert 1 <= k < _Segments.PAD
        start = self.separator(k - 1) + 1
        end = np.minimum(self.separator(k), self.end)
        return start, np.maximum(end, start)

    def subset(self, keep: np.ndarray) -> _Fields:
        """The same spans for the segments where ``keep`` (cached columns carried over)."""
        out = _Fields.__new__(_Fields)
        out.all, out.segments, out.first, out.end = (
            self.all,
            self.segments[keep],
            self.first[keep],
            self.end[keep],
        )
        out.columns = {j: c[keep] for j, c in self.columns.items()}
        return out


def _equals(raw: _Bytes, start: np.ndarray, end: np.ndarray, text: str) -> np.ndarray:
    """Which spans hold exactly ``text`` (ASCII, at most 4 characters)."""
    assert len(text) <= 4
    mask = (1 << (8 * len(text))) - 1
    return ((end - start) == len(text)) & ((raw.words[start] & mask) == _tag(text))


def _last_per(targets: np.ndarray) -> np.ndarray:
    """For targets in order (non-decreasing), which item is the last of its target (last wins)."""
    keep = np.ones(len(targets), dtype=bool)
    keep[:-1] = targets[1:] != targets[:-1]
    return keep


def _last_at_or_before(mask: np.ndarray) -> np.ndarray:
    """For each segment, the index of the last segment at or before it where ``mask``, or -1."""
    index = np.where(mask, np.arange(len(mask)), -1)
    return np.maximum.accumulate(index) if len(index) else index


def _scatter_strings(values: pa.Array, targets: np.ndarray, n: int) -> pa.Array:
    """A column of ``n`` strings, "" except ``values[i]`` at ``targets[i]`` (the last one wins)."""
    import pyarrow as pa

    keep = _last_per(targets)
    index = np.full(n, len(values), dtype=np.int64)
    index[targets[keep]] = np.flatnonzero(keep)
    padded = pa.concat_arrays([values, pa.array([""], type=pa.large_string())])
    return padded.take(pa.array(index))


def _scatter_spans(
    spans: tuple[np.ndarray, np.ndarray], targets: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Spans for ``n`` rows, empty except ``spans[i]`` at ``targets[i]`` (the last one wins)."""
    keep = _last_per(targets)
    start = np.zeros(n, dtype=np.int64)
    end = np.zeros(n, dtype=np.int64)
    start[targets[keep]] = spans[0][keep]
    end[targets[keep]] = spans[1][keep]
    return start, end


def _constant(value: str, n: int) -> pa.Array:
    """``n`` copies of one string, built as one buffer (a file name on every row)."""
    import pyarrow as pa

    encoded = value.encode("utf-8")
    offsets = np.arange(n + 1, dtype=np.int64) * len(encoded)
    return pa.Array.from_buffers(
        pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(encoded * n)]
    )


def _version_codes(raw: _Bytes, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """``_version_of`` vectorized: 1 for 4010, 2 for 5010, 0 for neither (after a strip)."""
    start, end = start.copy(), end.copy()
    for _ in range(end.max(initial=0) - start.min(initial=0) if len(start) else 0):
        moving = (start < end) & _BLANK[raw.array[start]]
        if not moving.any():
            break
        start[moving] += 1
    codes = np.zeros(len(start), dtype=np.int64)
    for code, version in ((2, "5010"), (1, "4010")):
        hit = np.zeros(len(start), dtype=bool)
        for prefix in ("00" + version[:3], version):
            candidate = (end - start) >= len(prefix)
            for i, char in enumerate(prefix.encode()):
                candidate &= raw.array[np.where(candidate, start + i, 0)] == char
            hit |= candidate
        codes[(codes == 0) & hit] = code
    return codes


def read_835_columns(
    data: bytes, source: str, *, unmask: bool = False, first_claim_id: int = 0, first_line_id: int = 0
) -> FileColumns:
    """Read one 835 file's bytes into columns, or raise ``Unhandled`` (saying why) to decline it."""
    from mhnotebook.analytics.remits.reader import MASK, finish_warnings

    if data.startswith(_BOM):
        data = data[3:]
    if not data.isascii():
        raise Unhandled("the file is not plain ASCII")
    if len(data) >= 2**31 - 64:
        raise Unhandled("the file is over 2 GB")
    if any(odd in data for odd in _ODD_WHITESPACE):
        raise Unhandled("the file holds NUL or control characters Python counts as whitespace")
    text = data.decode("ascii")
    lead = _LEADING_BLANKS.match(text).end()  # type: ignore[union-attr]
    if lead == len(text):
        raise Unhandled("the file is empty")
    try:
        if text.startswith("ISA", lead):
            delims = read_isa_delimiters(text, lead, source)
            enveloped = True
        elif text.startswith("ST", lead):
            delims = infer_st_delimiters(text, lead, source)
            enveloped = False
        else:
            raise Unhandled("the file does not start with ISA or ST")
    except RemittanceError as exc:
        raise Unhandled(f"the reference reader reports its header: {exc}") from None
    chosen = (delims.element, delims.component, delims.segment)
    if len(set(chosen)) < 3 or any(len(c) != 1 for c in chosen):
        raise Unhandled("separators that are not three distinct characters")
    for char in chosen:
        if char != "\n" and (char.isalnum() or char.isspace() or not char.isprintable()):
            raise Unhandled(f"an unusual separator {char!r}")
    element, component, terminator = (ord(c) for c in chosen)
    mask_text = MASK.encode("ascii")
    raw = _Bytes(data, b",: " + mask_text)
    comma, space, mask_at = raw.extra_at, raw.extra_at + 2, raw.extra_at + 3
    # Segments and their tags.
    seg = _Segments(raw, element, terminator)
    # Each known tag's segments, in order, from one stable (radix) sort of a small category code.
    names = list(_T)
    codes = np.array([_T[name] for name in names], dtype=np.int64)
    code_order = np.argsort(codes)
    sorted_codes = codes[code_order]
    slot = np.minimum(np.searchsorted(sorted_codes, seg.tags), len(codes) - 1)
    category = np.where(sorted_codes[slot] == seg.tags, code_order[slot] + 1, 0).astype(np.int8)
    by_category = np.argsort(category, kind="stable")
    bounds = np.zeros(len(names) + 2, dtype=np.int64)
    np.cumsum(np.bincount(category, minlength=len(names) + 1), out=bounds[1:])
    of = {name: by_category[bounds[i + 1] : bounds[i + 2]] for i, name in enumerate(names)}
    is_ = {name: category == i + 1 for i, name in enumerate(names) if name in _MASKS_NEEDED}

    # Envelope: ISA/IEA and ST/SE must nest as the reference reader demands (else it reports).
    isa = of["ISA"]
    if enveloped:
        if not len(isa) or isa[0] != 0:
            raise Unhandled("the first segment is not the ISA")
        ok = seg.elements[isa] == 17
        sixteenth = seg.separators[np.clip(seg.first_separator[isa] + 15, 0, max(len(seg.separators) - 1, 0))]
        ok &= seg.ends[isa] == sixteenth + 2
        ok &= raw.array[sixteenth + 1] == component
        if not ok.all():
            raise Unhandled(
                "an interchange whose ISA declares other separators (or is not fixed to 16 elements)"
            )
    elif len(isa):
        raise Unhandled("an ISA inside a file that starts at ST")
    envelope = np.flatnonzero(is_["ISA"] | is_["IEA"])
    kinds = is_["ISA"][envelope]
    if len(envelope) and ((kinds[1:] & kinds[:-1]).any() or kinds[-1]):
        raise Unhandled("an interchange without its IEA")
    tx = np.flatnonzero(is_["ST"] | is_["SE"])
    opens = is_["ST"][tx]
    if len(tx) % 2 or not opens[0::2].all() or opens[1::2].any():
        raise Unhandled("transactions whose ST and SE do not pair up")
    st, se = tx[0::2], tx[1::2]
    if not _equals(raw, *seg.span(st, 1), "835").all():
        raise Unhandled("a transaction set other than 835")

    # Context: the claim and line each segment belongs to (None after LX, PLB, ST or SE).
    reset = is_["CLP"] | is_["LX"] | is_["PLB"] | is_["ST"] | is_["SE"]
    last_claim_event = _last_at_or_before(reset)
    claim_rank = np.cumsum(is_["CLP"]) - 1
    in_claim = (last_claim_event >= 0) & is_["CLP"][np.maximum(last_claim_event, 0)]
    last_line_event = _last_at_or_before(reset | is_["SVC"])
    line_rank = np.cumsum(is_["SVC"]) - 1
    in_line = (last_line_event >= 0) & is_["SVC"][np.maximum(last_line_event, 0)]
    last_tx_event = _last_at_or_before(is_["ST"] | is_["SE"])
    in_tx = (last_tx_event >= 0) & is_["ST"][np.maximum(last_tx_event, 0)]
    clp, svc, cas = of["CLP"], of["SVC"], of["CAS"]
    if not in_tx[clp].all():
        raise Unhandled("a CLP outside a transaction")
    if not in_claim[svc].all() or not in_claim[cas].all():
        raise Unhandled("an SVC or CAS outside a claim")
    n_claims, n_lines = len(clp), len(svc)
    warnings: list[tuple[int, int, str]] = []  # (position, offset, message)

    # SE01 against the segments counted from ST to SE.
    declared_start, declared_end = seg.span(se, 1)
    digits_only = (declared_end > declared_start) & _span_all_digits(raw, declared_start, declared_end)
    counted = se - st + 1
    checked = np.flatnonzero(digits_only)
    if len(checked):
        short = (declared_end - declared_start)[checked] <= _EXACT_DIGITS
        declared = np.full(len(checked), -1.0)
        declared[short] = raw.numbers(declared_start[checked][short], declared_end[checked][short], "SE01")
        for i in checked[(declared != counted[checked])]:
            value = int(text[declared_start[i] : declared_end[i]])
            if value != counted[i]:
                warnings.append(
                    (
                        int(se[i]) + 1,
                        int(seg.starts[se[i]]),
                        f"SE01 says {value} segments, the transaction from segment {int(st[i]) + 1} has {int(counted[i])}",
                    )
                )

    # Header values each claim carries, forward-filled within its transaction.
    tx_of_clp_start = last_tx_event[clp]  # the claim's ST
    header: dict[str, pa.Array] = {}

    def carried(
        events: np.ndarray, spans: tuple[np.ndarray, np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each claim, the span of the last event (in its transaction) before it, or empty."""
        last = np.searchsorted(events, clp, side="right") - 1
        found = last >= 0
        if len(events):
            found &= events[np.maximum(last, 0)] >= tx_of_clp_start
        pick = np.maximum(last, 0)
        start = np.where(found, spans[0][pick] if len(events) else 0, 0)
        end = np.where(found, spans[1][pick] if len(events) else 0, 0)
        return found, start, end

    def carried_strings(events: np.ndarray, spans: tuple[np.ndarray, np.ndarray]) -> pa.Array:
        """``carried`` as strings: built once per event, then taken for each claim (in C++)."""
        import pyarrow as pa

        last = np.searchsorted(events, clp, side="right") - 1
        found = last >= 0
        if len(events):
            found &= events[np.maximum(last, 0)] >= tx_of_clp_start
        values = pa.concat_arrays([raw.strings(*spans), pa.array([""], type=pa.large_string())])
        return values.take(pa.array(np.where(found, last, len(events))))

    header["transaction"] = carried_strings(st, seg.span(st, 2))
    n1 = of["N1"]
    n1_party_start, n1_party_end = seg.span(n1, 1)
    n1_pr = n1[_equals(raw, n1_party_start, n1_party_end, "PR")]
    n1_pe = n1[_equals(raw, n1_party_start, n1_party_end, "PE")]
    header["payer_name"] = carried_strings(n1_pr, seg.span(n1_pr, 2))
    header["payee_name"] = carried_strings(n1_pe, seg.span(n1_pe, 2))
    header["payee_id"] = carried_strings(n1_pe, seg.span(n1_pe, 4))
    trn = of["TRN"]
    header["check_number"] = carried_strings(trn, seg.span(trn, 2))
    # payer_id: N1*PR with N1_04 sets it; REF*2U (outside claims, after N1*PR) only if still unset.
    pr_id_start, pr_id_end = seg.span(n1_pr, 4)
    setters = n1_pr[pr_id_end > pr_id_start]
    ref = of["REF"][~in_claim[of["REF"]]]
    ref = ref[seg.elements[ref] > 2]
    ref = ref[_equals(raw, *seg.span(ref, 1), "2U")]
    if len(ref):
        party_at = np.searchsorted(n1, ref, side="right") - 1
        party_event = np.where(party_at >= 0, n1[np.maximum(party_at, 0)], -1)
        party_in_tx = party_event > last_tx_event[ref]
        party_is_pr = np.isin(party_event, n1_pr) & party_in_tx
        ref = ref[party_is_pr]
    events = np.concatenate([setters, ref])
    order = np.argsort(events, kind="stable")
    events, from_ref = (
        events[order],
        np.concatenate([np.zeros(len(setters), bool), np.ones(len(ref), bool)])[order],
    )
    tx_number = np.searchsorted(st, events, side="right")
    first_in_tx = np.ones(len(events), dtype=bool)
    first_in_tx[1:] = tx_number[1:] != tx_number[:-1]
    effective = ~from_ref | first_in_tx
    events = events[effective]
    header["payer_id"] = carried_strings(events, seg.span(events, np.where(np.isin(events, n1), 4, 2)))
    # remit date: DTM*405 outside claims, else BPR16 (the reference: remit_date or payment_date).
    dtm = of["DTM"]
    dtm = dtm[seg.elements[dtm] > 2]
    dtm_q = seg.span(dtm, 1)
    remit = dtm[~in_claim[dtm] & _equals(raw, *dtm_q, "405")]
    remit_found, remit_start, remit_end = carried(remit, seg.span(remit, 2))
    bpr = of["BPR"]
    _, payment_start, payment_end = carried(bpr, seg.span(bpr, 16))
    use_remit = remit_found & (remit_end > remit_start)
    header["remit_date"] = raw.dictionary_strings(
        np.where(use_remit, remit_start, payment_start), np.where(use_remit, remit_end, payment_end)
    )
    import pyarrow as pa

    # Version: ISA12 resets it, GS08 and ST03 refine it (masked values leave it as it was).
    gs = of["GS"]
    setting, found = [isa], [_version_codes(raw, *seg.span(isa, 12))]
    for events_, k in ((gs, 8), (st, 3)):
        found_codes = _version_codes(raw, *seg.span(events_, k))
        setting.append(events_[found_codes > 0])
        found.append(found_codes[found_codes > 0])
    version_events = np.concatenate(setting)
    order = np.argsort(version_events, kind="stable")
    version_events, version_codes = version_events[order], np.concatenate(found)[order]
    last_version = np.searchsorted(version_events, clp, side="right") - 1
    version_codes = np.concatenate([version_codes, [0]])  # no version event before a claim: unknown
    claim_version = version_codes[np.where(last_version >= 0, last_version, -1)]
    versions = pa.array(_VERSIONS, type=pa.large_string()).take(pa.array(claim_version))

    # Claims.
    claim_position = clp + 1
    clp_fields = seg.fields(clp)
    account_start, account_end = clp_fields.span(1)
    if unmask:
        account = raw.strings(account_start, account_end)
    else:
        filled = account_end > account_start
        account = raw.strings(np.where(filled, mask_at, 0), np.where(filled, mask_at + len(mask_text), 0))
    claims: dict[str, Any] = {
        "file": _constant(source, n_claims),
        "version": versions,
        **header,
        "claim_id": first_claim_id + np.arange(n_claims, dtype=np.int64),
        "patient_control_number": account,
        "status": raw.strings(*clp_fields.span(2)),
        "charge": raw.numbers(*clp_fields.span(3), "CLP03 (claim charge)"),
        "paid": raw.numbers(*clp_fields.span(4), "CLP04 (claim payment)"),
        "patient_responsibility": raw.numbers(*clp_fields.span(5), "CLP05 (patient responsibility)"),
        "filing_indicator": raw.strings(*clp_fields.span(6)),
        "payer_claim_number": raw.strings(*clp_fields.span(7)),
        "facility_code": raw.strings(*clp_fields.span(8)),
    }
    # Patient and insured, masked unless asked.
    nm1 = of["NM1"][in_claim[of["NM1"]]]
    nm1_q = seg.span(nm1, 1)
    for qualifier, name_column, id_column in (
        ("QC", "patient_name", "member_id"),
        ("IL", "insured_name", "insured_id"),
    ):
        people = nm1[_equals(raw, *nm1_q, qualifier)]
        owner = claim_rank[last_claim_event[people]]
        last_start, last_end = _strip(raw, *seg.span(people, 3))
        first_start, first_end = _strip(raw, *seg.span(people, 4))
        id_start, id_end = _strip(raw, *seg.span(people, 9))
        if unmask:
            rows = np.repeat(np.arange(len(people)), 2)
            name = raw.strings(
                np.column_stack([first_start, last_start]).ravel(),
                np.column_stack([first_end, last_end]).ravel(),
                rows,
                len(people),
                space,
            )
            claims[name_column] = _scatter_strings(name, owner, n_claims)
        else:
            named = (first_end > first_start) | (last_end > last_start)
            masked = (np.where(named, mask_at, 0), np.where(named, mask_at + len(mask_text), 0))
            claims[name_column] = raw.strings(*_scatter_spans(masked, owner, n_claims))
            has_id = id_end > id_start
            id_start = np.where(has_id, mask_at, 0)
            id_end = np.where(has_id, mask_at + len(mask_text), 0)
        claims[id_column] = raw.strings(*_scatter_spans((id_start, id_end), owner, n_claims))
    # Claim dates.
    claim_dtm = dtm[in_claim[dtm] & ~in_line[dtm]]
    claim_dtm_q = seg.span(claim_dtm, 1)
    for qualifier, column in (("232", "service_from"), ("233", "service_to")):
        dated = claim_dtm[_equals(raw, *claim_dtm_q, qualifier)]
        claims[column] = raw.dictionary_strings(
            *_scatter_spans(seg.span(dated, 2), claim_rank[last_claim_event[dated]], n_claims)
        )

    # Service lines, with the two anomalies real files have.
    svc_fields = seg.fields(svc)
    composite_start, composite_end = svc_fields.span(1)
    # SVC01 composites split at their component separator.
    composite_length = composite_end - composite_start
    comp_bytes_rows = np.repeat(np.arange(n_lines), composite_length)
    comp_offsets = np.zeros(n_lines + 1, dtype=np.int64)
    np.cumsum(composite_length, out=comp_offsets[1:])
    comp_index = np.repeat(composite_start - comp_offsets[:-1], composite_length) + np.arange(
        int(comp_offsets[-1]), dtype=np.int64
    )
    comp_chars = raw.array[comp_index]
    has_declared = np.bincount(comp_bytes_rows, weights=comp_chars == component, minlength=n_lines) > 0
    third = raw.array[np.where(composite_length > 2, composite_start + 2, 0)].astype(np.int64)
    other = ~has_declared & (composite_length > 2) & ~_ALNUM_OR_SPACE[third]
    separator_of_line = np.where(has_declared, component, np.where(other, third, -1))
    if other.any():
        first_other = int(np.flatnonzero(other)[0])
        char = chr(int(third[first_other]))
        warnings.append(
            (
                int(svc[first_other]) + 1,
                int(seg.starts[svc[first_other]]),
                f"the component separator is declared {chr(component)!r} but SVC01 uses {char!r}; read with {char!r}",
            )
        )
    fourth_start, fourth_end = svc_fields.span(4)
    # A bare qualifier in SVC01: the code was shifted into SVC02.
    shifted = (separator_of_line < 0) & (composite_length == 2) & (fourth_end > fourth_start)
    for i in np.flatnonzero(shifted):
        warnings.append(
            (
                int(svc[i]) + 1,
                int(seg.starts[svc[i]]),
                f"SVC01 is a bare qualifier {text[composite_start[i] : composite_end[i]]!r}: read SVC02 as the code",
            )
        )
    cuts = np.flatnonzero(comp_chars == np.repeat(separator_of_line, composite_length))
    first_cut = np.searchsorted(cuts, comp_offsets[:-1])
    parts = np.searchsorted(cuts, comp_offsets[1:]) - first_cut + 1
    cut_positions = comp_index[cuts] if len(cuts) else np.zeros(1, dtype=np.int64)
    safe = max(len(cuts) - 1, 0)

    def part(j: int) -> tuple[np.ndarray, np.ndarray]:
        start = composite_start if j == 0 else cut_positions[np.clip(first_cut + j - 1, 0, safe)] + 1
        end = np.where(j == parts - 1, composite_end, cut_positions[np.clip(first_cut + j, 0, safe)])
        present = j < parts
        return np.where(present, start, 0), np.where(present, end, 0)

    any_shifted = bool(shifted.any())

    def after_shift(k: int) -> tuple[np.ndarray, np.ndarray]:
        """SVC element ``k``, or ``k + 1`` on a line whose code was shifted out of SVC01."""
        start, end = svc_fields.span(k)
        if not any_shifted:
            return start, end
        moved = svc_fields.span(k + 1)
        return np.where(shifted, moved[0], start), np.where(shifted, moved[1], end)

    code_start, code_end = part(1)
    moved_start, moved_end = svc_fields.span(2)
    code_start = np.where(shifted, moved_start, code_start)
    code_end = np.where(shifted, moved_end, code_end)
    modifier_spans = [part(j) for j in range(2, 6)]
    line_claim = claim_rank[last_claim_event[svc]]
    claim_first_svc = np.searchsorted(svc, clp)  # SVCs before each claim's CLP
    # Line columns.
    lines: dict[str, Any] = {
        "file": _constant(source, n_lines),
        "claim_id": first_claim_id + line_claim,
        "line_id": first_line_id + np.arange(n_lines, dtype=np.int64),
        "line_number": np.arange(n_lines, dtype=np.int64) - claim_first_svc[line_claim] + 1,
        "procedure_qualifier": raw.strings(*part(0)),
        "procedure_code": raw.strings(code_start, code_end),
        "modifiers": raw.strings(
            np.column_stack([s for s, _ in modifier_spans]).ravel(),
            np.column_stack([e for _, e in modifier_spans]).ravel(),
            np.repeat(np.arange(n_lines), 4),
            n_lines,
            comma,
        ),
        "charge": raw.numbers(*after_shift(2), "SVC02 (line charge)"),
        "paid": raw.numbers(*after_shift(3), "SVC03 (line payment)"),
        "revenue_code": raw.strings(*after_shift(4)),
        "units": raw.numbers(*after_shift(5), "SVC05 (units)"),
    }
    # Line dates and control numbers.
    line_dtm = dtm[in_line[dtm]]
    line_dtm_q = seg.span(line_dtm, 1)
    dated = line_dtm[_equals(raw, *line_dtm_q, "472") | _equals(raw, *line_dtm_q, "150")]
    lines["service_date"] = raw.dictionary_strings(
        *_scatter_spans(seg.span(dated, 2), line_rank[dated], n_lines)
    )
    line_ref = of["REF"][in_line[of["REF"]]]
    line_ref = line_ref[(seg.elements[line_ref] > 2) & _equals(raw, *seg.span(line_ref, 1), "6R")]
    lines["line_control_number"] = raw.strings(
        *_scatter_spans(seg.span(line_ref, 2), line_rank[line_ref], n_lines)
    )

    # Remark codes: LQ*HE on lines; MOA/MIA on claims, in segment then element order.
    lq = of["LQ"][in_line[of["LQ"]]]
    lq = lq[(seg.elements[lq] > 2) & _equals(raw, *seg.span(lq, 1), "HE")]
    lq_start, lq_end = seg.span(lq, 2)
    lines["rarcs"] = raw.strings(lq_start, lq_end, line_rank[lq], n_lines, comma)
    remark = np.union1d(of["MOA"], of["MIA"])
    remark = remark[in_claim[remark]]
    columns = np.where(
        np.isin(remark, of["MOA"])[:, None], np.array([3, 4, 5, 6, 7]), np.array([5, 20, 21, 22, 23])
    )
    remark_rows = np.repeat(remark, 5)
    remark_start, remark_end = seg.span(remark_rows, columns.ravel())
    claims["rarcs"] = raw.strings(
        remark_start, remark_end, claim_rank[last_claim_event[remark_rows]], n_claims, comma
    )
    claims["segment"] = claim_position.astype(np.int64)
    lines["segment"] = (svc + 1).astype(np.int64)

    # Adjustments: one row per filled reason code of each CAS, in segment then triple order.
    cas_fields = seg.fields(cas)
    cas_elements = seg.elements[cas]
    triples = []
    filled_count = np.zeros(len(cas), dtype=np.int64)
    for t in range(6):
        first_element = 2 + 3 * t
        has = np.flatnonzero(cas_elements > first_element)
        if not len(has):
            break
        sub = cas_fields.subset(has)
        carc = sub.span(first_element)
        filled_here = carc[1] > carc[0]
        rows_here = has[filled_here]
        triples.append((rows_here, filled_count[rows_here].copy(), t, sub.subset(filled_here), first_element))
        filled_count[rows_here] += 1
    row_offset = np.zeros(len(cas) + 1, dtype=np.int64)
    np.cumsum(filled_count, out=row_offset[1:])
    n_adjustments = int(row_offset[-1])
    spans = np.zeros((6, n_adjustments), dtype=np.int64)  # carc, amount, quantity starts and ends
    cas_of_row = np.zeros(n_adjustments, dtype=np.int64)
    for rows_here, rank, _t, sub, first_element in triples:
        destination = row_offset[rows_here] + rank
        cas_of_row[destination] = rows_here
        for i, k in enumerate((first_element, first_element + 1, first_element + 2)):
            start, end = sub.span(k)
            spans[2 * i, destination] = start
            spans[2 * i + 1, destination] = end
    cas_rows = cas[cas_of_row]
    on_line = in_line[cas_rows]
    adjustment_claim = claim_rank[last_claim_event[cas_rows]]
    adjustment_line = np.where(on_line, line_rank[cas_rows], -1)
    levels = pa.array(["claim", "line"], type=pa.large_string()).take(pa.array(on_line.astype(np.int64)))
    rarc_pool = pa.concat_arrays([claims["rarcs"], lines["rarcs"]])
    group_start, group_end = cas_fields.span(1)
    adjustments: dict[str, Any] = {
        "file": _constant(source, n_adjustments),
        "claim_id": first_claim_id + adjustment_claim,
        "line_id": np.where(on_line, first_line_id + adjustment_line, -1),
        "level": levels,
        "group": raw.strings(group_start[cas_of_row], group_end[cas_of_row]),
        "carc": raw.strings(spans[0], spans[1]),
        "amount": raw.numbers(spans[2], spans[3], "CAS adjustment amount"),
        "quantity": raw.numbers(spans[4], spans[5], "CAS adjustment quantity"),
        "rarcs": rarc_pool.take(pa.array(np.where(on_line, n_claims + adjustment_line, adjustment_claim))),
        "segment": (cas_rows + 1).astype(np.int64),
    }

    warnings.sort()
    listed = [{"file": source, "segment": p, "line": o, "message": m} for p, o, m in warnings[:50]]
    return FileColumns(
        source,
        claims,
        lines,
        adjustments,
        finish_warnings(text, source, listed, len(warnings)),
    )


def _span_all_digits(raw: _Bytes, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    lengths = end - start
    if not len(lengths) or not lengths.sum():
        return np.zeros(len(start), dtype=bool)
    owner = np.repeat(np.arange(len(start)), lengths)
    offsets = np.zeros(len(start), dtype=np.int64)
    np.cumsum(lengths[:-1], out=offsets[1:])
    index = np.repeat(start - offsets, lengths) + np.arange(int(lengths.sum()), dtype=np.int64)
    bad = np.bincount(owner, weights=~_DIGIT[raw.array[index]], minlength=len(start))
    return bad == 0


def _strip(raw: _Bytes, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``str.strip`` on spans (ASCII blanks; the file has no other whitespace by now)."""
    start, end = start.copy(), end.copy()
    moving = np.flatnonzero((start < end) & _BLANK[raw.array[start]])
    while len(moving):
        start[moving] += 1
        moving = moving[(start[moving] < end[moving]) & _BLANK[raw.array[start[moving]]]]
    moving = np.flatnonzero((end > start) & _BLANK[raw.array[np.maximum(end - 1, 0)]])
    while len(moving):
        end[moving] -= 1
        moving = moving[(end[moving] > start[moving]) & _BLANK[raw.array[np.maximum(end[moving] - 1, 0)]]]
    return start, end
