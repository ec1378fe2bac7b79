"""The rules panel of the admin start page: a year without a minimum wage, or a month without a
self-payer rule, coming up within settings.RULE_GAP_WARNING_DAYS, each with a link to the form
that enters it. Without those figures amounts and statuses cannot be shown, so staff see the
gap before it bites."""

import datetime
from dataclasses import dataclass

from django.conf import settings

from msqory.dashboard import Panel, admin_url

from . import selectors
from .models import PayerCode


@dataclass(frozen=True)
class RuleGapLink:
    gap: selectors.RuleGap
    url: str


@dataclass(frozen=True)
class RuleFigures:
    days: int
    gaps: list[RuleGapLink]


def panel(*, user, today: datetime.date) -> Panel | None:
    if not (
        user.has_perm("contributions.view_minimumwage")
        and user.has_perm("contributions.view_contributionrule")
    ):
        return None
    gaps = selectors.rule_gaps(
        start=today, end=today + datetime.timedelta(days=settings.RULE_GAP_WARNING_DAYS)
    )
    return Panel(
        template="contributions/dashboard_panel.html",
        figures=RuleFigures(
            days=settings.RULE_GAP_WARNING_DAYS,
            gaps=[RuleGapLink(gap, _add_url(gap)) for gap in gaps],
        ),
    )


def _add_url(gap: selectors.RuleGap) -> str:
    if gap.is_minimum_wage:
        return admin_url("contributions_minimumwage_add", year=gap.year)
    return admin_url(
        "contributions_contributionrule_add",
        payer_type=PayerCode.SELF_PAYER,
        valid_from=gap.needed_from.replace(day=1).isoformat(),
    )
