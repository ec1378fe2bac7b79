"""Checks of what applicants type and upload: Kazakh IBAN and BIC, and document files."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

IBAN_LENGTH = 20  # Kazakhstan: KZ, 2 check digits, 3-digit bank code, 13-character account
_IBAN_BODY = re.compile(r"^[0-9A-Z]+$")
_BIC = re.compile(r"^[A-Z]{4}KZ[A-Z0-9]{2}([A-Z0-9]{3})?$")


def normalise_iban(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def iban_checksum_ok(iban: str) -> bool:
    """ISO 7064 mod 97-10: move the first four characters to the end, letters to 10…35."""
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


def validate_kz_iban(value: str) -> None:
    iban = normalise_iban(value)
    if not iban.startswith("KZ"):
        raise ValidationError(
            _("A Kazakh IBAN starts with KZ, for example KZ86 125K ZT50 0410 0100."),
            code="iban_country",
        )
    if len(iban) != IBAN_LENGTH:
        raise ValidationError(
            _(
                "A Kazakh IBAN has 20 characters (KZ and 18 more); this one has %(length)d. "
                "Copy it from your bank card's details or your bank's app."
            ),
            code="iban_length",
            params={"length": len(iban)},
        )
    if not _IBAN_BODY.match(iban) or not iban[2:4].isdigit():
        raise ValidationError(
            _("An IBAN has only Latin letters and digits, and digits 3–4 are digits."),
            code="iban_characters",
        )
    if not iban_checksum_ok(iban):
        raise ValidationError(
            _("The IBAN's check digits do not match: please check it for a typo."),
            code="iban_checksum",
        )


def validate_kz_bic(value: str) -> None:
    if not _BIC.match((value or "").strip().upper()):
        raise ValidationError(
            _(
                "A Kazakh bank's BIC has 8 Latin letters or digits with KZ as the 5th and 6th, "
                "for example HSBKKZKX."
            ),
            code="bic_format",
        )


# --- Documents ----------------------------------------------------------------------------------

# Content types by their first bytes: the name and the browser's claim are never trusted.
_SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def max_attachment_bytes() -> int:
    """The largest document file accepted (settings.REFUNDS_DOCUMENT_MAX_MB)."""
    return settings.REFUNDS_DOCUMENT_MAX_MB * 1024 * 1024


def max_attachments() -> int:
    """How many documents one application may carry (settings.REFUNDS_DOCUMENTS_MAX)."""
    return settings.REFUNDS_DOCUMENTS_MAX


def _size_limit() -> str:
    return filesizeformat(max_attachment_bytes())


# The forms' hints name the limits that validate_document and the forms enforce, read when shown.
ONE_DOCUMENT_HINT = lazy(
    lambda: gettext("PDF, JPEG or PNG, up to %(size)s.") % {"size": _size_limit()}, str
)()
SEVERAL_DOCUMENTS_HINT = lazy(
    lambda: (
        ngettext(
            "PDF, JPEG or PNG, up to %(size)s each, at most %(count)d file in all.",
            "PDF, JPEG or PNG, up to %(size)s each, at most %(count)d files in all.",
            max_attachments(),
        )
        % {"size": _size_limit(), "count": max_attachments()}
    ),
    str,
)()
OTHER_DOCUMENTS_HINT = lazy(
    lambda: (
        ngettext(
            "Optional. At most %(count)d file in all for the application.",
            "Optional. At most %(count)d files in all for the application.",
            max_attachments(),
        )
        % {"count": max_attachments()}
    ),
    str,
)()


EXTENSION_BY_TYPE = {content_type: extension for _head, content_type, extension in _SIGNATURES}


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, JPEG or PNG file by its first bytes, else None."""
    for signature, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def validate_document(upload) -> tuple[str, str]:
    """Check one uploaded file; return its real (content type, extension)."""
    if upload.size > max_attachment_bytes():
        raise ValidationError(
            _("“%(name)s” is %(size)s; each file may be at most %(limit)s."),
            code="file_too_large",
            params={
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": _size_limit(),
            },
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head)
    if found is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, JPEG or PNG file (we check the file itself, not its "
                "name). Scan or photograph the document and save it as PDF, JPEG or PNG."
            ),
            code="file_type",
            params={"name": upload.name},
        )
    return found
