"""The FHIR R4 eligibility endpoints for clinic systems: thin callers of reading, selectors,
services and writing.

    POST /fhir/r4/CoverageEligibilityRequest   one request, or a batch Bundle of them
    POST /fhir/r4                              a batch Bundle (FHIR's batch at the base)
    GET  /fhir/r4/metadata                     the CapabilityStatement (no key needed)

Every call through the POST endpoints is audited (services.record_call): one row per checked
person, or one row for a call refused as a whole.
"""

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from msqory.ratelimit import hit, wait_message

from . import selectors, services
from .authentication import ClinicKeyAuthentication
from .errors import FhirError
from .fhir import reading, writing
from .fhir.terms import FHIR_JSON, IIN_SYSTEM
from .models import Outcome


class FhirJSONParser(JSONParser):
    media_type = FHIR_JSON

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise FhirError(
                _("The request is too large."),
                http_status=413,
                issue="too-costly",
                outcome=Outcome.TOO_LARGE,
            )
        return super().parse(stream, media_type, parser_context)


class PlainJSONParser(FhirJSONParser):
    media_type = "application/json"


class FhirJSONRenderer(JSONRenderer):
    media_type = FHIR_JSON


class FhirView(APIView):
    """FHIR JSON in and out; every refusal an OperationOutcome."""

    parser_classes = [FhirJSONParser, PlainJSONParser]
    renderer_classes = [FhirJSONRenderer, JSONRenderer]
    authentication_classes: list = []
    permission_classes: list = []

    def handle_exception(self, exc):
        error = _as_fhir_error(exc)
        if error is None:
            return super().handle_exception(exc)
        if not isinstance(exc, DatabaseError):  # nothing can be recorded without the database
            self.audit_refusal(error)
        return Response(
            writing.operation_outcome(error=error),
            status=error.http_status,
            headers=error.headers,
        )

    def audit_refusal(self, error: FhirError) -> None:
        """Calls answered by the metadata endpoint are not checks: nothing to audit."""


def _as_fhir_error(exc) -> FhirError | None:
    if isinstance(exc, FhirError):
        return exc
    if isinstance(exc, exceptions.ParseError):
        return FhirError(
            _("The body is not valid JSON."), issue="structure", diagnostics=str(exc.detail)
        )
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return FhirError(
            _("Send FHIR JSON (Content-Type: application/fhir+json)."),
            http_status=415,
            issue="not-supported",
        )
    if isinstance(exc, exceptions.NotAcceptable):
        return FhirError(
            _("The answer is FHIR JSON (application/fhir+json)."),
            http_status=406,
            issue="not-supported",
        )
    if isinstance(exc, exceptions.MethodNotAllowed):
        return FhirError(
            _("This method is not allowed here."), http_status=405, issue="not-supported"
        )
    if isinstance(exc, DatabaseError):
        return FhirError(
            _("The registry cannot be reached just now. Please try again in a minute."),
            http_status=503,
            issue="transient",
        )
    return None


OUTCOME = OpenApiResponse(OpenApiTypes.OBJECT, description="FHIR OperationOutcome")
RESPONSES = {
    200: OpenApiResponse(
        OpenApiTypes.OBJECT, description="CoverageEligibilityResponse, or a batch-response Bundle"
    ),
    **dict.fromkeys([400, 401, 403, 405, 406, 413, 415, 429, 503], OUTCOME),
}
FHIR_BODY = {FHIR_JSON: OpenApiTypes.OBJECT, "application/json": OpenApiTypes.OBJECT}
REQUEST_EXAMPLE = {
    "resourceType": "CoverageEligibilityRequest",
    "status": "active",
    "purpose": ["validation", "benefits"],
    "patient": {"identifier": {"system": IIN_SYSTEM, "value": "900101300017"}},
    "servicedDate": "2026-11-20",
    "created": "2026-11-20",
    "insurer": {"display": "Social Health Insurance Fund"},
}


class CoverageEligibilityView(FhirView):
    authentication_classes = [ClinicKeyAuthentication]
    # The base endpoint takes FHIR's batch Bundle only.
    bundles_only = False

    @extend_schema(
        operation_id="fhir_coverage_eligibility",
        summary="FHIR R4 coverage eligibility (one request or a batch)",
        description=(
            "Body: a FHIR R4 CoverageEligibilityRequest (purpose validation or benefits; the "
            f"patient named by an identifier of system {IIN_SYSTEM}, directly or in a "
            "contained Patient; an optional servicedDate or servicedPeriod within the last "
            "ELIGIBILITY_LOOKBACK_MONTHS months (12) or today), or a Bundle of type batch of "
            "up to ELIGIBILITY_BATCH_LIMIT (100) of them. Answer: a "
            "CoverageEligibilityResponse (insurance[0].inforce: insured or exempt in the "
            "serviced month; insurance[0].item: the MSHI package and GVFMC, each with "
            "excluded; disposition in the Accept-Language language, kk, ru or en), or a "
            "batch-response Bundle. Errors are FHIR OperationOutcome resources: 400 not FHIR, "
            "wrong resource type, invalid IIN or serviced date out of range; 401 no valid key; "
            "403 key revoked or clinic without a Fund contract; 413 batch over the limit; "
            "429 over the key's rate limit, with Retry-After; 503 no status rule published. "
            "Authorization: Bearer <the clinic's API key>. GET /fhir/r4/metadata describes "
            "the same as a CapabilityStatement."
        ),
        request=FHIR_BODY,
        examples=[OpenApiExample("One request", value=REQUEST_EXAMPLE, request_only=True)],
        responses=RESPONSES,
        tags=["fhir"],
    )
    def post(self, request):
        key = request.auth
        envelope = reading.read_envelope(request.data, batch_limit=settings.ELIGIBILITY_BATCH_LIMIT)
        if self.bundles_only and not envelope.batch:
            raise FhirError(
                _("Post a batch Bundle here, or a single request to CoverageEligibilityRequest."),
                issue="not-supported",
            )
        _throttle(request, key=key, cost=max(1, len(envelope.entries)))
        today = selectors.today()
        earliest = reading.earliest_serviced(
            today=today, lookback_months=settings.ELIGIBILITY_LOOKBACK_MONTHS
        )
        questions = [
            self._question(entry, batch=envelope.batch, today=today, earliest=earliest)
            for entry in envelope.entries
        ]
        answered = list(zip(questions, _entitlements(questions), strict=True))
        rows = services.record_call(
            key=key, records=[_audit_record(q, entitlement) for q, entitlement in answered]
        )
        answers = [
            writing.eligibility_response(
                question=question, entitlement=entitlement, reference=row.reference
            )
            if entitlement
            else question  # the entry's FhirError
            for (question, entitlement), row in zip(answered, rows, strict=True)
        ]
        if envelope.batch:
            return Response(writing.batch_response(answers=answers))
        return Response(answers[0])

    @staticmethod
    def _question(entry: reading.Entry, *, batch: bool, today, earliest):
        """The entry's question; in a batch, a bad entry's error stands in its place."""
        if entry.error is not None:
            return entry.error
        try:
            return reading.read_question(
                entry.resource, today=today, earliest=earliest, full_url=entry.full_url
            )
        except FhirError as error:
            if not batch:
                raise
            return error

    def audit_refusal(self, error: FhirError) -> None:
        services.record_call(
            key=getattr(self.request, "clinic_key", None),
            records=[services.CheckRecord(outcome=error.outcome, http_status=error.http_status)],
        )


def _throttle(request, *, key, cost: int) -> None:
    """Count `cost` requests to the key's own limit (each entry of a batch is one); 429 over it."""
    wait = hit(
        request,
        scope="fhir-eligibility",
        rate=f"{key.requests_per_minute}/min",
        client=key.prefix,
        cost=cost,
    )
    if wait is not None:
        raise FhirError(
            wait_message(wait),
            http_status=429,
            issue="throttled",
            outcome=Outcome.RATE_LIMITED,
            headers={"Retry-After": str(wait)},
        )


def _entitlements(questions: list) -> list[selectors.Entitlement | None]:
    """Each question's entitlement, looked up together (None for an entry's error)."""
    asked = [(q.iin, q.months) for q in questions if isinstance(q, reading.Question)]
    try:
        found = iter(selectors.entitlements(asked=asked))
    except selectors.MISSING_RULE as error:
        raise FhirError(
            str(error), http_status=503, issue="transient", outcome=Outcome.NO_RULE
        ) from None
    return [next(found) if isinstance(q, reading.Question) else None for q in questions]


def _audit_record(question, entitlement) -> services.CheckRecord:
    if entitlement is None:  # the entry's FhirError
        return services.CheckRecord(outcome=question.outcome, http_status=question.http_status)
    return services.CheckRecord(
        outcome=Outcome.ENTITLED if entitlement.mshi_package else Outcome.NOT_ENTITLED,
        http_status=200,
        iin=question.iin,
        months=question.months,
    )


class BatchView(CoverageEligibilityView):
    bundles_only = True

    @extend_schema(
        operation_id="fhir_batch",
        summary="FHIR R4 batch of coverage eligibility requests",
        description=(
            "The same as POST /fhir/r4/CoverageEligibilityRequest with a Bundle of type "
            "batch, at FHIR's base endpoint."
        ),
        request=FHIR_BODY,
        responses=RESPONSES,
        tags=["fhir"],
    )
    def post(self, request):
        return super().post(request)


@extend_schema(exclude=True)  # the same operation as BatchView's, described once
class BatchWithSlashView(BatchView):
    """The FHIR base written with a trailing slash."""


class MetadataView(FhirView):
    @extend_schema(
        operation_id="fhir_metadata",
        summary="FHIR R4 CapabilityStatement of the eligibility API",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="CapabilityStatement")},
        tags=["fhir"],
    )
    def get(self, request):
        today = selectors.today()
        base = request.build_absolute_uri(request.path.rsplit("/", 1)[0])
        return Response(
            writing.capability_statement(
                base_url=base,
                batch_limit=settings.ELIGIBILITY_BATCH_LIMIT,
                earliest=reading.earliest_serviced(
                    today=today, lookback_months=settings.ELIGIBILITY_LOOKBACK_MONTHS
                ),
                today=today,
            )
        )
