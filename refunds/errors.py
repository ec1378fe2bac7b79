"""The one error the refunds workflow raises, with a code and a translated message."""

from django.utils.translation import gettext_lazy as _

from msqory.errors import DomainError

MESSAGES = {
    "transition_not_allowed": _(
        "Application %(number)s is “%(state)s”; it cannot be moved to “%(to_state)s”."
    ),
    "four_eyes": _(
        "Application %(number)s was reviewed by you; another staff member must approve it."
    ),
    "no_permission": _("You do not have permission to process applications."),
    "refusal_reason_required": _("Choose a refusal reason from the list."),
    "payment_not_in_ledger": _(
        "Payment %(reference)s is not in the Fund's records for IIN %(iin)s, so it cannot be "
        "refunded."
    ),
    "payment_already_refunded": _("Payment %(reference)s has already been refunded."),
    "payment_already_claimed": _(
        "Payment %(reference)s is already in refund application %(number)s, which is still open."
    ),
    "no_deadline_rule": _(
        "There is no deadline rule for applications of kind “%(kind)s” on %(on)s."
    ),
    "no_payments": _("Choose at least one payment to refund."),
    "not_debt": _(
        "These months were never a debt, so there is nothing to cancel for them: %(months)s."
        " Refuse the application, or ask the applicant for the months of the debt."
    ),
}


class WorkflowError(DomainError):
    """A refused submission or state change; `message` is translated, `code` is stable."""

    def __init__(self, code: str, **params):
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % self.params
