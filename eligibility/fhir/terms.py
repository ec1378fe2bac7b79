"""The URIs and codes the eligibility API defines, each once: clients, the CapabilityStatement
and the answers all name these."""

FHIR_VERSION = "4.0.1"
FHIR_JSON = "application/fhir+json"

# The identifier system of a patient's IIN (individual identification number). Clients name
# the patient by it, in `patient.identifier` or in a contained Patient's `identifier`.
IIN_SYSTEM = "https://msqory.kz/fhir/sid/iin"
# The Fund's record of a received request (the `reference` of its audit row).
CHECK_SYSTEM = "https://msqory.kz/fhir/sid/eligibility-check"
# The benefit categories of `insurance[0].item[].category`.
BENEFIT_SYSTEM = "https://msqory.kz/fhir/CodeSystem/benefit-package"
MSHI_PACKAGE = "mshi-package"
GVFMC = "gvfmc"

# `purpose` values this API answers (FHIR's eligibilityrequest-purpose codes).
ANSWERED_PURPOSES = frozenset({"validation", "benefits"})
