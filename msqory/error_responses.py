"""What the portal answers when a request fails: JSON under /api/, a page everywhere else.

Django's error handlers (set in msqory/urls.py) come here:
- under /api/ every error is the API's error shape (msqory.api), 404 and 500 included, so a
  program never has to read HTML;
- the database being unreachable (stopped, restarting, refusing connections) is not a bug but
  an outage: 503 with Retry-After, `unavailable` in the API, and elsewhere a translated page that
  keeps what the person typed (the posted fields, to send again with one button; files cannot
  be kept by a browser, and the page says so). The page needs no database itself;
- other pages' 404 and 500 are Django's own handlers, rendering templates/404.html and 500.html.

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

# Errors that mean "the database cannot be reached right now", not a bug in a query.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# Seconds a client is asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30
# Posted fields that are never echoed back into the page.
_NOT_KEPT = {"csrfmiddlewaretoken", "password", "otp_token"}


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


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


def page_not_found(request, exception=None):
    if is_api(request):
        return api_error("not_found", _("There is nothing at this address."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    # Django calls this while handling the exception, so the exception is at hand.
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        return unavailable(request)
    if is_api(request):
        return api_error("server_error", _("Something went wrong on our side."), status=500)
    return defaults.server_error(request)


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
