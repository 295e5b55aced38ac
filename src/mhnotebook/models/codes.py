"""Shapes of the codes a case carries: claim adjustment and remark codes, diagnoses, procedures, NPIs.

Only the *shape* is checked here (a typo is caught at the edge); what a code means lives in the rule
tables, with our own labels, never licensed descriptor text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from mhnotebook.models.base import TypeLabel
from mhnotebook.models.vocab import CodeSystem

#: Claim adjustment group codes: who owes. CR (correction/reversal) exists only in 4010 files.
GROUP_CODES = ("CO", "PR", "OA", "PI", "CR")

_CARC = re.compile(r"^(?:(?P<group>CO|PR|OA|PI|CR)-)?(?P<reason>[ABDPWY]\d{1,2}|\d{1,3})$")
_RARC = re.compile(r"^(?:MA|N|M)\d{1,3}$")
_ICD10CM = re.compile(r"^(?P<cat>[A-Z]\d[0-9A-Z])(?:\.?(?P<ext>[0-9A-Z]{1,4}))?$")
_CPT = re.compile(r"^\d{4}[0-9FTU]$")
_HCPCS = re.compile(r"^[A-V]\d{4}$")
_REVENUE = re.compile(r"^\d{4}$")


def _upper_stripped(value: object) -> object:
    return value.strip().upper().replace(" ", "") if isinstance(value, str) else value


@lru_cache(maxsize=4096)
def split_adjustment_code(code: str) -> tuple[str | None, str]:
    """Split ``CO-50`` into ``("CO", "50")``; a bare reason code gives ``(None, "50")``."""
    match = _CARC.match(code)
    if not match:
        raise ValueError(f"{code!r} is not a claim adjustment reason code")
    return match["group"], match["reason"]


@lru_cache(maxsize=4096)
def is_remark_code(code: str) -> bool:
    """RARCs (N115, M127, MA130) add detail to a CARC; they never carry a group code."""
    return bool(_RARC.match(code))


def _check_denial_code(code: str) -> str:
    if _RARC.match(code) or _CARC.match(code):
        return code
    raise ValueError(
        "expected a claim adjustment reason code with its group code (CO-50, PR-204, OA-18) "
        "or a remark code (N115, M127, MA130)"
    )


def _check_diagnosis(code: str) -> str:
    match = _ICD10CM.match(code)
    if not match:
        raise ValueError("expected an ICD-10-CM code such as F33.2 or F10.239")
    return match["cat"] + (f".{match['ext']}" if match["ext"] else "")


def infer_code_system(code: str) -> CodeSystem:
    """Tell CPT (5 characters), HCPCS (letter + 4 digits) and revenue codes (4 digits) apart."""
    if _CPT.match(code):
        return CodeSystem.cpt
    if _HCPCS.match(code):
        return CodeSystem.hcpcs
    if _REVENUE.match(code):
        return CodeSystem.revenue
    raise ValueError(
        "expected a CPT code (5 digits, e.g. 90837), a HCPCS code (a letter and 4 digits, "
        "e.g. H0015) or a revenue code (4 digits, e.g. 0905)"
    )


def _check_procedure(code: str) -> str:
    infer_code_system(code)
    return code


def _check_modifier(code: str) -> str:
    if not re.fullmatch(r"[0-9A-Z]{2}", code):
        raise ValueError("expected a two-character modifier such as 95, 93, GT or HO")
    return code


def _check_place_of_service(code: object) -> object:
    if isinstance(code, int) and 0 < code < 100:
        return f"{code:02d}"
    if isinstance(code, str) and re.fullmatch(r"\d{2}", code.strip()):
        return code.strip()
    raise ValueError("expected a two-digit place-of-service code such as 11 (office) or 10 (home)")


def npi_check_digit_ok(npi: str) -> bool:
    """Luhn check over the NPI with the 80840 health-industry prefix (CMS NPI check digit)."""
    digits = [int(d) for d in "80840" + npi]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 1:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return total % 10 == 0


def _check_npi(npi: object) -> object:
    if isinstance(npi, int):
        npi = str(npi)
    if not isinstance(npi, str) or not re.fullmatch(r"\d{10}", npi.strip()):
        raise ValueError("expected a National Provider Identifier: exactly 10 digits")
    npi = npi.strip()
    if not npi_check_digit_ok(npi):
        raise ValueError("this NPI's check digit does not match: look for a mistyped digit")
    return npi


def _check_ndc(value: object) -> object:
    digits = str(value).replace("-", "").strip()
    if not re.fullmatch(r"\d{10,11}", digits):
        raise ValueError("expected a National Drug Code: 10 or 11 digits, e.g. 12345-6789-01")
    return str(value).strip()


def _check_reject_code(value: object) -> object:
    code = str(value).strip().upper()
    if not re.fullmatch(r"[0-9A-Z]{1,3}", code):
        raise ValueError("expected an NCPDP reject code: 1 to 3 letters or digits, e.g. 76")
    return code


DenialCode = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) else v),
    BeforeValidator(_upper_stripped),
    AfterValidator(_check_denial_code),
    TypeLabel("CARC with group code (CO-50) or RARC (N115)"),
]
DiagnosisCode = Annotated[
    str, BeforeValidator(_upper_stripped), AfterValidator(_check_diagnosis), TypeLabel("ICD-10-CM code")
]
ProcedureCode = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) else v),
    BeforeValidator(_upper_stripped),
    AfterValidator(_check_procedure),
    TypeLabel("CPT, HCPCS or revenue code"),
]
Modifier = Annotated[
    str,
    BeforeValidator(lambda v: f"{v:02d}" if isinstance(v, int) else v),
    BeforeValidator(_upper_stripped),
    AfterValidator(_check_modifier),
    TypeLabel("two-character modifier"),
]
PlaceOfService = Annotated[
    str, BeforeValidator(_check_place_of_service), TypeLabel("two-digit place-of-service code")
]
NPI = Annotated[str, BeforeValidator(_check_npi), TypeLabel("NPI (10 digits)")]
NDC = Annotated[str, BeforeValidator(_check_ndc), TypeLabel("National Drug Code (10 or 11 digits)")]
RejectCode = Annotated[str, BeforeValidator(_check_reject_code), TypeLabel("NCPDP reject code")]
