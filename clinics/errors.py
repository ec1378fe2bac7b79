"""Why an attachment was refused: a code for programs, a translated message for people."""

from msqory.errors import DomainError


class AttachmentRefused(DomainError):
    """Raised by `clinics.services`; the message is translated when it is read."""
