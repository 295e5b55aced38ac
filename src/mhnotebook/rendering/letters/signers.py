"""Who signs a clinician's letter: the provider named, or the one a reviewer most wants to hear from."""

from __future__ import annotations

from mhnotebook.errors import LetterError
from mhnotebook.models import Case, Provider
from mhnotebook.models.vocab import ProviderRole

#: Who signs when the caller names nobody: the clinician a reviewer most wants to hear from first.
_SIGNER_ORDER = (
    ProviderRole.attending_physician,
    ProviderRole.treating_clinician,
    ProviderRole.prescriber,
    ProviderRole.therapist,
    ProviderRole.supervisor,
    ProviderRole.care_coordinator,
    ProviderRole.other,
    ProviderRole.program,
    ProviderRole.facility,
)


_ORGANIZATIONS = (ProviderRole.program, ProviderRole.facility)


def choose_signer(case: Case, signer: Provider | str | None) -> Provider | None:
    """The provider who signs: the one given (object, name or NPI), else a clinician who gave the care.

    With nobody named, a clinician who rendered the denied service lines signs (the therapist for
    denied psychotherapy, not the prescriber); when only a program rendered them, the first clinician
    by role (attending physician, treating clinician, prescriber, therapist...).
    """
    if isinstance(signer, Provider):
        return signer
    if isinstance(signer, str):
        wanted = signer.strip().lower()
        for provider in case.providers:
            if provider.name.lower() == wanted or (provider.npi and provider.npi == signer.strip()):
                return provider
        known = ", ".join(p.name for p in case.providers) or "none in the case"
        raise LetterError(f"no provider named {signer!r} in the case; providers: {known}")
    ranked = sorted(case.providers, key=lambda p: _SIGNER_ORDER.index(p.role))
    rendered = {
        line.rendering_provider.strip().lower() for line in case.service.lines if line.rendering_provider
    }
    for provider in ranked:
        named = {provider.name.lower(), (provider.npi or "").lower()}
        if provider.role not in _ORGANIZATIONS and named & rendered:
            return provider
    return ranked[0] if ranked else None
