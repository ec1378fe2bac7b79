"""Status texts that name a number of the status rule: the window's length comes from the
StatusRule row in force (or the result's own months), so a text never says "12" by itself."""

import datetime

from django.utils.translation import ngettext

from msqory.months import month_index

from . import selectors
from .engine import StatusResult, rule_for
from .models import Reason


def window_months(*, on: datetime.date | None = None) -> int | None:
    """The window of the status rule in force in `on`'s month; None when no rule covers it."""
    on = on or selectors.today()
    rule = rule_for(selectors.status_rules(), month_index(on))
    return rule.window if rule is not None else None


def reason_label(reason: str, *, window: int) -> str:
    """The reason's label, with the window's length where it names one."""
    if reason == Reason.PAID_12_PAST_MONTHS:
        return ngettext(
            "The past %(months)d month is paid", "The past %(months)d months are paid", window
        ) % {"months": window}
    if reason == Reason.PREPAID_12_MONTHS:
        return ngettext(
            "%(months)d month is paid in advance", "%(months)d months are paid in advance", window
        ) % {"months": window}
    return str(Reason(reason).label)


def result_reason_label(result: StatusResult) -> str:
    return reason_label(result.reason, window=len(result.months))
