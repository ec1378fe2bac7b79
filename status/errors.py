"""Refusals of the status app's writes, in words (DomainError: a code and a message)."""

import datetime

from django.utils.translation import gettext

from msqory.errors import DomainError


class NotDebt(DomainError):
    """A debt cancellation names months that were never debt (paid, state-paid, before the
    status rules, or not yet past): cancelling them would take away their cover, or nothing."""

    def __init__(self, months: list[datetime.date]):
        self.months = months
        super().__init__("not_debt")

    @property
    def months_text(self) -> str:
        return ", ".join(f"{month:%m.%Y}" for month in self.months)

    @property
    def message(self) -> str:
        return gettext(
            "These months were never a debt, so there is nothing to cancel for them: %(months)s."
        ) % {"months": self.months_text}
