"""Payments arriving at the same time — two imports, or an import and a clerk — never duplicate a
reference and never fail the import."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections

from status.imports import IMPORT_LOCK_KEY, import_payments
from status.models import Payment, Person

from .conftest import csv_bytes

pytestmark = [
    # serialized_rollback: the rows data migrations loaded (payer types) are put back afterwards.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path is PostgreSQL's"),
]


@pytest.fixture(autouse=True)
def celery_join_flag():
    """Two imports committing at once run their (eager) recompute tasks in two threads at once,
    and Celery keeps its "inside a task" flag process-wide, not per thread: one thread can leave
    it set. Put it back, or every later result.get() in this process would refuse to wait."""
    from celery._state import _set_task_join_will_block, task_join_will_block

    before = task_join_will_block()
    yield
    _set_task_join_will_block(before)


def in_thread(target) -> tuple[threading.Thread, dict]:
    """Run target() in a thread with its own database connection; its result lands in the dict."""
    out: dict = {}

    def run():
        try:
            out["result"] = target()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, out


def waiting_for_lock(count: int) -> None:
    """Until `count` other sessions wait for a lock (the imports have reached their INSERT)."""
    deadline = time.monotonic() + 20
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0] >= count:
                return
            assert time.monotonic() < deadline, "the imports never reached their INSERT"
            time.sleep(0.05)


def write_january_payment(other, person) -> None:
    """Payment R-1 (January 2025) written through another connection, left uncommitted."""
    other.set_autocommit(False)
    with other.cursor() as cursor:
        cursor.execute(
            "INSERT INTO status_payment (person_id, period, payer_type_id, amount, paid_on,"
            " payer_bin, reference, refunded, refund_note)"
            " VALUES (%s, '2025-01-01', 'self_payer', 4250, '2025-01-15', '', 'R-1', false, '')",
            [person.pk],
        )


def test_two_imports_of_overlapping_files_at_once_add_each_reference_once(alice, bob):
    first = [f"{alice},2025-0{m},self_payer,4250,2025-0{m}-15,S-{m}" for m in range(1, 6)]
    # S-3 … S-5 are the same payments in both files (the same IIN, month and amount)
    second = [
        f"{alice if m < 6 else bob},2025-0{m},self_payer,4250,2025-0{m}-15,S-{m}"
        for m in range(3, 9)
    ]
    holder = connections.create_connection("default")
    try:
        with holder.cursor() as cursor:  # both imports will queue behind this session
            cursor.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK_KEY])
        one, one_out = in_thread(lambda: import_payments(file=csv_bytes(*first)))
        two, two_out = in_thread(lambda: import_payments(file=csv_bytes(*second)))
        waiting_for_lock(2)
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY])
        one.join(30)
        two.join(30)
    finally:
        holder.close()

    results = [one_out["result"], two_out["result"]]
    assert all(r.ok for r in results), [r.problems for r in results]
    assert sorted(Payment.objects.values_list("reference", flat=True)) == [
        f"S-{m}" for m in range(1, 9)
    ]
    assert sum(r.added for r in results) == 8
    assert sum(r.already_there for r in results) == 3, "S-3 … S-5 came in both files"


def test_a_payment_a_clerk_saves_during_an_import_is_skipped_not_doubled(alice):
    person = Person.objects.create(iin=alice)
    clerk = connections.create_connection("default")
    try:
        write_january_payment(clerk, person)  # saved by the clerk, not yet committed
        importing, out = in_thread(
            lambda: import_payments(
                file=csv_bytes(
                    f"{alice},2025-01,self_payer,4250,2025-01-15,R-1",
                    f"{alice},2025-02,self_payer,4250,2025-02-15,R-2",
                )
            )
        )
        waiting_for_lock(1)  # the import waits to learn whether R-1 will exist
        clerk.commit()
        importing.join(30)
    finally:
        clerk.close()

    result = out["result"]
    assert result.ok, result.problems
    assert (result.added, result.already_there) == (1, 1)
    assert Payment.objects.get(reference="R-1").paid_on == datetime.date(2025, 1, 15)
    assert Payment.objects.get(reference="R-2").amount == Decimal("4250.00")
    assert Payment.objects.count() == 2


def test_a_person_cannot_be_deleted_while_an_import_adds_their_payments(alice):
    from django.db import IntegrityError

    person = Person.objects.create(iin=alice)
    importer = connections.create_connection("default")
    try:
        write_january_payment(importer, person)  # an import's INSERT, not yet committed

        def delete_in_sql():
            with pytest.raises(IntegrityError), connection.cursor() as cursor:
                cursor.execute("DELETE FROM status_person WHERE id = %s", [person.pk])
            return "refused"

        deleting, out = in_thread(delete_in_sql)
        waiting_for_lock(1)  # the delete waits for the import
        importer.commit()
        deleting.join(30)
    finally:
        importer.close()

    assert out.get("result") == "refused", "the person has a payment now"
    assert Person.objects.filter(pk=person.pk).exists()
    assert Payment.objects.get().person_id == person.pk


def test_a_person_deleted_during_an_import_stops_it_with_a_message(alice, bob):
    """Staff delete a person whose payments an import is adding: the import adds nothing and
    says why in words (it used to fail with a server error)."""
    import_payments(file=csv_bytes(f"{bob},2024-12,self_payer,4250,2024-12-15,B-0"))
    gone = Person.objects.create(iin=alice)
    deleter = connections.create_connection("default")
    try:
        deleter.set_autocommit(False)
        with deleter.cursor() as cursor:  # deleted, not yet committed
            cursor.execute("DELETE FROM status_person WHERE id = %s", [gone.pk])
        importing, out = in_thread(
            lambda: import_payments(
                file=csv_bytes(
                    f"{bob},2025-01,self_payer,4250,2025-01-15,B-1",
                    f"{alice},2025-01,self_payer,4250,2025-01-15,A-1",
                )
            )
        )
        waiting_for_lock(1)  # the import waits to learn whether the person stays
        deleter.commit()
        importing.join(30)
    finally:
        deleter.close()

    result = out["result"]
    assert not result.ok and result.added == 0
    assert "please import the file again" not in str(result.problems[0]), "said in Kazakh"
    assert list(Payment.objects.values_list("reference", flat=True)) == ["B-0"]
