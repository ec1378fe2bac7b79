"""Every request that carries an IIN (a status check, a clinic lookup, a registrar's search, an
application…) is logged to "msqory.lookups": who asked (client address, signed-in user), where,
the answer's HTTP status and the IINs masked. An IIN is a POST field (or top-level JSON key)
named `iin` or ending in `_iin`, so whatever app adds a lookup later is covered without knowing
of it. Every such field is logged, `iin` first: a request cannot hide the number its view looks
up behind another field, nor behind a large body (a JSON body is read up to Django's own
DATA_UPLOAD_MAX_MEMORY_SIZE, beyond which Django refuses it unread).
"""

import json
import logging

from django.conf import settings

from .logmasking import mask_value

logger = logging.getLogger("msqory.lookups")


def _is_iin_field(name) -> bool:
    return isinstance(name, str) and (name == "iin" or name.endswith("_iin"))


def _json_fields(request) -> dict:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length <= 0 or (limit is not None and length > limit):
        return {}  # nothing to read, or a body that request.body refuses (400) unread
    try:
        # Reading .body keeps it for the view (Django re-wraps it as the request stream).
        data = json.loads(request.body)
    except (ValueError, RecursionError):  # malformed or too deeply nested: the API answers 400
        return {}
    return data if isinstance(data, dict) else {}


def _iins_of(request) -> list[str]:
    if request.method != "POST":
        return []
    if request.content_type == "application/json":
        fields = _json_fields(request)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # A malformed or too large body raises here as it would in the view: Django answers 400.
        fields = request.POST
    else:
        return []
    names = sorted((name for name in fields if _is_iin_field(name)), key=lambda n: n != "iin")
    return [str(fields[name]) for name in names]


class IINLookupAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        iins = _iins_of(request)
        response = self.get_response(request)
        if iins:
            user = getattr(request, "user", None)
            logger.info(
                "iin_lookup path=%s status=%s client=%s user=%s iin=%s",
                request.path,
                response.status_code,
                request.META.get("REMOTE_ADDR", "-"),
                user.pk if user is not None and user.is_authenticated else "-",
                # Masked here whatever their shape, and again by the handlers' filter.
                ",".join(mask_value(iin.strip()[:40]) or "-" for iin in iins),
            )
        return response
