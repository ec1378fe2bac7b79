"""The API's JSON parser: DRF's, answering 400 or 413 (msqory.api's error shape) for what would
otherwise be a server error or unbounded work.

- JSON nested deeper than Python's recursion limit ('[' * 12000 …) raised RecursionError (500).
- A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE: Django refuses such bodies for forms, DRF
  reads the stream with no limit.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .api import ApiError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        if limit is not None and length > limit:
            raise ApiError(
                "too_large",
                _("The request is too large: at most %(limit)d bytes.") % {"limit": limit},
                http_status=413,
            )
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                _("The request is not valid JSON: it is nested too deeply."), code="parse_error"
            ) from None
