"""`Authorization: Bearer <key>`: which clinic's system is calling, and whether it may.

The key is read by djangorestframework-api-key's parser with FHIR's keyword (Bearer) and looked
up by `selectors.key_standing`. The key found, usable or not, is kept on the request as
`clinic_key`, so that even a refused call is audited with its clinic and key.
"""

from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication
from rest_framework_api_key.permissions import KeyParser

from . import selectors
from .errors import FhirError
from .models import Outcome
from .selectors import KeyStanding

WWW_AUTHENTICATE = 'Bearer realm="fhir"'


class BearerKeyParser(KeyParser):
    keyword = "Bearer"


class ClinicKeyAuthentication(BaseAuthentication):
    key_parser = BearerKeyParser()

    def authenticate(self, request):
        request.clinic_key = None
        presented = self.key_parser.get(request)
        if not presented:
            raise _unauthenticated(_("Send the clinic's API key: Authorization: Bearer <key>."))
        key, standing = selectors.key_standing(presented=presented.strip())
        request.clinic_key = key
        if standing is KeyStanding.UNKNOWN:
            raise _unauthenticated(_("This API key is not known. Check the key the Fund issued."))
        if standing is KeyStanding.REVOKED:
            raise _forbidden(_("This API key has been revoked. Ask the Fund for a new one."))
        if standing is KeyStanding.EXPIRED:
            raise _forbidden(_("This API key has expired. Ask the Fund for a new one."))
        if standing is KeyStanding.NO_CONTRACT:
            raise _forbidden(
                _("%(clinic)s has no contract with the Fund: its keys do not work.")
                % {"clinic": key.clinic.name}
            )
        return (None, key)

    def authenticate_header(self, request):
        return WWW_AUTHENTICATE


def _unauthenticated(message) -> FhirError:
    return FhirError(
        message,
        http_status=401,
        issue="login",
        outcome=Outcome.NO_KEY,
        headers={"WWW-Authenticate": WWW_AUTHENTICATE},
    )


def _forbidden(message) -> FhirError:
    return FhirError(message, http_status=403, issue="forbidden", outcome=Outcome.REFUSED)
