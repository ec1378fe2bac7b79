"""The Fund's call centre number for the apps below `information`, which owns the Channel table.

Status and refunds pages, e-mails and form messages name the number staff list in the contact
channels, never one typed into a text; they reach it through here (and the `fund_contacts`
template tags), the project layer, so that no app depends upward on `information`.
"""


def call_centre_number() -> str | None:
    from information import selectors

    return selectors.call_centre_number()
