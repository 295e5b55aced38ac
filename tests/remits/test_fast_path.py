"""The vectorized fast path (columnar.py) gives exactly the reference reader's tables, or declines.

For every real file, every shipped sample and generated 835s (with the traps real files set added
at random), ``read_remittances`` is run twice, with the fast path and with the reference reader
only, and the three tables (values, dtypes, masking), the warnings and the errors must be equal.
Where the fast path declines a file, the test says which file and why (hypothesis events).
"""

from __future__ import annotations

import math
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mhnotebook.analytics.remits.columnar import Unhandled, _Bytes, read_835_columns
from mhnotebook.analytics.remits.reader import RemittanceBatch, read_remittances
from mhnotebook.analytics.remits.synthetic import SynthRemit, write_835
from mhnotebook.paths import samples_dir

from .conftest import real_835_files
from .test_bad_files import GOOD
from .test_synthetic import claims as synth_claims

REAL = real_835_files()
SAMPLES = sorted((samples_dir() / "remits").glob("*.835"))


def assert_same_batch(reference: RemittanceBatch, fast: RemittanceBatch) -> None:
    for table in ("claims", "service_lines", "adjustments"):
        pd.testing.assert_frame_equal(getattr(reference, table), getattr(fast, table), check_exact=True)
    assert fast.warnings == reference.warnings
    assert [e.as_dict() for e in fast.errors] == [e.as_dict() for e in reference.errors]
    assert fast.files == reference.files and fast.masked == reference.masked


def both(paths: list[Path], *, unmask: bool = False) -> tuple[RemittanceBatch, RemittanceBatch]:
    reference = read_remittances(paths, unmask=unmask, progress=False, fast=False)
    fast = read_remittances(paths, unmask=unmask, progress=False, fast=True)
    return reference, fast


def route(data: bytes) -> str:
    """``fast``, or why the fast path declines the file."""
    try:
        read_835_columns(data, "x.835")
    except Unhandled as exc:
        return str(exc)
    return "fast"


@pytest.mark.parametrize("unmask", [False, True], ids=["masked", "unmasked"])
@pytest.mark.parametrize("path", REAL + SAMPLES, ids=lambda p: p.name)
def test_fast_path_equals_the_reference_reader_on_real_files_and_samples(path: Path, unmask: bool):
    # Every real file and sample takes the fast path today (the anomalies real files have, the
    # ':'-declared '>'-used separator and the shifted SVC, are handled there with the same warning).
    assert route(path.read_bytes()) == "fast"
    assert_same_batch(*both([path], unmask=unmask))


def test_a_folder_batch_mixing_fast_and_reference_files_numbers_claims_as_the_reference(tmp_path):
    real = REAL[:6]
    latin = tmp_path / "latin.835"  # not ASCII: declined, read by the reference reader
    latin.write_bytes(GOOD.replace("SYNTHETIC PAYER", "PAYÉ").encode("latin-1"))
    assert route(latin.read_bytes()) == "the file is not plain ASCII"
    assert_same_batch(*both([*real, latin, *SAMPLES[:3]]))


def test_a_file_with_no_rows_gives_the_reference_empty_tables(tmp_path):
    empty = tmp_path / "empty.835"
    empty.write_text(
        GOOD.replace("CLP*A1*1*100*50**12*X1~\nSVC*HC:90837*100*50**1~\nCAS*CO*45*50~\n", "").replace(
            "SE*7", "SE*4"
        )
    )
    assert route(empty.read_bytes()) == "fast"
    reference, fast = both([empty])
    assert len(fast.claims) == 0
    assert_same_batch(reference, fast)


BAD_FILES = {
    "truncated mid-segment": GOOD[: GOOD.index("CAS*CO*45") + 6],
    "no SE": GOOD[: GOOD.index("SE*")],
    "no IEA": GOOD[: GOOD.index("IEA*")],
    "a number that is not one": GOOD.replace("CLP*A1*1*100*50", "CLP*A1*1*1OO*50"),
    "CAS before any claim": GOOD.replace("N1*PR*SYNTHETIC PAYER~", "CAS*CO*45*1~"),
    "SVC before any claim": GOOD.replace("N1*PR*SYNTHETIC PAYER~", "SVC*HC:1*1*1~"),
    "an 837": GOOD.replace("ST*835", "ST*837"),
    "empty": "",
    "not X12": "name,amount\nA,1\n",
    "ISA cut short": "ISA*00*short~",
    "ST inside a transaction": GOOD.replace("BPR*", "ST*835*2~\nBPR*"),
    "SE without ST": GOOD.replace("GE*1*1~", "SE*1*1~\nGE*1*1~"),
    "ISA inside an interchange": GOOD.replace("GE*1*1~\n", "GE*1*1~\n" + GOOD.splitlines()[0] + "\n"),
    "a CLP outside a transaction": GOOD.replace("GE*1*1~", "CLP*A*1*1*1~\nGE*1*1~"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_malformed_files_are_declined_and_give_the_reference_error(tmp_path, name):
    bad = tmp_path / "bad.835"
    bad.write_text(BAD_FILES[name], encoding="utf-8")
    assert route(bad.read_bytes()) != "fast"
    good = tmp_path / "good.835"
    good.write_text(GOOD, encoding="utf-8")
    reference, fast = both([bad, good])
    assert len(fast.errors) == 1 and fast.errors[0].source == str(bad)
    assert len(fast.claims) == 1  # the good file after it is still read
    assert_same_batch(reference, fast)


# --- Generated 835s, with the traps of real files added at random ---------------------------------


def _perturb(text: str, draw) -> str:
    """Apply some of the variations real files show (and some defects) to a generated 835."""
    lines = text.splitlines(keepends=True)
    if draw(st.booleans()):  # several interchanges in one file
        lines = lines * draw(st.integers(2, 3))
    if draw(st.booleans()):  # a component separator declared ':' but '>' used
        lines = [line.replace("SVC*HC:", "SVC*HC>") for line in lines]
    if draw(st.booleans()):  # a procedure code shifted out of SVC01
        lines = [line.replace("SVC*HC:", "SVC*HC*", 1) if draw(st.booleans()) else line for line in lines]
    if draw(st.booleans()):  # a wrong SE count
        lines = [line.replace("SE*", "SE*1", 1) for line in lines]
    if draw(st.booleans()):  # no envelope: the file starts at ST
        lines = [line for line in lines if not line.startswith(("ISA", "GS", "GE", "IEA"))]
    if draw(st.booleans()):  # claim-level dates, claim remarks, a line control number, an insured
        extra = draw(st.sampled_from([
            "DTM*232*20250101~\n", "DTM*233*2025013~\n", "MOA***MA01*MA02~\n",
            "NM1*IL*1* DOE * JOHN****MI* X1 ~\n", "REF*6R*LINE7~\n", "MIA*0***12**" + "*" * 14 + "MA92~\n",
            "REF*2U*PAYERREF~\n", "LQ*HE*N130~\n", "PLB*1*20251231*CV:1*-5~\n", "LX*2~\n",
            "CAS*PR*1*10*1*2*5**3*1.5~\n", "NM1*QC*1***~\n", "DTM*405*~\n", "TRN*1*OTHER~\n",
        ]))  # fmt: skip
        at = draw(st.integers(3, max(3, len(lines) - 2)))
        lines.insert(at, extra)
    if draw(st.booleans()):  # odd numbers: some float() reads, some it does not
        odd = draw(st.sampled_from(["1e2", " 5", "-0", "+3.5", ".5", "5.", "1_0", "abc", "1.2.3", "-", "", "0012.50",
                                    "12345678901234567", "nan", "3.14159265358979"]))  # fmt: skip
        lines = [line.replace("*1~", f"*{odd}~", 1) if line.startswith("SVC") else line for line in lines]
    text = "".join(lines)
    ending = draw(st.sampled_from(["~\n", "~", "~\r\n", "\n"]))
    text = text.replace("~\n", ending)
    if draw(st.booleans()):  # indented lines
        text = text.replace("\n", "\n" + draw(st.sampled_from([" ", "\t", "   "])))
    if draw(st.booleans()):
        text = "\ufeff" + text
    if draw(st.integers(0, 9)) == 5:  # a truncated transfer (not 0: hypothesis favours it)
        text = text[: draw(st.integers(len(text) // 2, len(text)))]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(synth_claims(), min_size=1, max_size=4), st.data(), st.booleans())
def test_fast_path_equals_the_reference_on_generated_835s(claim_list, data, unmask):
    remit = SynthRemit(
        "SYNTHETIC PAYER", "SYNP1", "SYNTHETIC PRACTICE", "9999900001", date(2026, 1, 5), tuple(claim_list)
    )
    text = _perturb(write_835(remit), data.draw)
    raw = text.encode("utf-8")
    why = route(raw)
    event("fast path" if why == "fast" else f"declined: {why}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.835"
        path.write_bytes(raw)
        assert_same_batch(*both([path], unmask=unmask))


# --- The number parser ------------------------------------------------------------------------------


def _parse(values: list[str]) -> np.ndarray:
    text = "|".join(values).encode("ascii")
    starts, ends, at = [], [], 0
    for value in values:
        starts.append(at)
        ends.append(at + len(value))
        at += len(value) + 1
    return _Bytes(text, b"").numbers(np.array(starts), np.array(ends), "test")


@given(
    st.lists(
        st.integers(0, 6).flatmap(lambda places: st.decimals(-(10**8), 10**8, places=places)), max_size=20
    )
)
def test_decimals_parse_to_exactly_what_float_gives(values):
    texts = [str(v) for v in values if "E" not in str(v)]
    parsed = _parse(texts)
    for text, number in zip(texts, parsed, strict=True):
        expected = float(text)
        assert number == expected and math.copysign(1, number) == math.copysign(1, expected), text


@given(st.from_regex(r"[+-]?[0-9]{0,6}(\.[0-9]{0,6})?", fullmatch=True))
def test_short_decimals_with_signs_and_bare_points(text):
    try:
        expected = float(text)
    except ValueError:
        with pytest.raises(Unhandled):
            _parse([text or "x"])
        return
    assert _parse([text])[0] == expected


@pytest.mark.parametrize("text", ["1e2", " 5", "5 ", "1_0", "nan", "inf", "1.2.3", "-", "12345678901234567"])
def test_numbers_float_reads_differently_or_not_at_all_are_declined(text):
    with pytest.raises(Unhandled):
        _parse([text])
