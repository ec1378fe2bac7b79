"""Reads of the eligibility API: whose key a presented key is, and who is entitled when.

Every read of the status app by this app is here (the status rule is never written again):
for today's month a person's stored snapshot, when it is current, answers at once; otherwise,
and for past months, the status selectors load the facts of all the persons asked about in one
go (a handful of queries for a whole batch) and the pure rule (`status.engine.compute_status`)
gives the status in each month asked. Nothing here writes: a stale snapshot is left to the
status app to refresh.
"""

import datetime
import enum
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from status import rulebook, snapshots
from status import selectors as status_selectors
from status.engine import Facts, compute_status
from status.models import Care, Person, Status, StatusSnapshot

from .models import ClinicAPIKey

# What the status app cannot answer without (a status rule or a self-payer amount missing).
MISSING_RULE = status_selectors.MISSING_RULE


def today() -> datetime.date:
    """Today in Asia/Almaty: the month a check without a serviced date is about."""
    return status_selectors.today()


# --- Keys -------------------------------------------------------------------------------------


class KeyStanding(enum.Enum):
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"
    NO_CONTRACT = "no_contract"
    USABLE = "usable"


def key_standing(*, presented: str) -> tuple[ClinicAPIKey | None, KeyStanding]:
    """The key a client presented (`prefix.secret`) with its clinic, and whether it may be used."""
    prefix, _dot, _secret = presented.partition(".")
    key = ClinicAPIKey.objects.select_related("clinic").filter(prefix=prefix).first()
    if key is None or not key.is_valid(presented):
        return None, KeyStanding.UNKNOWN
    if key.revoked:
        return key, KeyStanding.REVOKED
    if key.has_expired:
        return key, KeyStanding.EXPIRED
    if not key.clinic.fund_contract:
        return key, KeyStanding.NO_CONTRACT
    return key, KeyStanding.USABLE


# --- Entitlement ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entitlement:
    """A person's entitlement in the serviced months: the status in each, and the care."""

    iin: str
    months: tuple[datetime.date, ...]
    statuses: tuple[str, ...]  # Status values, one per month
    mshi_package: bool  # entitled to the MSHI package (beside GVFMC) in every month

    @property
    def inforce(self) -> bool:
        """Insured or exempt in every serviced month."""
        return Status.NOT_INSURED not in self.statuses

    @property
    def months_label(self) -> str:
        first, last = self.months[0], self.months[-1]
        return f"{first:%Y-%m}" if first == last else f"{first:%Y-%m} – {last:%Y-%m}"

    def disposition(self) -> str:
        """The answer in words, in the active language."""
        if self.mshi_package:
            sentence = _("Entitled to the MSHI package in %(months)s.")
        else:
            sentence = _(
                "Not entitled to the MSHI package in %(months)s: only the guaranteed volume "
                "of free medical care (GVFMC)."
            )
        sentence %= {"months": self.months_label}
        if len(set(self.statuses)) == 1:
            status = Status(self.statuses[0]).label
            sentence += " " + _("Status: %(status)s.") % {"status": status}
        return sentence


def entitlements(*, asked: Sequence[tuple[str, Sequence[datetime.date]]]) -> list[Entitlement]:
    """For each (IIN, serviced months) asked, in order, the entitlement in those months.

    Valid IINs nobody holds have no payments: not insured. One query finds every person asked
    about with their snapshot; the facts of those the snapshots cannot answer for come in four
    more, whatever their number. Raises one of MISSING_RULE when a month has no status rule.
    """
    on = today()
    this_month = on.replace(day=1)
    persons = {
        p.iin: p
        for p in Person.objects.filter(iin__in={iin for iin, _months in asked}).select_related(
            "snapshot"
        )
    }
    answers: dict[tuple[int | None, datetime.date], tuple[str, str]] = {}
    to_compute: set[tuple[int | None, datetime.date]] = set()
    for iin, months in asked:
        person = persons.get(iin)
        for month in months:
            slot = (person.pk if person else None, month)
            if slot in answers or slot in to_compute:
                continue
            snapshot = _current_snapshot(person, month=month) if month == this_month else None
            if snapshot is not None:
                answers[slot] = (snapshot.status, snapshot.care)
            else:
                to_compute.add(slot)
    if to_compute:
        answers |= _computed(slots=to_compute, on=on)
    results = []
    for iin, months in asked:
        person = persons.get(iin)
        found = [answers[(person.pk if person else None, month)] for month in months]
        results.append(
            Entitlement(
                iin=iin,
                months=tuple(months),
                statuses=tuple(status for status, _care in found),
                mshi_package=all(care == Care.MSHI for _status, care in found),
            )
        )
    return results


def entitlement_this_month(*, iin: str) -> Entitlement:
    """The registrar's answer for a person today: the same as the API's for today's month."""
    return entitlements(asked=[(iin, (today().replace(day=1),))])[0]


def _current_snapshot(person: Person | None, *, month: datetime.date) -> StatusSnapshot | None:
    """The person's stored status for `month` unless anything changed since it was computed
    (the status app's one test of a current snapshot)."""
    if person is None:
        return None
    try:
        snapshot = person.snapshot
    except StatusSnapshot.DoesNotExist:
        return None
    current = snapshots.snapshot_is_current(
        month=snapshot.month,
        computed_at=snapshot.computed_at,
        person_changed_at=person.changed_at,
        on=month,
        rules_changed_at=rulebook.table().changed_at,
    )
    return snapshot if current else None


def _computed(
    *, slots: set[tuple[int | None, datetime.date]], on: datetime.date
) -> dict[tuple[int | None, datetime.date], tuple[str, str]]:
    """(status, care) in each (person id or None for nobody, month): the pure rule on the
    persons' facts, loaded together."""
    person_ids = sorted({pid for pid, _month in slots if pid is not None})
    facts = status_selectors.facts_by_person(person_ids=person_ids) if person_ids else {}
    rules = status_selectors.status_rules()
    this_month = on.replace(day=1)
    answers = {}
    for pid, month in slots:
        result = compute_status(
            facts=facts[pid] if pid is not None else Facts(),
            rules=rules,
            # today's month as of today (as the public check), a past month as a whole
            today=on if month == this_month else month,
            # no amount is ever shown here: the rule needs none to decide the status
            self_payer_amounts=defaultdict(Decimal),
        )
        answers[(pid, month)] = (result.status, result.care)
    return answers
