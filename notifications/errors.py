"""The one error subscribing and confirming raise: a stable code and a translated message."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MESSAGES = {
    "too_many_for_iin": ngettext_lazy(
        "This IIN already has %(limit)d active subscription, the most there can be. "
        "Unsubscribe one of them first (the link is in every message).",
        "This IIN already has %(limit)d active subscriptions, the most there can be. "
        "Unsubscribe one of them first (the link is in every message).",
        "limit",
    ),
    "too_many_for_address": ngettext_lazy(
        "This address already receives warnings for %(limit)d IIN, the most there can be.",
        "This address already receives warnings for %(limit)d IINs, the most there can be.",
        "limit",
    ),
    "confirmations_capped": _(
        "We have sent as many confirmation messages to this address today as we may. "
        "Please try again tomorrow."
    ),
    "link_expired": _(
        "This confirmation has expired. Subscribe again from the status page to get a new one."
    ),
    "link_invalid": _(
        "This confirmation link is not valid. Copy the whole link from the message, or "
        "subscribe again from the status page."
    ),
    "wrong_code": ngettext_lazy(
        "The code does not match. You have %(tries)d more try.",
        "The code does not match. You have %(tries)d more tries.",
        "tries",
    ),
    "no_tries_left": _(
        "The code was typed wrong too many times. Subscribe again to get a new code."
    ),
}


class SubscriptionRefused(Exception):
    """Raised by notifications.services; `message` is translated into the active language."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code] % self.params if self.params else MESSAGES[self.code])

    def __str__(self) -> str:
        return self.message
