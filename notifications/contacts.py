"""Contact addresses: an e-mail address or a Kazakhstan mobile number, each written one way.

The same address typed differently (capitals, spaces, 8 instead of +7) is the same subscriber,
so the limits per address count it once.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

PHONE_EXAMPLE = "+7 701 234 56 78"


def normalise_email(value: str) -> str:
    address = (value or "").strip().lower()
    validate_email(address)
    return address


def normalise_phone(value: str) -> str:
    """'8 701 234-56-78' -> '+77012345678'; only Kazakhstan mobile numbers receive SMS."""
    error = ValidationError(
        _("Enter a Kazakhstan mobile number, for example %(example)s."),
        code="invalid_phone",
        params={"example": PHONE_EXAMPLE},
    )
    try:
        number = phonenumbers.parse((value or "").strip(), "KZ")
    except phonenumbers.NumberParseException:
        raise error from None
    if not (
        phonenumbers.is_valid_number(number)
        and phonenumbers.region_code_for_number(number) == "KZ"
        and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    ):
        raise error
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def address_digest(address: str) -> str:
    """A keyed digest of an address: the daily cap on confirmations counts by it."""
    return salted_hmac("notifications.address", address, algorithm="sha256").hexdigest()


def masked_address(address: str) -> str:
    """What a page may show of an address: 'a***@example.kz', '+7701*****78'."""
    if "@" in address:
        local, _at, domain = address.partition("@")
        return f"{local[:1]}***@{domain}"
    return address[:5] + "*" * (len(address) - 7) + address[-2:]
