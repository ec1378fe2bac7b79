"""The certificate API: issue one for an IIN (POST, under the lookup limit), and check a code or
fetch its PDF (GET, under the verification limit). Errors have the API's one shape."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from msqory.api import ERROR_SCHEMA, ApiError
from msqory.ratelimit import LookupThrottle
from status import selectors as status_selectors
from status.iin import parse_iin
from status.models import Care, Reason, Status

from . import pdf, selectors, services
from .codes import parse_code
from .limits import VerifyThrottle
from .models import Certificate, RevocationReason
from .views import pdf_response, pdf_unavailable_message

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class IssueRequestSerializer(serializers.Serializer):
    iin = serializers.CharField(allow_blank=True, trim_whitespace=True)
    language = serializers.ChoiceField(
        LANGUAGES, required=False, help_text="The PDF's language; the request's by default."
    )


IssueResponseSerializer = inline_serializer(
    "CertificateIssued",
    {
        "code": serializers.CharField(help_text="The verification code, e.g. K7Q2-9XDM-4HRA"),
        "issued_at": serializers.DateTimeField(),
        "verify_url": serializers.URLField(help_text="The public verification page (absolute)"),
        "pdf_url": serializers.CharField(help_text="Path of the PDF, for whoever holds the code"),
    },
)

VerificationResponseSerializer = inline_serializer(
    "CertificateVerification",
    {
        "code": serializers.CharField(),
        "valid": serializers.BooleanField(help_text="Issued by the Fund and not revoked"),
        "revoked": serializers.BooleanField(),
        "revoked_at": serializers.DateTimeField(allow_null=True),
        "revocation_reason": serializers.ChoiceField(RevocationReason.values, allow_null=True),
        "revocation_reason_text": serializers.CharField(allow_null=True),
        "iin": serializers.CharField(help_text="Masked except for the last four digits"),
        "issued_at": serializers.DateTimeField(),
        "as_of": serializers.DateField(help_text="The date the status on the certificate is of"),
        "status": serializers.ChoiceField(Status.values),
        "status_text": serializers.CharField(),
        "reason": serializers.ChoiceField(Reason.values),
        "reason_text": serializers.CharField(),
        "care": serializers.ChoiceField(Care.values),
        "same_status_today": serializers.BooleanField(
            allow_null=True,
            help_text=(
                "Whether the holder's status computed now is the status on the certificate; "
                "null when it cannot be said (revoked, or no status rule for today)"
            ),
        ),
        "verify_url": serializers.URLField(),
    },
)


def pdf_path(certificate: Certificate) -> str:
    return reverse("certificate-pdf", kwargs={"code": certificate.display_code})


def certificate_or_404(code: str) -> Certificate:
    certificate = selectors.certificate_by_code(code=code)
    if certificate is not None:
        return certificate
    if parse_code(code) is None:
        raise ApiError(
            "invalid_code",
            _(
                "This is not a certificate code: a code has 12 letters and digits, "
                "for example K7Q2-9XDM-4HRA."
            ),
            http_status=404,
        )
    raise ApiError("not_found", _("No certificate has this code."), http_status=404)


def verification_json(verification: selectors.Verification) -> dict:
    certificate = verification.certificate
    return {
        "code": certificate.display_code,
        "valid": not certificate.revoked,
        "revoked": certificate.revoked,
        "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
        "revocation_reason": certificate.revocation_reason or None,
        "revocation_reason_text": certificate.get_revocation_reason_display() or None,
        "iin": selectors.masked_iin(certificate.iin),
        "issued_at": certificate.issued_at.isoformat(),
        "as_of": certificate.as_of.isoformat(),
        "status": certificate.status,
        "status_text": certificate.get_status_display(),
        "reason": certificate.reason,
        "reason_text": certificate.get_reason_display(),
        "care": certificate.care,
        "same_status_today": verification.same_status_today,
        "verify_url": selectors.verify_url(certificate=certificate),
    }


def issue_request(data) -> tuple[str, str]:
    """The IIN and language asked for; 400 invalid_iin as the status API answers it."""
    request = IssueRequestSerializer(data=data)
    request.is_valid(raise_exception=True)
    iin = request.validated_data["iin"]
    try:
        parse_iin(iin)
    except ValidationError as exc:
        raise ApiError("invalid_iin", exc.messages[0]) from exc
    return iin, request.validated_data.get("language") or get_language()


class CertificateIssueView(APIView):
    throttle_classes = [LookupThrottle]

    @extend_schema(
        request=IssueRequestSerializer,
        responses={
            201: IssueResponseSerializer,
            400: ERROR_SCHEMA,
            429: ERROR_SCHEMA,
            503: ERROR_SCHEMA,
        },
        summary="Issue a status certificate",
        description=(
            "A certificate of the status of this IIN now: a one-page PDF (at pdf_url) in the "
            "language asked for, with a verification code and a QR code of verify_url. "
            "400 invalid_iin for an IIN that fails the check; 429 rate_limited (the status "
            "lookup's limit) with Retry-After; 503 no_rule while the Fund has not published a "
            "rule the status depends on."
        ),
    )
    def post(self, request):
        iin, language = issue_request(request.data)
        try:
            certificate = services.issue_certificate(iin=iin, language=language)
        except status_selectors.MISSING_RULE as error:
            raise ApiError("no_rule", str(error), http_status=503) from None
        body = {
            "code": certificate.display_code,
            "issued_at": certificate.issued_at.isoformat(),
            "verify_url": selectors.verify_url(certificate=certificate),
            "pdf_url": pdf_path(certificate),
        }
        return Response(body, status=201)


class CertificateVerificationView(APIView):
    throttle_classes = [VerifyThrottle]

    @extend_schema(
        responses={200: VerificationResponseSerializer, 404: ERROR_SCHEMA, 429: ERROR_SCHEMA},
        summary="Check a certificate",
        description=(
            "What the certificate said on its issue date, whether it was revoked, and whether "
            "the holder's status today is the same. The code may be typed in any case, with or "
            "without hyphens. 404 not_found for a code never issued, invalid_code for one that "
            "cannot be a code; 429 rate_limited with Retry-After (checks are limited per "
            "client, so that codes cannot be enumerated)."
        ),
    )
    def get(self, request, code: str):
        certificate = certificate_or_404(code)
        return Response(verification_json(selectors.verify(certificate=certificate)))


class ErrorsAsJSON(BaseContentNegotiation):
    """The PDF endpoint answers a PDF or a JSON error, whatever the client accepts."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CertificatePdfView(APIView):
    throttle_classes = [VerifyThrottle]
    content_negotiation_class = ErrorsAsJSON

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: ERROR_SCHEMA,
            410: ERROR_SCHEMA,
            429: ERROR_SCHEMA,
            503: ERROR_SCHEMA,
        },
        summary="A certificate's PDF",
        description=(
            "The same one-page PDF as issued, for whoever holds the code. 404 as for the check; "
            "410 revoked for a revoked certificate; 429 rate_limited (the check's limit); "
            "503 pdf_unavailable while this server cannot make PDFs."
        ),
    )
    def get(self, request, code: str):
        certificate = certificate_or_404(code)
        if certificate.revoked:
            raise ApiError("revoked", _("This certificate was revoked."), http_status=410)
        try:
            return pdf_response(certificate)
        except pdf.PdfUnavailable:
            raise ApiError("pdf_unavailable", pdf_unavailable_message(), http_status=503) from None
