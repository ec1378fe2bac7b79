"""The APIs' JSON parser: DRF's, with a 400 (a ParseError, in each API's error shape: msqory.api's,
the FHIR API's OperationOutcome) for JSON nested deeper than Python's recursion limit
('[' * 12000 …), which raised RecursionError (a 500).

(A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE never reaches a parser: DRF reads JSON bodies
through Django's request.body, which refuses them.)
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                _("The request is not valid JSON: it is nested too deeply."), code="parse_error"
            ) from None
