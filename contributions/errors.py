"""Errors of the contributions app that other apps and the API catch."""

import datetime

from django.utils.translation import gettext

from msqory.errors import DomainError


class NoRule(DomainError):
    """There is no rule (or no minimum wage, or no published share) for this payer type and month.

    The calculator never guesses a number: the caller shows this message. It is translated
    when it is read, so it speaks the language active at that moment.
    """

    def __init__(self, payer_type, period: datetime.date, *, payer_type_name: str | None = None):
        self.payer_type = getattr(payer_type, "code", payer_type)
        self.payer_type_name = payer_type_name or (
            payer_type if not isinstance(payer_type, str) else None
        )
        self.period = period
        super().__init__("no_rule")

    @property
    def message(self) -> str:
        from .models import PayerType

        name = self.payer_type_name
        if name is None:
            name = PayerType.objects.filter(pk=self.payer_type).first() or self.payer_type
        return gettext("There is no rule for %(payer_type)s in %(month)s.") % {
            "payer_type": str(name),
            "month": f"{self.period.month:02d}.{self.period.year}",
        }
