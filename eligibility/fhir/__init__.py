"""The FHIR R4 side of the eligibility API: the terms it defines, reading requests, writing answers."""
