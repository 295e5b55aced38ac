"""The patient and the care team: who the case is about and who can write for them."""

from __future__ import annotations

from pydantic import Field

from mhnotebook.models.base import CaseModel, Day
from mhnotebook.models.codes import NPI
from mhnotebook.models.vocab import ProviderRole


class Contact(CaseModel):
    """How to reach the patient (or their representative) about the case."""

    phone: str | None = Field(None, description="Phone number for calls about the case.")
    email: str | None = Field(None, description="Email address, if the patient wants email.")
    address: str | None = Field(None, description="Mailing address (plans still send notices by mail).")
    preferred: str | None = Field(
        None, description="Preferred way and time to be contacted, e.g. 'text after 5 pm'."
    )


class Patient(CaseModel):
    """The member whose care was denied. Protected health information: stays on this machine."""

    name: str = Field(..., min_length=1, description="Patient's full legal name, as on the insurance card.")
    date_of_birth: Day | None = Field(
        None, description="Date of birth (YYYY-MM-DD); plans match members by it."
    )
    age: int | None = Field(
        None,
        ge=0,
        le=130,
        description="Age in years when date of birth is not known or not to be shared.",
    )
    gender: str | None = Field(None, description="Gender as the patient describes it.")
    pronouns: str | None = Field(None, description="Pronouns to use in letters, e.g. 'she/her', 'they/them'.")
    member_id: str | None = Field(None, description="Member ID from the insurance card.")
    group_number: str | None = Field(
        None, description="Group number from the insurance card (employer plans)."
    )
    contact: Contact | None = Field(None, description="How to reach the patient about this case.")


class Representative(CaseModel):
    """Someone who acts for the patient (a parent, a family member, an advocate) in the appeal.

    Plans talk to a representative only with a signed designation on file; the letters include one.
    """

    name: str = Field(..., min_length=1, description="Representative's full name.")
    relationship: str | None = Field(
        None, description="Relationship to the patient, e.g. 'mother', 'daughter', 'patient advocate'."
    )
    phone: str | None = Field(None, description="Phone number for the plan to call.")
    email: str | None = Field(None, description="Email address.")
    address: str | None = Field(None, description="Mailing address for plan notices.")
    authorization_on_file: bool | None = Field(
        None, description="Has the plan received a signed authorized-representative form?"
    )
    authorization_date: Day | None = Field(None, description="Date the designation was signed.")


class Provider(CaseModel):
    """A treating clinician or program: every member of the care team can sign a letter."""

    name: str = Field(..., min_length=1, description="Clinician's or program's name.")
    credentials: str | None = Field(
        None,
        description="Degrees and certifications after the name, e.g. 'MD, board-certified psychiatrist'.",
    )
    licence_type: str | None = Field(
        None, description="Licence that authorizes practice, e.g. 'Physician (MD)', 'LCSW', 'LPC', 'PMHNP'."
    )
    npi: NPI | None = Field(None, description="10-digit National Provider Identifier.")
    specialty: str | None = Field(
        None, description="Clinical specialty, e.g. 'child and adolescent psychiatry'."
    )
    organization: str | None = Field(
        None, description="Practice, program or facility the clinician works for."
    )
    role: ProviderRole = Field(
        ProviderRole.treating_clinician, description="What this provider does in the patient's care."
    )
    address: str | None = Field(None, description="Office address for the letterhead and the plan.")
    phone: str | None = Field(None, description="Phone number the plan's reviewer can call (peer-to-peer).")
    fax: str | None = Field(None, description="Fax number, for plans that reply by fax.")
