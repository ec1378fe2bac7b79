"""What goes wrong in the eligibility API, with the HTTP status and FHIR issue code it answers."""

from .models import Outcome


class FhirError(Exception):
    """A request the API refuses: answered as an OperationOutcome with this HTTP status.

    `message` is for people (translated), `issue` the FHIR issue-type code, `expression` the
    FHIRPath of the offending element (when one is to blame), `diagnostics` a technical detail
    for the client's developers (a validator's own words) and `outcome` what the audit records.
    """

    def __init__(
        self,
        message,
        *,
        http_status: int = 400,
        issue: str = "invalid",
        expression: str | None = None,
        diagnostics: str = "",
        outcome: str = Outcome.INVALID,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(str(message))
        self.message = str(message)
        self.http_status = http_status
        self.issue = issue
        self.expression = expression
        self.diagnostics = diagnostics
        self.outcome = outcome
        self.headers = headers or {}


class KeyRefused(Exception):
    """A key cannot be issued: the clinic has no contract with the Fund."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)
