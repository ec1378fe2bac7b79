"""The portal's own answers when a request cannot be served: the CSRF failure page and the
"please wait" page of every rate limit, in the reader's language and the portal's layout.

The 400, 403, 404 and 500 pages are the templates of the same names in templates/, which
Django's default handlers render; all of them say what happened in plain words and offer a
way back, and none mentions settings such as DEBUG.
"""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form sent without a valid token (usually an old page).

    `reason` is Django's technical explanation; it is for the logs, never for the reader.
    """
    return render(request, "403_csrf.html", {"back_url": request.path}, status=403)


def too_many_requests(request, *, seconds: int, message: str, template: str):
    """A 429 page with Retry-After, from which the reader can go back to the form."""
    response = render(
        request,
        template,
        {"message": message, "seconds": seconds, "back_url": request.path},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
