"""Why an attachment was refused: a code for programs, a translated message for people."""


class AttachmentRefused(Exception):
    """Raised by `clinics.services`; `message` is already translated into the active language."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = str(message)

    def __str__(self) -> str:
        return self.message
