"""The one base of the portal's domain errors: a stable code and a message in the reader's language.

`NoRule` (contributions), `NoStatusRule` and `NotDebt` (status), `WorkflowError` (refunds),
`AttachmentRefused` (clinics) and `ApiError` (the JSON API) are all DomainErrors. The API turns
any of them into `{"error": {"code", "message"}}` with the error's `http_status`
(msqory/api.py), and pages show `message` next to the form or in the page's error summary.
"""


class DomainError(Exception):
    """A refusal or a missing rule the user is told about in words; never a server error.

    `http_status` is what the API answers with it: 400 for a refusal of what was asked, 503 for
    a rule the Fund has not published yet (subclasses say which).
    """

    http_status = 400

    def __init__(self, code: str, message=None):
        self.code = code
        self._message = message
        super().__init__(code)

    @property
    def message(self) -> str:
        """The message, translated when read (a lazy text speaks the language active then)."""
        return str(self._message) if self._message is not None else self.code

    def __str__(self) -> str:
        return self.message
