"""What the portal answers when a request fails: JSON under /api/, a page everywhere else.

Django's error handlers (set in msqory/urls.py) come here:
- under /api/ every error is the API's error shape (msqory.api), 404 and 500 included, and
  under /fhir/ a FHIR OperationOutcome (eligibility), so a program never has to read HTML;
- the database being unreachable (stopped, restarting, refusing connections) is not a bug but
  an outage: 503 with Retry-After, `unavailable` in the API, and elsewhere a translated page that
  keeps what the person typed (the posted fields, to send again with one button; files cannot
  be kept by a browser, and the page says so). The page needs no database itself;
- other pages' 400, 403, 404 and 500 are Django's own handlers, rendering the templates of the
  same names in templates/; a form sent without a valid CSRF token gets 403_csrf.html
  (`csrf_failure`, settings.CSRF_FAILURE_VIEW). All of them are the portal's translated layout
  (templates/errors/layout.html): what happened in plain words and a way back, never a setting
  such as DEBUG.
- a DomainError (msqory.errors: a rule the Fund has not published, a refusal) that a view did
  not turn into a message beside a field is told in words with its code and `http_status`, not
  as a 500: `DomainErrorMiddleware`, JSON under /api/, the translated page domain_error.html
  elsewhere.

Nothing needs restarting when PostgreSQL is back: Django drops a connection that failed
(CONN_HEALTH_CHECKS checks a reused one), so the next request connects again.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults

from .errors import DomainError

# Errors that mean "the database cannot be reached right now", not a bug in a query.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# Seconds a client is asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30
# Posted fields that are never echoed back into the page.
_NOT_KEPT = {"csrfmiddlewaretoken", "password", "otp_token"}


def is_api(request) -> bool:
    """Addresses for programs: the JSON API and the FHIR API of clinic systems."""
    return request.path_info.startswith(("/api/", "/fhir/"))


def _is_fhir(request) -> bool:
    return request.path_info.startswith("/fhir/")


def unavailable_message() -> str:
    return _("The service is temporarily unavailable. Please try again in a minute.")


def api_error(code: str, message: str, *, status: int, headers=None) -> JsonResponse:
    """The API's error shape outside DRF (msqory.api.error_response inside it)."""
    return JsonResponse(
        {"error": {"code": code, "message": str(message)}}, status=status, headers=headers
    )


def api_unavailable() -> JsonResponse:
    return api_error(
        "unavailable",
        unavailable_message(),
        status=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def program_error(request, code: str, message: str, *, status: int) -> JsonResponse:
    """An error for a program: the API's shape, or an OperationOutcome under /fhir/."""
    if not _is_fhir(request):
        return api_error(code, message, status=status)
    # Imported here: the FHIR writer brings the eligibility app, which pages never need.
    from eligibility.errors import FhirError
    from eligibility.fhir.terms import FHIR_JSON
    from eligibility.fhir.writing import operation_outcome

    issue = "not-found" if status == 404 else "exception"
    error = FhirError(message, http_status=status, issue=issue)
    return JsonResponse(operation_outcome(error=error), status=status, content_type=FHIR_JSON)


def page_not_found(request, exception=None):
    if is_api(request):
        return program_error(
            request, "not_found", _("There is nothing at this address."), status=404
        )
    return defaults.page_not_found(request, exception)


def server_error(request):
    # Django calls this while handling the exception, so the exception is at hand.
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        return unavailable(request)
    if is_api(request):
        return program_error(
            request, "server_error", _("Something went wrong on our side."), status=500
        )
    return defaults.server_error(request)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form sent without a valid token (usually an old page).

    `reason` is Django's technical explanation; it is for the logs, never for the reader.
    """
    return render(request, "403_csrf.html", {"back_url": request.path}, status=403)


def unavailable(request):
    """503 while the database is away: JSON for the API, else the page keeping the form."""
    if is_api(request):
        return api_unavailable()
    language = translation.get_language_from_path(request.path_info)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    kept, files_dropped = [], False
    if request.method == "POST":
        try:
            kept = [
                (name, value)
                for name, values in request.POST.lists()
                if name not in _NOT_KEPT
                for value in values
            ]
            files_dropped = bool(request.FILES)
        except Exception:  # a body that cannot be read again: nothing to keep
            kept = []
    response = render(
        request,
        "503.html",
        # No messages: reading them may need the session, which lives in the database.
        {
            "message": unavailable_message(),
            "kept": kept,
            "files_dropped": files_dropped,
            "messages": [],
        },
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DomainErrorMiddleware:
    """Answers a DomainError raised by any view (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return domain_error(request, exception)
        return None


def domain_error(request, error: DomainError):
    if is_api(request):
        return api_error(error.code, error.message, status=error.http_status)
    return render(
        request,
        "domain_error.html",
        {"message": error.message, "code": error.code},
        status=error.http_status,
    )
