"""Synthetic 835s: the shipped samples match the cases they come from, and a write-read round trip."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from mhnotebook.analytics.remits.reader import read_835_rows, read_remittances
from mhnotebook.analytics.remits.synthetic import (
    SynthClaim,
    SynthLine,
    SynthRemit,
    sample_remits,
    synthetic_practice_frames,
    write_835,
)
from mhnotebook.paths import sample_case_paths, samples_dir
from mhnotebook.validation import load_case


def test_shipped_sample_remits_are_exactly_what_the_generator_writes_today():
    folder = samples_dir() / "remits"
    expected = sample_remits()
    shipped = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.835")}
    assert shipped == expected, "regenerate data/samples/remits (see its README)"


def test_every_sample_case_with_dated_lines_has_a_remit_marked_as_test_data():
    cases = [p for p in sample_case_paths() if any(line.date for line in load_case(p).service.lines)]
    texts = sample_remits()
    assert {f"{p.stem}.835" for p in cases} == set(texts)
    for text in texts.values():
        assert text.startswith("ISA*") and "*SYNTHETIC      *" in text
        assert text.splitlines()[0].split("*")[15] == "T"


def test_sample_remits_carry_each_case_s_codes_and_charges():
    batch = read_remittances([samples_dir() / "remits"], progress=False)
    assert batch.errors == []
    claims = batch.claims.set_index(batch.claims["file"].str.rsplit("/", n=1).str[-1])
    for path in sample_case_paths():
        name = f"{path.stem}.835"
        if name not in claims.index:
            continue
        case = load_case(path)
        lines = [line for line in case.service.lines if line.date]
        given_charges = [line.charge for line in lines if line.charge is not None]
        if len(given_charges) == len(lines):
            assert claims.loc[name, "charge"] == round(sum(given_charges), 2)
        claim_id = claims.loc[name, "claim_id"]
        found = batch.adjustments[batch.adjustments["claim_id"] == claim_id]
        written = set(found["group"] + "-" + found["carc"])
        line_codes = {str(c) for line in lines for c in line.codes if "-" in str(c)}
        case_codes = {str(c) for c in (case.denial.codes if case.denial else []) if "-" in str(c)}
        expected = line_codes or case_codes or {"CO-45"}  # no codes: paid with a write-down
        assert expected <= written


amounts = st.decimals(min_value=0, max_value=99999, places=2).map(float)


@st.composite
def claims(draw) -> SynthClaim:
    n = draw(st.integers(1, 5))
    lines = []
    for _ in range(n):
        charge = draw(amounts)
        paid = round(draw(st.floats(0, 1)) * charge, 2)
        codes = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["CO", "PR", "OA", "PI"]),
                    st.sampled_from(["45", "50", "197", "2", "16", "A1"]),
                ),
                max_size=8,
            )
        )
        adjustments = tuple((g, c, draw(amounts)) for g, c in codes)
        rarcs = tuple(draw(st.lists(st.sampled_from(["N10", "M77", "N130", "MA92"]), max_size=3)))
        lines.append(SynthLine(code=draw(st.sampled_from(["90837", "H0015", "S9480"])), charge=charge, paid=paid,
                               service_date=draw(st.dates(date(2000, 1, 1), date(2030, 12, 31))),
                               adjustments=adjustments, rarcs=rarcs))  # fmt: skip
    return SynthClaim(account=draw(st.from_regex(r"[A-Z0-9]{1,12}", fullmatch=True)), status=draw(st.sampled_from(["1", "2", "4", "22"])), lines=tuple(lines))  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(claims(), min_size=1, max_size=6))
def test_what_the_generator_writes_the_reader_reads_back(claim_list):
    remit = SynthRemit(
        "SYNTHETIC PAYER", "SYNP1", "SYNTHETIC PRACTICE", "9999900001", date(2026, 1, 5), tuple(claim_list)
    )
    rows = read_835_rows(write_835(remit), "generated.835", unmask=True)
    assert rows.warnings == []
    assert [c[10] for c in rows.claims] == [c.account for c in claim_list]
    assert [c[11] for c in rows.claims] == [c.status for c in claim_list]
    written_lines = [line for c in claim_list for line in c.lines]
    assert [line[7] for line in rows.lines] == [line.charge for line in written_lines]
    assert [line[8] for line in rows.lines] == [line.paid for line in written_lines]
    expected_adjustments = sorted((g, c, a) for line in written_lines for g, c, a in line.adjustments)
    assert sorted((a[4], a[5], a[6]) for a in rows.adjustments) == expected_adjustments
    for line_row, line in zip(rows.lines, written_lines, strict=True):
        assert line_row[-2] == ",".join(line.rarcs)


def test_practice_frames_are_reproducible_and_sized_as_asked():
    first = synthetic_practice_frames(1000, seed=3)
    second = synthetic_practice_frames(1000, seed=3)
    assert len(first[1]) == 1000 and len(first[2]) == 1000
    assert first[1]["charge"].equals(second[1]["charge"])
