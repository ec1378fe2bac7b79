"""Limits on anonymous uploads, enforced before Django reads the body of the request.

A multipart POST is parsed (its files written to temporary files on disk) by the first thing
that reads `request.POST`: the lookup audit or the CSRF check, long before a form could refuse
it. So an anonymous multipart POST is refused here, from its headers alone:

- to a view marked @accepts_uploads (the application forms with their documents): beyond
  ANONYMOUS_UPLOAD_MAX_BYTES (413), or beyond ANONYMOUS_UPLOAD_RATE_LIMIT per client (429);
- anywhere else, where no file is ever expected: beyond DATA_UPLOAD_MAX_MEMORY_SIZE (413).

Signed-in users (Fund staff importing payment files) are not concerned; the proxy in front
applies the same size limits first (deploy/nginx.conf).
"""

from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve

from . import ratelimit


def accepts_uploads(view):
    """Mark a view whose form takes documents from anyone (the outermost decorator)."""
    view.accepts_anonymous_uploads = True
    return view


def _accepts_uploads(request) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "accepts_anonymous_uploads", False)


class AnonymousUploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.content_type == "multipart/form-data"
            and not request.user.is_authenticated
        ):
            refused = self._refusal(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _refusal(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        uploads = _accepts_uploads(request)
        limit = (
            settings.ANONYMOUS_UPLOAD_MAX_BYTES if uploads else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if length > limit:
            response = render(
                request,
                "413.html",
                {"limit": filesizeformat(limit), "back_url": request.path},
                status=413,
            )
            # The body is never read: the connection cannot carry another request.
            response["Connection"] = "close"
            return response
        if not uploads:
            return None
        wait = ratelimit.hit(request, scope="upload", rate=settings.ANONYMOUS_UPLOAD_RATE_LIMIT)
        if wait is None:
            return None
        return ratelimit.too_many_page(request, wait)
