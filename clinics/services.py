"""Attaching people to polyclinics and detaching them: the one place these writes happen.

Every interface (registrar pages, admin, Celery, demo data, benchmark) calls these functions,
so the rules of docs/domain.md §7 hold whatever the entry point:
- one open attachment per person: attaching closes the previous one in the same transaction;
- no attachment is made beyond a clinic's capacity (staff lowering the capacity below the
  attached count only stops new attachments): the clinic's row is locked
  (SELECT … FOR UPDATE) while its places are counted, so two registrars taking the last place
  at the same moment are served one after the other and the second is told there is no room;
- the yearly free choice is used at most once per calendar year;
- residency decides the reasons and documents; migrants' attachments end with their contract.
Locks are always taken person first, then clinic, so concurrent calls cannot deadlock.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from status.models import Person

from . import rules
from .errors import AttachmentRefused
from .models import Attachment, Clinic, Document, EndReason, Reason


def attach(
    *,
    person: Person,
    clinic: Clinic,
    reason: str,
    by,
    documents: list[str] | tuple[str, ...] = (),
    contract_number: str = "",
    contract_ends: datetime.date | None = None,
    on: datetime.date | None = None,
) -> Attachment:
    """Attach `person` to `clinic` from `on` (today); raise AttachmentRefused saying why not."""
    on = on or timezone.localdate()
    documents = [code for code in Document.values if code in set(documents)]
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        _check_person(person=person, reason=reason, contract_ends=contract_ends, on=on)
        current = Attachment.objects.open().filter(person=person).first()
        _check_history(person=person, reason=reason, current=current, clinic=clinic, on=on)
        _check_documents(person=person, reason=reason, documents=documents)
        if reason == Reason.MIGRANT_CONTRACT and not contract_number.strip():
            raise AttachmentRefused(
                "contract_number_required",
                _("Enter the number of the labour migrant's insurance contract."),
            )

        clinic = Clinic.objects.select_for_update().get(pk=clinic.pk)
        _check_clinic(clinic=clinic)
        if current is not None:
            current.end, current.end_reason, current.ended_by = on, EndReason.REATTACHED, by
            current._history_user = by
            current.save(update_fields=["end", "end_reason", "ended_by"])
        attachment = Attachment(
            person=person,
            clinic=clinic,
            start=on,
            reason=reason,
            documents=documents,
            contract_number=contract_number.strip() if reason == Reason.MIGRANT_CONTRACT else "",
            contract_ends=contract_ends if reason == Reason.MIGRANT_CONTRACT else None,
            created_by=by,
        )
        attachment._history_user = by
        attachment.save()
    return attachment


def detach(
    *,
    person: Person,
    by,
    reason: str = EndReason.PERSON_REQUEST,
    clinic: Clinic | None = None,
    on: datetime.date | None = None,
) -> Attachment:
    """Close the person's open attachment; with `clinic`, only if it is at that clinic."""
    on = on or timezone.localdate()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        current = Attachment.objects.open().filter(person=person).first()
        if current is None or (clinic is not None and current.clinic_id != clinic.pk):
            raise AttachmentRefused(
                "not_attached",
                _("This person is not attached to your polyclinic.")
                if clinic is not None
                else _("This person is not attached to any polyclinic."),
            )
        if on < current.start:
            raise AttachmentRefused(
                "before_start",
                _("An attachment cannot end before it started (%(start)s).")
                % {"start": date_format(current.start)},
            )
        current.end, current.end_reason, current.ended_by = on, reason, by
        current._history_user = by
        current.save(update_fields=["end", "end_reason", "ended_by"])
    return current


def close_expired_contracts(*, today: datetime.date | None = None) -> int:
    """End labour migrants' attachments whose insurance contract has ended (the nightly task).

    An attachment whose contract ended yesterday or earlier ends on the contract's last day.
    Returns how many were closed.
    """
    today = today or timezone.localdate()
    closed = 0
    expired = Attachment.objects.open().filter(contract_ends__lt=today).values_list("pk", flat=True)
    for pk in list(expired):
        with transaction.atomic():
            attachment = (
                Attachment.objects.select_for_update()
                .filter(pk=pk, end__isnull=True, contract_ends__lt=today)
                .first()
            )
            if attachment is None:  # renewed or closed meanwhile
                continue
            attachment.end = max(attachment.contract_ends, attachment.start)
            attachment.end_reason = EndReason.CONTRACT_ENDED
            attachment.save(update_fields=["end", "end_reason"])
            closed += 1
    return closed


def _check_person(*, person, reason, contract_ends, on) -> None:
    if person.residency in rules.NOT_ATTACHABLE:
        raise AttachmentRefused("not_attachable", rules.NOT_ATTACHABLE[person.residency])
    if reason not in Reason.values:
        raise AttachmentRefused("unknown_reason", _("Choose a reason for the attachment."))
    if person.residency in rules.CONTRACT_CATEGORIES:
        if reason != Reason.MIGRANT_CONTRACT:
            raise AttachmentRefused(
                "contract_required",
                _(
                    "EAEU labour migrants are attached on their insurance contract: choose "
                    "“%(reason)s” and enter the contract's end date."
                )
                % {"reason": Reason.MIGRANT_CONTRACT.label},
            )
        if contract_ends is None:
            raise AttachmentRefused(
                "contract_end_required", _("Enter the date the insurance contract ends.")
            )
        if contract_ends < on:
            raise AttachmentRefused(
                "contract_expired",
                _("The insurance contract ended on %(date)s: attachment needs a valid contract.")
                % {"date": date_format(contract_ends)},
            )
    elif reason == Reason.MIGRANT_CONTRACT:
        raise AttachmentRefused(
            "contract_only_for_migrants",
            _("Only EAEU labour migrants are attached on an insurance contract."),
        )


def _check_documents(*, person, reason, documents) -> None:
    missing = [
        code
        for code in rules.required_documents(residency=person.residency, reason=reason)
        if code not in documents
    ]
    if missing:
        labels = dict(Document.choices)
        raise AttachmentRefused(
            "documents_missing",
            _("These documents are required and were not ticked as seen: %(documents)s.")
            % {"documents": "; ".join(str(labels[code]) for code in missing)},
        )


def _check_history(*, person, reason, current, clinic, on) -> None:
    if current is not None and current.clinic_id == clinic.pk:
        raise AttachmentRefused(
            "already_attached",
            _("This person is already attached to this polyclinic since %(date)s.")
            % {"date": date_format(current.start)},
        )
    if current is not None and on < current.start:
        raise AttachmentRefused(
            "before_current",
            _("The new attachment cannot start before the current one (%(date)s).")
            % {"date": date_format(current.start)},
        )
    if reason in (Reason.FIRST, Reason.NEWBORN) and person.attachments.exists():
        raise AttachmentRefused(
            "not_first",
            _(
                "This person has been attached to a polyclinic before, so this is not a first "
                "attachment: choose another reason."
            ),
        )
    if reason == Reason.FREE_CHOICE:
        used = person.attachments.filter(reason=Reason.FREE_CHOICE, start__year=on.year).first()
        if used is not None:
            raise AttachmentRefused(
                "free_choice_used",
                _(
                    "The yearly free choice of clinic was already used in %(year)s (on "
                    "%(date)s). It can be used again next year; a change of residence, work or "
                    "study allows a change at any time."
                )
                % {"year": on.year, "date": date_format(used.start)},
            )


def _check_clinic(*, clinic: Clinic) -> None:
    if not clinic.fund_contract:
        raise AttachmentRefused(
            "no_fund_contract",
            _("%(clinic)s has no contract with the Fund and cannot take new attachments.")
            % {"clinic": clinic.name},
        )
    if not clinic.accepts_new_patients:
        raise AttachmentRefused(
            "not_accepting",
            _("%(clinic)s does not accept new patients at the moment.") % {"clinic": clinic.name},
        )
    taken = Attachment.objects.open().filter(clinic=clinic).count()
    if taken >= clinic.capacity:
        raise AttachmentRefused(
            "no_free_places",
            _("%(clinic)s has no free places (capacity: %(capacity)s).")
            % {"clinic": clinic.name, "capacity": clinic.capacity},
        )
