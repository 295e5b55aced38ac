"""X12 835 remittances (4010 and 5010) into three tidy tables: claims, service lines, adjustments.

Why our own reader: of the Python parsers tried on the 15 real files in the shared data, the
mature one (pyx12) refuses a third of them (BOM, masked ISA12, no envelope) and its loop-aware
reader drops segments it cannot place; the newest (oxedi) missed one file. A remittance reader
that silently loses an adjustment would hide a denial, so this one reads every CLP, SVC and CAS
it meets and the tests count them against an independent tokenizer on every real file.

Two readers: ``read_remittances`` offers each file to the vectorized fast path (``columnar.py``)
first, and reads it with the pure-Python reference reader here when the fast path declines it; the
tests prove both give the same tables, warnings and errors.

Masking: patient and subscriber names, member identifiers and the practice's patient account
number are replaced by ``MASK`` unless the caller passes ``unmask=True``, so nothing downstream
(tables, charts, CLI, notebooks) shows them by accident.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mhnotebook.analytics.remits.x12 import decode_x12, line_of, split_interchanges
from mhnotebook.errors import RemittanceError
from mhnotebook.rules.gc_pause import cycle_collector_paused

if TYPE_CHECKING:
    import pandas as pd

    from mhnotebook.analytics.remits.columnar import FileColumns

#: Warnings kept per file; a defect repeated on every line is reported once with a count.
MAX_WARNINGS_PER_FILE = 50
#: What a masked identifier reads as in every output.
MASK = "[masked]"
#: CLP02 = 22: the payer reverses an earlier payment (negative amounts); never a denial.
REVERSAL_STATUS = "22"
#: File name endings a folder scan reads; other files are read only when their content is X12.
X12_SUFFIXES = {".835", ".edi", ".era", ".x12", ".txt", ".dat", ".rmt", ""}

CLAIM_COLUMNS = [
    "file", "version", "transaction", "payer_name", "payer_id", "payee_name", "payee_id",
    "check_number", "remit_date", "claim_id", "patient_control_number", "status", "charge", "paid",
    "patient_responsibility", "filing_indicator", "payer_claim_number", "facility_code",
    "patient_name", "member_id", "insured_name", "insured_id", "service_from", "service_to",
    "rarcs", "segment",
]  # fmt: skip
LINE_COLUMNS = [
    "file", "claim_id", "line_id", "line_number", "procedure_qualifier", "procedure_code",
    "modifiers", "charge", "paid", "revenue_code", "units", "service_date", "line_control_number",
    "rarcs", "segment",
]  # fmt: skip
ADJUSTMENT_COLUMNS = [
    "file", "claim_id", "line_id", "level", "group", "carc", "amount", "quantity", "rarcs", "segment",
]  # fmt: skip
_MASKED_CLAIM_FIELDS = ("patient_control_number", "patient_name", "member_id", "insured_name", "insured_id")

_NAN = math.nan
T = TypeVar("T")


@dataclass
class FileRows:
    """What one file yielded, before it joins the batch's tables."""

    source: str
    claims: list[list[Any]] = field(default_factory=list)
    lines: list[list[Any]] = field(default_factory=list)
    adjustments: list[list[Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def claim_count(self) -> int:
        return len(self.claims)

    @property
    def line_count(self) -> int:
        return len(self.lines)

    def shift_ids(self, claims: int, lines: int) -> None:
        """Renumber a file read from claim 0 and line 0 to follow the files before it."""
        if not claims and not lines:
            return
        for claim in self.claims:
            claim[_CLAIM_ID] += claims
        for line in self.lines:
            line[1] += claims
            line[_LINE_ID] += lines
        for adjustment in self.adjustments:
            adjustment[1] += claims
            if adjustment[2] is not None:
                adjustment[2] += lines


def _element(elements: list[str], index: int) -> str:
    return elements[index] if len(elements) > index else ""


def _number(raw: str) -> float:
    return float(raw) if raw else _NAN


#: Elements that must be numbers, by segment, with what they mean (for the error message).
_NUMERIC = {
    "CLP": {3: "claim charge", 4: "claim payment", 5: "patient responsibility"},
    "SVC": {2: "line charge", 3: "line payment", 5: "units"},
    "CAS": {
        i: "adjustment amount" if (i % 3) == 1 else "adjustment quantity" for i in range(3, 20) if i % 3 != 2
    },
}
_PAD = [""] * 20
_CLAIM_ID, _LINE_ID = CLAIM_COLUMNS.index("claim_id"), LINE_COLUMNS.index("line_id")
_SERVICE_DATE, _LINE_CONTROL = LINE_COLUMNS.index("service_date"), LINE_COLUMNS.index("line_control_number")
_FROM, _TO = CLAIM_COLUMNS.index("service_from"), CLAIM_COLUMNS.index("service_to")
_PATIENT, _MEMBER = CLAIM_COLUMNS.index("patient_name"), CLAIM_COLUMNS.index("member_id")
_INSURED, _INSURED_ID = CLAIM_COLUMNS.index("insured_name"), CLAIM_COLUMNS.index("insured_id")


def finish_warnings(
    text: str, source: str, warnings: list[dict[str, Any]], seen: int
) -> list[dict[str, Any]]:
    """Offsets to line numbers in one pass (counting per warning would be quadratic), plus a line
    saying how many more were seen than listed. ``warnings`` hold the offset in ``line``."""
    if "\n" not in text:
        for warning in warnings:
            warning["line"] = None
    else:
        line, last = 1, 0
        for warning in sorted(warnings, key=lambda w: w["line"]):
            offset = warning["line"]
            while offset < len(text) and text[offset] in " \t\r\n":
                offset += 1
            line += text.count("\n", last, offset)
            last = offset
            warning["line"] = line
    extra = seen - len(warnings)
    if extra > 0:
        warnings.append(
            {"file": source, "segment": None, "line": None, "message": f"{extra} more warning(s) not listed"}
        )
    return warnings


class _FileReader:
    """The state machine of one file: envelope → transaction → claim → service line.

    ``read`` is one long loop over local variables on purpose: it runs once per segment of files of
    many megabytes, and in CPython attribute look-ups and helper calls are what make readers slow.
    RARCs are gathered per claim and per line and joined onto the tables afterwards (they come
    after the CAS segments they explain).
    """

    def __init__(self, text: str, source: str, *, unmask: bool, first_claim_id: int, first_line_id: int):
        self.text, self.source, self.unmask = text, source, unmask
        self.rows = FileRows(source)
        self.first_claim_id, self.first_line_id = first_claim_id, first_line_id
        self.warnings_seen = 0
        self.claim_rarcs: dict[int, list[str]] = {}
        self.line_rarcs: dict[int, list[str]] = {}

    def at(self, position: int | None, offset: int, message: str) -> RemittanceError:
        line = line_of(self.text, offset) if position is not None else None
        return RemittanceError(self.source, message, segment=position, line=line)

    def warn(self, position: int, offset: int, message: str) -> None:
        """Keep the first warnings of a file (a repeated defect would otherwise flood the report)."""
        self.warnings_seen += 1
        if self.warnings_seen <= MAX_WARNINGS_PER_FILE:
            self.rows.warnings.append(
                {"file": self.source, "segment": position, "line": offset, "message": message}
            )

    def _finish_warnings(self) -> None:
        self.rows.warnings = finish_warnings(self.text, self.source, self.rows.warnings, self.warnings_seen)

    def read(self) -> FileRows:
        position = offset = start = 0
        e: list[str] = []
        try:
            self._loop()
            self._finish_warnings()
        except _NumberError as exc:
            position, start, e = exc.args
            tag = e[0]
            for index, what in _NUMERIC.get(tag, {}).items():
                raw_value = _element(e, index).strip()
                if raw_value:
                    try:
                        float(raw_value)
                    except ValueError:
                        raise self.at(
                            position,
                            start,
                            f"{tag}{index:02d} ({what}) should be a number, not {raw_value!r}",
                        ) from None
            raise self.at(position, start, f"{tag}: a number was expected") from None
        del offset
        rows = self.rows
        for claim in rows.claims:
            claim[-2] = ",".join(self.claim_rarcs.get(claim[_CLAIM_ID], ()))
        for line in rows.lines:
            line[-2] = ",".join(self.line_rarcs.get(line[_LINE_ID], ()))
        for adjustment in rows.adjustments:
            owner = adjustment[2]
            codes = (
                self.claim_rarcs.get(adjustment[1], ()) if owner is None else self.line_rarcs.get(owner, ())
            )
            adjustment[-2] = ",".join(codes)
        return rows

    def _loop(self) -> None:
        source, unmask = self.source, self.unmask
        claims, lines, adjustments = self.rows.claims, self.rows.lines, self.rows.adjustments
        claim_rarcs, line_rarcs = self.claim_rarcs, self.line_rarcs
        at = self.at
        number = _number
        nan = _NAN
        claim: list[Any] | None = None
        line: list[Any] | None = None
        claim_id = self.first_claim_id - 1
        line_id = self.first_line_id - 1
        lines_in_claim = 0
        header: dict[str, str] = {}
        version = "unknown"
        party = ""
        in_transaction = interchange_open = component_warned = False
        transaction_start = transaction_segments = transaction_offset = 0
        position = 0
        e: list[str] = []
        for delims, offset, pieces in split_interchanges(self.text, source):
            separator, component = delims.element, delims.component
            for raw in pieces:
                start = offset
                offset += len(raw) + 1
                body = raw.strip()
                if not body:
                    continue
                position += 1
                e = body.split(separator)
                tag = e[0]
                transaction_segments += 1
                try:
                    if tag == "CAS":
                        if claim is None:
                            raise at(position, start, "CAS (adjustment) outside a claim: no CLP before it")
                        if len(e) < 20:
                            e += _PAD
                        group = e[1]
                        owner = line_id if line is not None else None
                        level = "claim" if owner is None else "line"
                        for first in (2, 5, 8, 11, 14, 17):
                            carc = e[first]
                            if carc:
                                amount = e[first + 1]
                                quantity = e[first + 2]
                                adjustments.append([
                                    source, claim_id, owner, level, group, carc,
                                    float(amount) if amount else nan, float(quantity) if quantity else nan,
                                    "", position,
                                ])  # fmt: skip
                    elif tag == "DTM":
                        if len(e) > 2:
                            qualifier = e[1]
                            if line is not None:
                                if qualifier == "472" or qualifier == "150":
                                    line[_SERVICE_DATE] = e[2]
                            elif claim is not None:
                                if qualifier == "232":
                                    claim[_FROM] = e[2]
                                elif qualifier == "233":
                                    claim[_TO] = e[2]
                            elif qualifier == "405":
                                header["remit_date"] = e[2]
                    elif tag == "SVC":
                        if claim is None:
                            raise at(position, start, "SVC (service line) outside a claim: no CLP before it")
                        if len(e) < 8:
                            e += _PAD
                        line_id += 1
                        lines_in_claim += 1
                        composite = e[1]
                        if component in composite:
                            parts = composite.split(component)
                        elif len(composite) > 2 and not composite[2].isalnum() and not composite[2].isspace():
                            if not component_warned:
                                self.warn(
                                    position,
                                    start,
                                    f"the component separator is declared {component!r} but SVC01 uses "
                                    f"{composite[2]!r}; read with {composite[2]!r}",
                                )
                                component_warned = True
                            parts = composite.split(composite[2])
                        else:
                            parts = [composite]
                        shift = 0
                        if len(parts) == 1 and len(composite) == 2 and e[4]:
                            # The procedure code fell out of the composite into SVC02 (a real file does this).
                            self.warn(
                                position,
                                start,
                                f"SVC01 is a bare qualifier {composite!r}: read SVC02 as the code",
                            )
                            parts = [composite, e[2]]
                            shift = 1
                        line = [
                            source, claim_id, line_id, lines_in_claim,
                            parts[0], parts[1] if len(parts) > 1 else "", ",".join([p for p in parts[2:6] if p]),
                            number(e[2 + shift]), number(e[3 + shift]), e[4 + shift], number(e[5 + shift]),
                            "", "", "", position,
                        ]  # fmt: skip
                        lines.append(line)
                    elif tag == "REF":
                        if len(e) > 2:
                            qualifier = e[1]
                            if line is not None:
                                if qualifier == "6R":
                                    line[_LINE_CONTROL] = e[2]
                            elif claim is None and party == "PR" and qualifier == "2U":
                                header.setdefault("payer_id", e[2])
                    elif tag == "NM1":
                        if claim is not None and len(e) > 1 and (e[1] == "QC" or e[1] == "IL"):
                            if len(e) < 10:
                                e += _PAD
                            name = " ".join([p for p in (e[4].strip(), e[3].strip()) if p])
                            ident = e[9].strip()
                            if not unmask:
                                name = MASK if name else ""
                                ident = MASK if ident else ""
                            if e[1] == "QC":
                                claim[_PATIENT], claim[_MEMBER] = name, ident
                            else:
                                claim[_INSURED], claim[_INSURED_ID] = name, ident
                    elif tag == "CLP":
                        if not in_transaction:
                            raise at(position, start, "CLP (claim) outside a transaction: no ST before it")
                        if len(e) < 10:
                            e += _PAD
                        claim_id += 1
                        lines_in_claim = 0
                        line = None
                        account = e[1] if unmask or not e[1] else MASK
                        claim = [
                            source, version, header.get("transaction", ""), header.get("payer_name", ""),
                            header.get("payer_id", ""), header.get("payee_name", ""), header.get("payee_id", ""),
                            header.get("check_number", ""),
                            header.get("remit_date") or header.get("payment_date", ""),
                            claim_id, account, e[2], number(e[3]), number(e[4]), number(e[5]), e[6], e[7], e[8],
                            "", "", "", "", "", "", "", position,
                        ]  # fmt: skip
                        claims.append(claim)
                    elif tag == "LQ":
                        if line is not None and len(e) > 2 and e[1] == "HE" and e[2]:
                            line_rarcs.setdefault(line_id, []).append(e[2])
                    elif tag == "MOA" or tag == "MIA":
                        if claim is not None:
                            if len(e) < 24:
                                e += _PAD + _PAD
                            indexes = (3, 4, 5, 6, 7) if tag == "MOA" else (5, 20, 21, 22, 23)
                            claim_rarcs.setdefault(claim_id, []).extend([e[i] for i in indexes if e[i]])
                    elif tag == "N1":
                        e += _PAD[:5]
                        party = e[1]
                        if party == "PR":
                            header["payer_name"] = e[2]
                            if e[4]:
                                header["payer_id"] = e[4]
                        elif party == "PE":
                            header["payee_name"] = e[2]
                            header["payee_id"] = e[4]
                    elif tag == "LX" or tag == "PLB":
                        claim = line = None
                    elif tag == "BPR":
                        header["payment_date"] = _element(e, 16)
                    elif tag == "TRN":
                        header["check_number"] = _element(e, 2)
                    elif tag == "ST":
                        if in_transaction:
                            raise at(position, start, "a new ST begins before the previous transaction's SE")
                        if _element(e, 1) != "835":
                            raise at(
                                position,
                                start,
                                f"transaction set {_element(e, 1)!r} is not a remittance advice (835)",
                            )
                        in_transaction, transaction_start, transaction_segments = True, position, 1
                        transaction_offset = start
                        header = {"transaction": _element(e, 2)}
                        party = ""
                        claim = line = None
                        version = _version_of(_element(e, 3), version)
                    elif tag == "SE":
                        if not in_transaction:
                            raise at(position, start, "SE without a matching ST")
                        declared = _element(e, 1)
                        if declared.isdigit() and int(declared) != transaction_segments:
                            self.warn(
                                position,
                                start,
                                f"SE01 says {declared} segments, the transaction from segment "
                                f"{transaction_start} has {transaction_segments}",
                            )
                        in_transaction = False
                        claim = line = None
                    elif tag == "GS":
                        version = _version_of(_element(e, 8), version)
                    elif tag == "ISA":
                        if interchange_open:
                            raise at(
                                position, start, "a new ISA begins before the previous interchange's IEA"
                            )
                        interchange_open = True
                        version = _version_of(_element(e, 12), "unknown")
                    elif tag == "IEA":
                        interchange_open = False
                except ValueError as exc:
                    if isinstance(exc, RemittanceError):
                        raise
                    raise _NumberError(position, start, e) from None
        if in_transaction:
            raise at(
                transaction_start,
                transaction_offset,
                f"the transaction that starts at segment {transaction_start} has no SE: the file looks truncated",
            )
        if interchange_open:
            raise at(None, 0, "the interchange has no IEA: the file looks truncated")


class _NumberError(Exception):
    """Internal: a float() failed; ``read`` turns it into a message naming the element."""


def _version_of(value: str, fallback: str) -> str:
    """``5010`` or ``4010`` from ISA12, GS08 or ST03 (masked values leave the fallback)."""
    value = value.strip()
    for version in ("5010", "4010"):
        if value.startswith(("00" + version[:3], version)):
            return version
    return fallback


def read_835_rows(
    data: bytes | str, source: str, *, unmask: bool = False, first_claim_id: int = 0, first_line_id: int = 0
) -> FileRows:
    """Read one 835 into row lists (the batch turns them into frames). Raises ``RemittanceError``."""
    text = data if isinstance(data, str) else decode_x12(data, source)
    if not text.strip():
        raise RemittanceError(source, "the file is empty")
    with cycle_collector_paused():  # millions of small acyclic lists: see rules/gc_pause
        return _FileReader(
            text, source, unmask=unmask, first_claim_id=first_claim_id, first_line_id=first_line_id
        ).read()


@dataclass
class RemittanceBatch:
    """Everything read from a set of 835 files: three tables, plus what went wrong, per file.

    Files that failed contribute no rows at all (nothing half-loaded); their errors say where.
    """

    files: list[str]
    claims: pd.DataFrame
    service_lines: pd.DataFrame
    adjustments: pd.DataFrame
    errors: list[RemittanceError]
    warnings: list[dict[str, Any]]
    masked: bool

    @property
    def files_read(self) -> list[str]:
        failed = {e.source for e in self.errors}
        return [f for f in self.files if f not in failed]


def looks_like_x12(path: Path) -> bool:
    """True when a file starts (after a BOM and blanks) with ``ISA`` or ``ST`` and a separator."""
    with path.open("rb") as handle:
        head = handle.read(64)
    text = decode_x12(head, str(path)).lstrip()
    return text.startswith("ISA") or (text.startswith("ST") and len(text) > 2 and not text[2].isalnum())


def collect_835_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus the X12 files found (recursively, sorted) in folders named.

    A folder scan keeps files whose content starts like X12, so a README beside the remittances is
    skipped (and hidden folders such as tool caches are not entered); a file named directly is always read (and reported if it is not X12).
    """
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if (
                    not hidden
                    and child.is_file()
                    and child.suffix.lower() in X12_SUFFIXES
                    and looks_like_x12(child)
                ):
                    found.append(child)
        else:
            found.append(path)
    return found


def read_remittances(
    paths: Iterable[str | Path], *, unmask: bool = False, progress: bool | None = None, fast: bool = True
) -> RemittanceBatch:
    """Read 835 files and folders into one batch; a bad file is reported and skipped, never fatal.

    Each file goes through the vectorized fast path (``columnar.py``) when it can take it, else
    through the reference reader here; both give the same rows (the tests prove it file by file).
    ``fast=False`` uses the reference reader for every file.

    >>> batch = read_remittances([samples_dir() / "remits"])  # doctest: +SKIP
    >>> batch.claims[["payer_name", "status", "charge", "paid"]]  # doctest: +SKIP
    """
    files = collect_835_paths(paths)
    if not (fast and fast_path_available()):
        return _read_in_order(files, unmask=unmask, progress=progress)
    results: list[FileRows | FileColumns] = []
    errors: list[RemittanceError] = []
    claim_id = line_id = 0
    for path in _with_progress(files, progress):
        outcome = _read_one(path, unmask=unmask)
        if isinstance(outcome, RemittanceError):
            errors.append(outcome)
            continue
        outcome.shift_ids(claim_id, line_id)
        claim_id += outcome.claim_count
        line_id += outcome.line_count
        results.append(outcome)
    with cycle_collector_paused():  # millions of small acyclic lists: see rules/gc_pause
        return build_batch([str(p) for p in files], results, errors, masked=not unmask)


def _read_one(path: Path, *, unmask: bool) -> FileRows | FileColumns | RemittanceError:
    """One file, numbered from claim 0 and line 0, or the error that stops it."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return RemittanceError(source, f"cannot read the file: {exc.strerror or exc}")
    try:
        return read_835_file(data, source, unmask=unmask, first_claim_id=0, first_line_id=0)
    except RemittanceError as exc:
        return exc


def _read_in_order(files: list[Path], *, unmask: bool, progress: bool | None) -> RemittanceBatch:
    """The reference reader on every file, one after the other."""
    results: list[FileRows | FileColumns] = []
    errors: list[RemittanceError] = []
    claim_id = line_id = 0
    for path in _with_progress(files, progress):
        source = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            errors.append(RemittanceError(source, f"cannot read the file: {exc.strerror or exc}"))
            continue
        try:
            rows = read_835_rows(data, source, unmask=unmask, first_claim_id=claim_id, first_line_id=line_id)
        except RemittanceError as exc:
            errors.append(exc)
            continue
        claim_id += rows.claim_count
        line_id += rows.line_count
        results.append(rows)
    with cycle_collector_paused():  # millions of small acyclic lists: see rules/gc_pause
        return build_batch([str(p) for p in files], results, errors, masked=not unmask)


def fast_path_available() -> bool:
    """The fast path needs pyarrow (a dependency; checked so a broken install still reads files)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def read_835_file(
    data: bytes, source: str, *, unmask: bool, first_claim_id: int, first_line_id: int, fast: bool = True
) -> FileRows | FileColumns:
    """One file by the fast path, or by the reference reader when the fast path declines it.

    The fast path declines what it does not reproduce exactly (``Unhandled``). Any other exception
    there would be a bug in it: the reference reader still reads the file, so a user never loses
    a file to it (the tests call the fast path directly, where such a bug fails loudly).
    """
    if fast:
        from mhnotebook.analytics.remits.columnar import read_835_columns

        try:
            return read_835_columns(
                data, source, unmask=unmask, first_claim_id=first_claim_id, first_line_id=first_line_id
            )
        except Exception:  # Unhandled, or a fast-path bug: the reference reader decides
            pass
    return read_835_rows(
        data, source, unmask=unmask, first_claim_id=first_claim_id, first_line_id=first_line_id
    )


def _with_progress(items: Iterable[T], progress: bool | None, total: int | None = None) -> Iterable[T]:
    from mhnotebook.analytics.progress import track

    return track(items, "Reading 835 files", total=total, show=progress)


_AMOUNTS = {
    "claims": ("charge", "paid", "patient_responsibility"),
    "lines": ("charge", "paid", "units"),
    "adjustments": ("amount", "quantity"),
}
_INTEGERS = {
    "claims": ("claim_id", "segment"),
    "lines": ("claim_id", "line_id", "line_number", "segment"),
    "adjustments": ("claim_id", "segment"),
}
_DATES = {
    "claims": ("remit_date", "service_from", "service_to"),
    "lines": ("service_date",),
    "adjustments": (),
}
_COLUMNS = {"claims": CLAIM_COLUMNS, "lines": LINE_COLUMNS, "adjustments": ADJUSTMENT_COLUMNS}


def build_batch(
    files: list[str],
    results: Sequence[FileRows | FileColumns],
    errors: list[RemittanceError],
    *,
    masked: bool,
) -> RemittanceBatch:
    """Turn each file's rows or columns into typed frames (one construction per table, for speed)."""
    if all(isinstance(r, FileRows) for r in results):
        row_results = [r for r in results if isinstance(r, FileRows)]
        claims = _typed_from_rows("claims", [r for f in row_results for r in f.claims])
        lines = _typed_from_rows("lines", [r for f in row_results for r in f.lines])
        adjustments = _typed_from_rows("adjustments", [r for f in row_results for r in f.adjustments])
    else:
        claims, lines, adjustments = (_typed_from_columns(table, results) for table in _COLUMNS)
    warnings = [w for f in results for w in f.warnings]
    return RemittanceBatch(files, claims, lines, adjustments, errors, warnings, masked)


def _typed_from_rows(table: str, rows: list[list[Any]]) -> pd.DataFrame:
    """The reference construction: a frame from row lists, then the types."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=_COLUMNS[table])
    for column in _AMOUNTS[table]:
        frame[column] = frame[column].astype("float64")
    for column in _DATES[table]:
        frame[column] = pd.to_datetime(frame[column], format="%Y%m%d", errors="coerce")
    ids = [c for c in _INTEGERS[table] if c != "segment"]
    frame[ids] = frame[ids].astype("int64")
    if table == "adjustments":
        frame["line_id"] = frame["line_id"].astype("Int64")
    return frame


def _typed_from_columns(table: str, results: Sequence[FileRows | FileColumns]) -> pd.DataFrame:
    """The same frame built from columns: strings stay in Arrow, dates are parsed once per value."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = [_columns_of(r, table) for r in results]
    parts = [p for p in parts if len(p["file"])]
    if not parts:
        return _typed_from_rows(table, [])
    string_dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    data: dict[str, Any] = {}
    for column in _COLUMNS[table]:
        pieces = [p[column] for p in parts]
        if column in _AMOUNTS[table]:
            data[column] = np.concatenate(pieces).astype("float64")
        elif column in _INTEGERS[table]:
            data[column] = np.concatenate(pieces).astype("int64")
        elif column == "line_id":  # adjustments: the line, or none for a claim-level adjustment
            owners = np.concatenate(pieces).astype("int64")
            data[column] = pd.arrays.IntegerArray(owners, owners < 0)
        else:
            if column in _DATES[table]:  # parsed once per distinct value, as the reference would
                encoded = [p if pa.types.is_dictionary(p.type) else pc.dictionary_encode(p) for p in pieces]
                unified = pa.chunked_array(encoded).unify_dictionaries()
                dictionary = unified.chunk(0).dictionary
                values = pd.Series(dictionary.to_pylist(), dtype=string_dtype)
                parsed = pd.to_datetime(values, format="%Y%m%d", errors="coerce").to_numpy()
                codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in unified.chunks])
                data[column] = parsed[codes]
            else:
                data[column] = pd.array(pa.chunked_array(pieces, type=pa.large_string()), dtype=string_dtype)
    return pd.DataFrame(data, columns=_COLUMNS[table])


def _columns_of(result: FileRows | FileColumns, table: str) -> dict[str, Any]:
    """A file's table as columns, whichever reader read it."""
    import pyarrow as pa

    if not isinstance(result, FileRows):
        return {"claims": result.claims, "lines": result.lines, "adjustments": result.adjustments}[table]
    rows = {"claims": result.claims, "lines": result.lines, "adjustments": result.adjustments}[table]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in _COLUMNS[table]]
    out: dict[str, Any] = {}
    for name, values in zip(_COLUMNS[table], columns, strict=True):
        if name in _AMOUNTS[table] or name in _INTEGERS[table]:
            out[name] = list(values)
        elif name == "line_id":
            out[name] = [-1 if v is None else v for v in values]
        else:
            out[name] = pa.array(values, type=pa.large_string())
    return out
