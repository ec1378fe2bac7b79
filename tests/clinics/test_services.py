"""The attachment rules of docs/domain.md §7, through the one service every interface uses."""

import datetime

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from clinics import services
from clinics.errors import AttachmentRefused
from clinics.models import Attachment, Document, EndReason, Reason
from clinics.tasks import close_expired_contracts
from status.models import Residency

from .conftest import ID, MIGRANT_DOCS

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in English."""
    with translation.override("en"):
        yield


def attach(person, clinic, reason=Reason.FIRST, documents=ID, by=None, **extra):
    return services.attach(
        person=person, clinic=clinic, reason=reason, by=by, documents=documents, **extra
    )


def refusal(person, clinic, reason=Reason.FIRST, documents=ID, **extra) -> AttachmentRefused:
    with pytest.raises(AttachmentRefused) as caught:
        attach(person, clinic, reason, documents, **extra)
    return caught.value


def test_a_first_attachment_records_who_why_when_and_the_documents(person, clinic, registrar):
    attachment = attach(person, clinic, by=registrar)
    assert attachment.start == timezone.localdate()
    assert attachment.end is None
    assert attachment.reason == Reason.FIRST
    assert attachment.documents == [Document.IDENTITY]
    assert attachment.created_by == registrar
    assert attachment.history.get().history_user == registrar


def test_attaching_elsewhere_closes_the_old_attachment_the_same_day(person, make_clinic, registrar):
    old, new = make_clinic(), make_clinic()
    first = attach(person, old, on=datetime.date(2024, 3, 1))
    second = attach(person, new, Reason.RESIDENCE_CHANGE, [*ID, Document.PROOF_OF_ADDRESS])
    first.refresh_from_db()
    assert first.end == second.start == timezone.localdate()
    assert first.end_reason == EndReason.REATTACHED
    assert list(Attachment.objects.open().filter(person=person)) == [second]
    assert Attachment.objects.filter(person=person).count() == 2, "history is kept"


def test_the_database_refuses_a_second_open_attachment(person, make_clinic):
    attach(person, make_clinic())
    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.create(
            person=person, clinic=make_clinic(), start=TODAY, reason=Reason.FIRST
        )


def test_a_refused_attachment_leaves_the_old_one_open(person, make_clinic):
    current = attach(person, make_clinic())
    full = make_clinic(capacity=0)
    assert refusal(person, full, Reason.RESIDENCE_CHANGE, [*ID, Document.PROOF_OF_ADDRESS])
    current.refresh_from_db()
    assert current.end is None


def test_a_full_clinic_says_it_has_no_free_places(make_person, make_clinic):
    clinic = make_clinic(capacity=2)
    attach(make_person(), clinic)
    attach(make_person(), clinic)
    error = refusal(make_person(), clinic)
    assert error.code == "no_free_places"
    assert "no free places" in error.message
    assert Attachment.objects.open().filter(clinic=clinic).count() == 2


def test_a_place_freed_by_detaching_can_be_taken(make_person, make_clinic):
    clinic = make_clinic(capacity=1)
    leaving = make_person()
    attach(leaving, clinic)
    services.detach(person=leaving, by=None)
    attach(make_person(), clinic)


def test_only_clinics_with_a_fund_contract_take_attachments(person, make_clinic):
    error = refusal(person, make_clinic(fund_contract=False))
    assert error.code == "no_fund_contract"
    assert "no contract with the Fund" in error.message


def test_a_clinic_not_accepting_new_patients_refuses(person, make_clinic):
    assert refusal(person, make_clinic(accepts=False)).code == "not_accepting"


def test_attaching_to_the_same_clinic_again_is_refused(person, clinic):
    attach(person, clinic)
    error = refusal(person, clinic, Reason.FREE_CHOICE)
    assert error.code == "already_attached"


def test_the_free_choice_is_once_per_calendar_year(person, make_clinic):
    attach(person, make_clinic(), on=datetime.date(2025, 1, 10))
    attach(person, make_clinic(), Reason.FREE_CHOICE, on=datetime.date(2025, 3, 1))
    error = refusal(person, make_clinic(), Reason.FREE_CHOICE, on=datetime.date(2025, 10, 1))
    assert error.code == "free_choice_used"
    assert "2025" in error.message
    # The next calendar year brings a new free choice.
    attach(person, make_clinic(), Reason.FREE_CHOICE, on=datetime.date(2026, 1, 5))


def test_a_change_of_residence_is_allowed_any_time(person, make_clinic):
    attach(person, make_clinic(), Reason.FREE_CHOICE, on=datetime.date(2026, 2, 1))
    moved = [*ID, Document.PROOF_OF_ADDRESS]
    attach(person, make_clinic(), Reason.RESIDENCE_CHANGE, moved, on=datetime.date(2026, 3, 1))
    attach(person, make_clinic(), Reason.RESIDENCE_CHANGE, moved, on=datetime.date(2026, 3, 2))


@pytest.mark.parametrize("reason", [Reason.FIRST, Reason.NEWBORN])
def test_first_and_newborn_attachments_only_for_people_never_attached(person, make_clinic, reason):
    attach(person, make_clinic())
    documents = [Document.BIRTH_CERTIFICATE]
    assert refusal(person, make_clinic(), reason, documents).code == "not_first"


def test_a_newborn_is_attached_on_the_birth_certificate(person, clinic):
    assert refusal(person, clinic, Reason.NEWBORN, ID).code == "documents_missing"
    attach(person, clinic, Reason.NEWBORN, [Document.BIRTH_CERTIFICATE])


def test_missing_documents_are_named(make_person, clinic):
    kandas = make_person(residency=Residency.KANDAS)
    error = refusal(kandas, clinic, documents=[Document.IDENTITY])
    assert error.code == "documents_missing"
    assert "Kandas certificate" in error.message
    attach(kandas, clinic, documents=[Document.IDENTITY, Document.KANDAS_CERTIFICATE])


def test_people_with_a_residence_permit_attach_on_the_permit(make_person, clinic):
    foreigner = make_person(residency=Residency.RESIDENCE_PERMIT)
    assert refusal(foreigner, clinic).code == "documents_missing"
    attach(foreigner, clinic, documents=[Document.RESIDENCE_PERMIT])


def test_foreigners_from_outside_the_cis_without_a_permit_cannot_be_attached(make_person, clinic):
    foreigner = make_person(residency=Residency.FOREIGNER_NO_PERMIT)
    error = refusal(foreigner, clinic, documents=list(Document.values))
    assert error.code == "not_attachable"
    assert "outside the CIS" in error.message and "emergency" in error.message
    assert not Attachment.objects.filter(person=foreigner).exists()


def test_cis_citizens_without_a_permit_attach_by_written_application(make_person, clinic):
    visitor = make_person(residency=Residency.CIS_NO_PERMIT)
    assert refusal(visitor, clinic).code == "documents_missing"
    attach(visitor, clinic, documents=[Document.IDENTITY, Document.APPLICATION])


def test_eaeu_labour_migrants_attach_only_on_an_insurance_contract(make_person, clinic):
    migrant = make_person(residency=Residency.EAEU_LABOUR_MIGRANT)
    assert refusal(migrant, clinic, Reason.FIRST, MIGRANT_DOCS).code == "contract_required"
    contract = {"contract_number": "EAEU-1"}
    error = refusal(migrant, clinic, Reason.MIGRANT_CONTRACT, MIGRANT_DOCS, **contract)
    assert error.code == "contract_end_required"
    error = refusal(
        migrant, clinic, Reason.MIGRANT_CONTRACT, ID, contract_ends=TODAY.replace(year=2027)
    )
    assert error.code == "documents_missing"
    attachment = attach(
        migrant,
        clinic,
        Reason.MIGRANT_CONTRACT,
        MIGRANT_DOCS,
        contract_ends=datetime.date(2027, 6, 30),
        **contract,
    )
    assert attachment.contract_ends == datetime.date(2027, 6, 30)
    assert attachment.contract_number == "EAEU-1"


def test_an_expired_contract_is_refused(make_person, clinic):
    migrant = make_person(residency=Residency.EAEU_LABOUR_MIGRANT)
    error = refusal(
        migrant,
        clinic,
        Reason.MIGRANT_CONTRACT,
        MIGRANT_DOCS,
        contract_number="EAEU-2",
        contract_ends=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert error.code == "contract_expired"


def test_only_migrants_attach_on_an_insurance_contract(person, clinic):
    error = refusal(
        person,
        clinic,
        Reason.MIGRANT_CONTRACT,
        MIGRANT_DOCS,
        contract_number="X",
        contract_ends=datetime.date(2030, 1, 1),
    )
    assert error.code == "contract_only_for_migrants"


def test_the_nightly_task_ends_attachments_whose_contract_ended(make_person, clinic):
    ended, running = (make_person(residency=Residency.EAEU_LABOUR_MIGRANT) for _ in range(2))
    for migrant, contract_ends in ((ended, TODAY), (running, TODAY.replace(year=2027))):
        attach(
            migrant,
            clinic,
            Reason.MIGRANT_CONTRACT,
            MIGRANT_DOCS,
            contract_number="EAEU-3",
            contract_ends=contract_ends,
            on=datetime.date(2026, 1, 15),
        )
    assert services.close_expired_contracts(today=TODAY) == 0, "the last day still counts"
    assert services.close_expired_contracts(today=TODAY + datetime.timedelta(days=1)) == 1
    closed = Attachment.objects.get(person=ended)
    assert (closed.end, closed.end_reason) == (TODAY, EndReason.CONTRACT_ENDED)
    assert Attachment.objects.get(person=running).end is None
    assert services.close_expired_contracts(today=TODAY + datetime.timedelta(days=1)) == 0


def test_the_nightly_task_is_on_the_beat_schedule(make_person, clinic):
    schedule = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "clinics.close_expired_contracts" in schedule
    assert close_expired_contracts.apply().get() == 0


def test_detaching_closes_the_attachment_and_keeps_it(person, clinic, registrar):
    attach(person, clinic, on=datetime.date(2026, 1, 1))
    services.detach(person=person, by=registrar, clinic=clinic, reason=EndReason.MOVED_ABROAD)
    attachment = Attachment.objects.get(person=person)
    assert attachment.end == timezone.localdate()
    assert attachment.end_reason == EndReason.MOVED_ABROAD
    assert attachment.ended_by == registrar
    assert [h.history_type for h in attachment.history.order_by("history_date")] == ["+", "~"]


def test_a_registrar_cannot_detach_from_another_clinic(person, make_clinic):
    ours, theirs = make_clinic(), make_clinic()
    attach(person, theirs)
    with pytest.raises(AttachmentRefused) as caught:
        services.detach(person=person, by=None, clinic=ours)
    assert caught.value.code == "not_attached"
    assert Attachment.objects.open().get(person=person).clinic == theirs


def test_detaching_someone_not_attached_is_refused(person):
    with pytest.raises(AttachmentRefused, match="not attached"):
        services.detach(person=person, by=None)


@pytest.mark.parametrize(
    ("language", "words"),
    [("kk", "бос орын жоқ"), ("ru", "нет свободных мест"), ("en", "no free places")],
)
def test_refusals_speak_the_readers_language(make_person, make_clinic, language, words):
    full = make_clinic(capacity=0)
    with translation.override(language):
        assert words in refusal(make_person(), full).message
