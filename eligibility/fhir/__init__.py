"""The FHIR R4 side of the eligibility API: its terms, reading requests, writing answers."""
