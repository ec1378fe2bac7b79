"""Who may be attached, for which reasons, on which documents (docs/domain.md §7, ҚР ДСМ-194/2020).

These are the attachment rules by residency category, shared by the service (which enforces
them) and the registrar's form (which shows the checklist).
"""

from django.utils.translation import gettext_lazy as _

from status.models import Residency

from .models import Document, Reason

# Categories that are never attached, with the reason the registrar and the person are shown.
NOT_ATTACHABLE = {
    Residency.FOREIGNER_NO_PERMIT: _(
        "Foreigners from outside the CIS without a residence permit cannot be attached to a "
        "polyclinic. They receive free care (GVFMC) only for diseases dangerous to others, and "
        "emergency care if their country has an agreement with Kazakhstan; other care is paid."
    ),
}

# Documents every attachment of a person in this category needs.
DOCUMENTS_BY_RESIDENCY = {
    Residency.CITIZEN: {Document.IDENTITY},
    Residency.KANDAS: {Document.IDENTITY, Document.KANDAS_CERTIFICATE},
    Residency.REFUGEE: {Document.REFUGEE_CERTIFICATE},
    Residency.RESIDENCE_PERMIT: {Document.RESIDENCE_PERMIT},
    # By written application at the clinic, with the passport and the insurance contract.
    Residency.EAEU_LABOUR_MIGRANT: {
        Document.IDENTITY,
        Document.INSURANCE_CONTRACT,
        Document.APPLICATION,
    },
    Residency.CIS_NO_PERMIT: {Document.IDENTITY, Document.APPLICATION},
}

# Extra documents by reason; a newborn's birth certificate stands in for the identity card.
DOCUMENTS_BY_REASON = {
    Reason.NEWBORN: {Document.BIRTH_CERTIFICATE},
    Reason.RESIDENCE_CHANGE: {Document.PROOF_OF_ADDRESS},
}
REPLACED_BY_REASON = {Reason.NEWBORN: {Document.IDENTITY}}

# EAEU labour migrants attach only on their insurance contract, and only they do.
CONTRACT_CATEGORIES = {Residency.EAEU_LABOUR_MIGRANT}


def required_documents(*, residency: str, reason: str) -> list[str]:
    """The documents a registrar must have seen, in the checklist's order."""
    needed = set(DOCUMENTS_BY_RESIDENCY.get(residency, set()))
    needed -= REPLACED_BY_REASON.get(reason, set())
    needed |= DOCUMENTS_BY_REASON.get(reason, set())
    return [code for code in Document.values if code in needed]


def allowed_reasons(*, residency: str) -> list[str]:
    if residency in NOT_ATTACHABLE:
        return []
    if residency in CONTRACT_CATEGORIES:
        return [Reason.MIGRANT_CONTRACT]
    return [code for code in Reason.values if code != Reason.MIGRANT_CONTRACT]
