"""The status app's rule tables as the engine reads them, kept in the one rule cache.

`StatusRule` rows become engine.Rule values in contributions.rulecache (table "status"), so a
lookup reads no rule from the database, and a change of a rule reloads it in every process.
The table also knows when the rules a status depends on last changed (`changed_at`): a
snapshot computed before that is not current (snapshots.snapshot_is_current).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Max

from contributions import rulecache
from contributions.models import ContributionRule, MinimumWage, PayerCode

from .engine import Rule
from .models import StatusRule

TABLE = "status"
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class StatusTable:
    rules: tuple[Rule, ...]
    # The latest change of a row a status depends on: the status rules, and the self-payer
    # rules and minimum wages the debt amounts come from (their history tables say when).
    changed_at: datetime.datetime


def load() -> StatusTable:
    rules = tuple(
        Rule(
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            window=r.window_months,
            grace=r.grace_months,
            extended_grace=r.extended_grace_months,
            extended_after=r.extended_grace_after_months,
        )
        for r in StatusRule.objects.order_by("valid_from")
    )
    changes = [
        StatusRule.history.aggregate(at=Max("history_date"))["at"],
        MinimumWage.history.aggregate(at=Max("history_date"))["at"],
        ContributionRule.history.filter(payer_type_id=PayerCode.SELF_PAYER).aggregate(
            at=Max("history_date")
        )["at"],
    ]
    return StatusTable(rules=rules, changed_at=max((c for c in changes if c), default=EPOCH))


def register() -> None:
    """Called once at start-up (apps.py)."""
    rulecache.register_table(TABLE, load=load, models=(StatusRule,))


def table() -> StatusTable:
    return rulecache.current().table(TABLE)


def status_rules() -> tuple[Rule, ...]:
    return table().rules
