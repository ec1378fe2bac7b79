"""What every endpoint of the JSON API shares: one error shape, in the reader's language.

Errors are `{"error": {"code": "...", "message": "...", "fields": {...}}}`; the message is in the
request's language (Accept-Language, or the URL prefix) because LocaleMiddleware activated it.
Every error is answered so, 404, 405, 415, 429, 500 and 503 included (those outside DRF's views
by msqory/error_responses.py), and the schema documents them on every operation
(`document_common_errors`). The database being unreachable is 503 `unavailable` with
Retry-After.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from . import error_responses, ratelimit
from .errors import DomainError

# The error answer's shape, for the OpenAPI schema of every endpoint.
ERROR_SCHEMA = inline_serializer(
    "Error",
    {
        "error": inline_serializer(
            "ErrorBody",
            {
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "fields": serializers.DictField(required=False),
            },
        )
    },
)


def error_response(code: str, message: str, *, http_status: int = 400, fields=None, headers=None):
    body = {"code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    return Response({"error": body}, status=http_status, headers=headers)


class ApiError(DomainError, exceptions.APIException):
    """Raise from a view for an error of the API itself with its own code, e.g. invalid_iin."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, code: str, message: str, *, http_status: int = 400):
        exceptions.APIException.__init__(self, detail=message, code=code)
        self.code, self._message = code, message
        self.status_code = self.http_status = http_status


def exception_handler(exc, context):
    """Every error the API answers, in one shape; any DomainError (a missing rule, a refused
    step) with its code, its message in the reader's language and its http_status."""
    if isinstance(exc, DomainError) and not isinstance(exc, exceptions.APIException):
        return error_response(exc.code, exc.message, http_status=exc.http_status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=exceptions.get_error_detail(exc))
    if isinstance(exc, exceptions.ValidationError):
        return _validation_error(exc)
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 60)
        return error_response(
            "rate_limited",
            ratelimit.wait_message(wait),
            http_status=429,
            headers={"Retry-After": str(wait)},
        )
    if isinstance(exc, error_responses.DATABASE_UNAVAILABLE):
        set_rollback()
        return error_response(
            "unavailable",
            error_responses.unavailable_message(),
            http_status=503,
            headers={"Retry-After": str(error_responses.RETRY_AFTER_SECONDS)},
        )
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        response = drf_exception_handler(exc, context)
        headers = dict(response.headers) if response is not None else None
        return error_response(code, exc.detail, http_status=exc.status_code, headers=headers)
    return drf_exception_handler(exc, context)


def _validation_error(exc: exceptions.ValidationError):
    """The first problem is the error's code and message; every field's problems are listed."""
    detail = exc.detail
    if isinstance(detail, dict):
        fields = {name: [str(m) for m in _flatten(messages)] for name, messages in detail.items()}
        first_field = next(iter(detail))
        first = _flatten(detail[first_field])[0]
        return error_response(first.code, first, fields=fields)
    first = _flatten(detail)[0]
    return error_response(first.code, first)


def _flatten(detail) -> list:
    if isinstance(detail, dict):
        return [item for value in detail.values() for item in _flatten(value)]
    if isinstance(detail, list):
        return [item for value in detail for item in _flatten(value)]
    return [detail]


# Answers any operation may give, besides those it documents itself.
COMMON_ERRORS = {
    "404": "not_found: no such address",
    "405": "method_not_allowed",
    "415": "unsupported_media_type: the body must be JSON",
    "500": "server_error",
    "503": "unavailable: a service the answer needs is down for a moment (Retry-After)",
}


def document_common_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the common errors."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        "Error",
        {
            "type": "object",
            "properties": {"error": {"$ref": "#/components/schemas/ErrorBody"}},
            "required": ["error"],
        },
    )
    schemas.setdefault(
        "ErrorBody",
        {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {}},
            },
            "required": ["code", "message"],
        },
    )
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status_code, description in COMMON_ERRORS.items():
                responses.setdefault(status_code, {"content": error, "description": description})
    return result
