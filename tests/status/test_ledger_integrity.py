"""Every payment belongs to a person of the registry, whoever writes it (migration 0009)."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from status.iin import MALE, make_iin
from status.models import Payment, Person
from tests.ledger import pay

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's triggers"),
]

JANUARY = datetime.date(2025, 1, 1)


@pytest.fixture
def person():
    return Person.objects.create(iin=make_iin(datetime.date(1990, 5, 17), MALE, 3))


def test_a_payment_for_a_person_not_in_the_registry_is_refused(person):
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            person_id=person.pk + 1000,
            period=JANUARY,
            payer_type_id="employer",
            amount="100.00",
            paid_on=JANUARY,
            reference="NOBODY",
        )
    assert not Payment.objects.exists()


def test_moving_payments_to_a_person_not_in_the_registry_is_refused(person):
    pay(person, [JANUARY])
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.update(person_id=person.pk + 1000)
    assert Payment.objects.get().person == person


def test_a_person_with_payments_cannot_be_deleted_even_in_sql(person):
    pay(person, [JANUARY])
    with pytest.raises(ProtectedError):
        person.delete()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM status_person WHERE id = %s", [person.pk])
    assert Person.objects.filter(pk=person.pk).exists()


def test_a_person_without_payments_can_still_be_deleted(person):
    person.delete()
    assert not Person.objects.exists()
