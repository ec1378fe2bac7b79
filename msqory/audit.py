"""Every request that carries an IIN (a status check, a clinic lookup, a registrar's search, an
application…) is logged to "msqory.lookups": who asked (client address, signed-in user), where,
the answer's HTTP status and the IIN masked. An IIN is a POST field (or JSON key) named `iin` or
ending in `_iin`, so whatever app adds a lookup later is covered without knowing of it.
"""

import json
import logging

from .logmasking import mask_value

logger = logging.getLogger("msqory.lookups")

# JSON bodies larger than this are never parsed here (no lookup is that large).
_MAX_JSON = 10_000


def _is_iin_field(name) -> bool:
    return isinstance(name, str) and (name == "iin" or name.endswith("_iin"))


def _iin_of(request) -> str | None:
    if request.method != "POST":
        return None
    if request.content_type == "application/json":
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if not 0 < length <= _MAX_JSON:
            return None
        try:
            # Reading .body keeps it for the view (Django re-wraps it as the request stream).
            data = json.loads(request.body)
        except ValueError:
            return None
        fields = data if isinstance(data, dict) else {}
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # A malformed or too large body raises here as it would in the view: Django answers 400.
        fields = request.POST
    else:
        return None
    value = next((fields[name] for name in fields if _is_iin_field(name)), None)
    return None if value is None else str(value)


class IINLookupAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        iin = _iin_of(request)
        response = self.get_response(request)
        if iin is not None:
            user = getattr(request, "user", None)
            logger.info(
                "iin_lookup path=%s status=%s client=%s user=%s iin=%s",
                request.path,
                response.status_code,
                request.META.get("REMOTE_ADDR", "-"),
                user.pk if user is not None and user.is_authenticated else "-",
                # Masked here whatever its shape, and again by the handlers' filter.
                mask_value(iin.strip()[:40]) or "-",
            )
        return response
