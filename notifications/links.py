"""The links and tokens of the lapse warnings.

- Links in messages are absolute (SITE_URL) and in the subscriber's language.
- A confirmation token names the subscription and its key, signed with a timestamp: it is read
  back only within SUBSCRIPTION_CONFIRM_HOURS. The unsubscribe link needs no signature: its key
  is a random secret of the subscription (Subscription.key).
- The subscribe form on the status result page carries the IIN just checked encrypted
  (status/checked.py): the page never holds the IIN itself.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

CONFIRMATION_SALT = "notifications.confirmation"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def page_url(name: str, *, language: str, **kwargs) -> str:
    """The absolute URL of a page of ours, under the language's prefix (/kk/, /ru/, /en/)."""
    with translation.override(language):
        return absolute(reverse(name, kwargs=kwargs or None))


def confirmation_token(*, subscription_id: int, key: str) -> str:
    return signing.dumps({"s": subscription_id, "k": key}, salt=CONFIRMATION_SALT)


def read_confirmation_token(token: str) -> tuple[int, str]:
    """(subscription id, key); raises signing.SignatureExpired or signing.BadSignature."""
    data = signing.loads(
        token,
        salt=CONFIRMATION_SALT,
        max_age=datetime.timedelta(hours=settings.SUBSCRIPTION_CONFIRM_HOURS),
    )
    if not (isinstance(data, dict) and isinstance(data.get("s"), int) and data.get("k")):
        raise signing.BadSignature("not a confirmation token")
    return data["s"], str(data["k"])
