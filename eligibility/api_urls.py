"""The FHIR R4 endpoints of the eligibility API under /fhir/r4 (the base, as FHIR clients write
it, with or without a trailing slash; no language prefix: clients say their language in
Accept-Language)."""

from django.urls import path

from .api import BatchView, BatchWithSlashView, CoverageEligibilityView, MetadataView

BASE = "fhir/r4"

urlpatterns = [
    path(BASE, BatchView.as_view(), name="fhir-batch"),
    path(f"{BASE}/", BatchWithSlashView.as_view()),
    path(f"{BASE}/metadata", MetadataView.as_view(), name="fhir-metadata"),
    path(
        f"{BASE}/CoverageEligibilityRequest",
        CoverageEligibilityView.as_view(),
        name="fhir-coverage-eligibility",
    ),
]
