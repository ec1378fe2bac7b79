"""Two registrars take a clinic's last free place at the same moment, on real PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from clinics import services
from clinics.errors import AttachmentRefused
from clinics.models import Attachment, Reason

from .conftest import ID

pytestmark = [
    # serialized_rollback: put back the rows data migrations loaded (cities, roles) afterwards.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def race(people, clinic):
    """Start one thread per person, released together; return what each got."""
    start = threading.Barrier(len(people))
    results = {}

    def desk(person):
        try:
            start.wait()
            services.attach(
                person=person, clinic=clinic, reason=Reason.FIRST, by=None, documents=ID
            )
            results[person.pk] = "attached"
        except AttachmentRefused as refusal:
            results[person.pk] = refusal.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=desk, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.parametrize("attempt", range(5))
def test_two_registrars_taking_the_last_place_one_wins(make_person, make_clinic, attempt):
    clinic = make_clinic(capacity=3)
    for _ in range(2):
        services.attach(
            person=make_person(), clinic=clinic, reason=Reason.FIRST, by=None, documents=ID
        )
    first, second = make_person(), make_person()

    results = race([first, second], clinic)

    assert sorted(results.values()) == ["attached", "no_free_places"]
    assert Attachment.objects.open().filter(clinic=clinic).count() == 3


def test_eight_desks_never_overfill_a_clinic(make_person, make_clinic):
    clinic = make_clinic(capacity=3)
    people = [make_person() for _ in range(8)]

    results = race(people, clinic)

    assert sorted(results.values()).count("attached") == 3
    assert set(results.values()) == {"attached", "no_free_places"}
    assert Attachment.objects.open().filter(clinic=clinic).count() == 3
