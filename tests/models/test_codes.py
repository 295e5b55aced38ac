"""Code shapes: what a case file may say, normalized the way remittances print it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from mhnotebook.models.codes import (
    NPI,
    DenialCode,
    DiagnosisCode,
    Modifier,
    PlaceOfService,
    ProcedureCode,
    infer_code_system,
    npi_check_digit_ok,
    split_adjustment_code,
)
from mhnotebook.models.vocab import CodeSystem


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("co-50", "CO-50"),
        (" PR-119 ", "PR-119"),
        ("n115", "N115"),
        ("MA130", "MA130"),
        (197, "197"),
        ("CO-B7", "CO-B7"),
    ],
)
def test_denial_codes_are_normalized(raw, clean):
    assert TypeAdapter(DenialCode).validate_python(raw) == clean


@pytest.mark.parametrize("raw", ["X12", "CO50", "ZZ-50", "CO-5000", "N", "", "CO-"])
def test_malformed_denial_codes_are_refused(raw):
    with pytest.raises(ValidationError):
        TypeAdapter(DenialCode).validate_python(raw)


def test_adjustment_code_splits_into_group_and_reason():
    assert split_adjustment_code("CO-50") == ("CO", "50")
    assert split_adjustment_code("197") == (None, "197")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("f332", "F33.2"), ("F10.239", "F10.239"), ("R45.851", "R45.851"), ("F84.0", "F84.0"), ("F50", "F50")],
)
def test_diagnosis_codes_get_their_dot(raw, clean):
    assert TypeAdapter(DiagnosisCode).validate_python(raw) == clean


@pytest.mark.parametrize(
    ("code", "system"),
    [
        ("90837", CodeSystem.cpt),
        ("H0015", CodeSystem.hcpcs),
        ("0905", CodeSystem.revenue),
        ("S9480", CodeSystem.hcpcs),
        ("99214", CodeSystem.cpt),
    ],
)
def test_code_system_is_inferred_from_the_shape(code, system):
    assert infer_code_system(code) == system
    assert TypeAdapter(ProcedureCode).validate_python(code) == code


@pytest.mark.parametrize("raw", ["9083X", "908377", "ABCDE", "0"])
def test_unshaped_procedure_codes_are_refused(raw):
    with pytest.raises(ValidationError):
        TypeAdapter(ProcedureCode).validate_python(raw)


def test_modifiers_and_place_of_service_accept_numbers_from_yaml():
    assert TypeAdapter(Modifier).validate_python(95) == "95"
    assert TypeAdapter(PlaceOfService).validate_python(2) == "02"
    assert TypeAdapter(PlaceOfService).validate_python("10") == "10"
    with pytest.raises(ValidationError):
        TypeAdapter(PlaceOfService).validate_python("home")


def test_npi_check_digit_follows_the_cms_luhn_rule():
    # CMS's published worked example: 123456789 gets check digit 3.
    assert npi_check_digit_ok("1234567893")
    assert not npi_check_digit_ok("1234567890")
    assert TypeAdapter(NPI).validate_python(1234567893) == "1234567893"
    with pytest.raises(ValidationError, match="check digit"):
        TypeAdapter(NPI).validate_python("1234567890")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_exactly_one_check_digit_completes_any_npi_stem(stem):
    assert sum(npi_check_digit_ok(stem + str(d)) for d in range(10)) == 1
