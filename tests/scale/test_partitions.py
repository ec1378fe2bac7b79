"""The payments ledger partitioned by year (PostgreSQL): one row per reference whatever the
partition, partitions made ahead of need, and reads that touch only the years they need."""

import datetime
import json
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import translation

from status import ledger_partitions, recompute, snapshots
from status.iin import MALE, make_iin
from status.models import Payment, Person
from tests.ledger import pay
from tests.status_import.test_concurrency import waiting_for_lock

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the partitioned ledger is PostgreSQL's"
)

DECEMBER = datetime.date(2024, 12, 1)
JANUARY = datetime.date(2025, 1, 1)


def payment(person, *, period, reference, amount="4250.00") -> Payment:
    return Payment(
        person=person,
        period=period,
        payer_type_id="self_payer",
        amount=Decimal(amount),
        paid_on=period,
        reference=reference,
    )


def partition_of(payment_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM status_payment WHERE id = %s", [payment_id]
        )
        return cursor.fetchone()[0]


def register() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reference, payment_id, period FROM status_paymentreference ORDER BY 1"
        )
        return cursor.fetchall()


@pytest.fixture
def person(db):
    return Person.objects.create(iin=make_iin(datetime.date(1990, 5, 17), MALE, 3))


@pytest.mark.django_db
def test_each_year_has_its_partition_from_the_first_rule_to_years_ahead(settings):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
            " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'status_payment'::regclass"
        )
        bounds = dict(cursor.fetchall())
        cursor.execute("SELECT min(valid_from) FROM status_statusrule")
        first_rule = cursor.fetchone()[0]
    this_year = datetime.date.today().year
    assert bounds.pop("status_payment_default") == "DEFAULT"
    expected = range(first_rule.year, this_year + settings.LEDGER_PARTITION_YEARS_AHEAD + 1)
    assert bounds == {
        f"status_payment_y{y}": f"FOR VALUES FROM ('{y}-01-01') TO ('{y + 1}-01-01')"
        for y in expected
    }


@pytest.mark.django_db
def test_a_reference_already_in_another_year_is_refused(person):
    first = payment(person, period=DECEMBER, reference="R-1")
    first.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        payment(person, period=JANUARY, reference="R-1").save()
    assert list(Payment.objects.values_list("reference", "period")) == [("R-1", DECEMBER)]
    assert register() == [("R-1", first.pk, DECEMBER)]


@pytest.mark.django_db
def test_the_register_follows_every_change_of_the_ledger(person):
    kept = payment(person, period=DECEMBER, reference="R-1")
    moved = payment(person, period=DECEMBER, reference="R-2")
    Payment.objects.bulk_create([kept, moved])
    assert partition_of(moved.pk) == "status_payment_y2024"
    # A correction of the month and the reference moves the row to another partition.
    Payment.objects.filter(pk=moved.pk).update(period=JANUARY, reference="R-2b")
    assert partition_of(moved.pk) == "status_payment_y2025"
    assert register() == [("R-1", kept.pk, DECEMBER), ("R-2b", moved.pk, JANUARY)]
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=moved.pk).update(reference="R-1")
    kept.delete()
    assert register() == [("R-2b", moved.pk, JANUARY)]
    # The freed reference can be used again.
    payment(person, period=JANUARY, reference="R-1").save()
    assert Payment.objects.count() == 2


@pytest.mark.django_db
def test_a_payment_id_cannot_change(person):
    paid = payment(person, period=DECEMBER, reference="R-1")
    paid.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=paid.pk).update(id=paid.pk + 1000)
    assert register() == [("R-1", paid.pk, DECEMBER)]


@pytest.mark.django_db
def test_refund_applications_link_payments_through_the_register(person):
    from refunds.models import Application

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT confrelid::regclass::text FROM pg_constraint WHERE contype = 'f'"
            " AND conrelid = %s::regclass AND confrelid <> 'refunds_application'::regclass",
            [Application.payments.through._meta.db_table],
        )
        assert [target for (target,) in cursor.fetchall()] == ["status_paymentreference"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_writers_of_one_reference_in_two_years_at_once_leave_one_row(person):
    """The database itself keeps one row per reference, whatever partition each lands in, even
    for writers that do not take the imports' turns: the second waits for the first's commit
    and is refused."""
    first = connections.create_connection("default")
    outcome = {}

    def second_writer():
        try:
            with transaction.atomic():
                payment(person, period=JANUARY, reference="SAME").save()
            outcome["second"] = "saved"
        except IntegrityError:
            outcome["second"] = "refused"
        finally:
            connections.close_all()

    try:
        first.set_autocommit(False)
        with first.cursor() as cursor:
            cursor.execute(
                "INSERT INTO status_payment (person_id, period, payer_type_id, amount, paid_on,"
                " payer_bin, reference, refunded, refund_note)"
                " VALUES (%s, %s, 'self_payer', 4250, %s, '', 'SAME', false, '')",
                [person.pk, DECEMBER, DECEMBER],
            )
        thread = threading.Thread(target=second_writer)
        thread.start()
        waiting_for_lock(1)  # the second writer waits for the first
        first.commit()
        thread.join(30)
    finally:
        first.close()
    assert outcome == {"second": "refused"}
    assert list(Payment.objects.values_list("reference", "period")) == [("SAME", DECEMBER)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_of_one_reference_in_two_years_at_once_add_it_once(person):
    from status.imports import import_payments
    from tests.status_import.conftest import csv_bytes

    files = [
        csv_bytes(f"{person.iin},2024-12,self_payer,4250,2024-12-15,SAME"),
        csv_bytes(f"{person.iin},2025-01,self_payer,4250,2025-01-15,SAME"),
    ]
    results = [None, None]
    gate = threading.Barrier(2)

    def run(index):
        try:
            gate.wait()
            with translation.override("en"):
                results[index] = import_payments(file=files[index])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    # Whichever ran first added its payment; the other file's line is a different payment
    # (another month) under the reference now taken: refused, nothing of that file written.
    assert None not in results
    added, refused = sorted(results, key=lambda r: not r.ok)
    assert (added.ok, added.added) == (True, 1)
    assert not refused.ok and refused.added == 0
    assert "reference that is taken" in refused.problems[0].message
    assert Payment.objects.filter(reference="SAME").count() == 1
    assert [row[0] for row in register()] == ["SAME"]


@pytest.mark.django_db
def test_a_year_without_a_partition_lands_in_default_and_later_gets_its_own(person):
    old = payment(person, period=datetime.date(1999, 3, 1), reference="OLD")
    old.save()
    assert partition_of(old.pk) == "status_payment_default"
    created = ledger_partitions.ensure_partitions(today=datetime.date(2040, 6, 1), years_ahead=1)
    assert "status_payment_y1999" in created
    assert {"status_payment_y2040", "status_payment_y2041"} <= set(created)
    assert partition_of(old.pk) == "status_payment_y1999"
    assert Payment.objects.get(reference="OLD").pk == old.pk
    assert register() == [("OLD", old.pk, datetime.date(1999, 3, 1))]
    assert ledger_partitions.ensure_partitions(today=datetime.date(2040, 6, 1), years_ahead=1) == []


@pytest.mark.django_db
def test_the_yearly_beat_task_makes_the_coming_years(settings):
    from status.tasks import ensure_ledger_partitions

    assert "status-ledger-partitions" in settings.CELERY_BEAT_SCHEDULE
    settings.LEDGER_PARTITION_YEARS_AHEAD = 30
    created = ensure_ledger_partitions.delay().get()
    far = datetime.date.today().year + 30
    assert f"status_payment_y{far}" in created


@pytest.mark.django_db
def test_truncating_the_ledger_empties_the_register(person):
    pay(person, [DECEMBER, JANUARY])
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE status_payment")
    assert register() == []


# --- Partition pruning ------------------------------------------------------------------------


def scans(plan) -> set[tuple[str, str]]:
    """(node type, relation) of every scan in EXPLAIN (FORMAT JSON) plans (a list of them)."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            if "Relation Name" in node:
                found.add((node["Node Type"], node["Relation Name"]))
            node = list(node.values())
        if isinstance(node, list):
            for value in node:
                walk(value)

    walk([json.loads(p) if isinstance(p, str) else p for p in plan])
    return found


def scanned_relations(sql: str, params) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return {name for _kind, name in scans([plan]) if name.startswith("status_payment")}


@pytest.mark.django_db
def test_the_lookup_reads_only_the_partitions_of_its_window():
    # A 12-month window from 2025-03 to 2026-02: the years 2025 and 2026.
    month = datetime.date(2026, 3, 1)
    scanned = scanned_relations(
        snapshots._LOOKUP_SQL,
        {"iin": "900517300038", "month": month, "first": datetime.date(2025, 3, 1)},
    )
    assert scanned == {"status_payment_y2025", "status_payment_y2026"}


@pytest.mark.django_db
def test_a_recompute_chunk_reads_only_the_partitions_it_needs():
    """The past 12 months from the window's years alone; the history from the first rule's
    year to the look-ahead horizon; never the DEFAULT partition (rows of no rule's month)."""
    plan = recompute.Plan.build(as_of=datetime.date(2026, 3, 15))
    params = plan.params | {"lo": 0, "hi": 50_000, "now": datetime.datetime.now(datetime.UTC)}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(recompute.CHUNK_SETTINGS)
        sql = recompute.RECOMPUTE_SQL_RANGE
        window_sql = sql.split("),\nmem AS")[0].removeprefix("\nWITH recent AS (")
        window = scanned_relations(window_sql, params)
        everything = scanned_relations(sql, params)
    assert window == {"status_payment_y2025", "status_payment_y2026"}
    first, last = plan.params["first_date"].year, plan.params["last_date"].year
    assert everything == {f"status_payment_y{y}" for y in range(first, last + 1)}


@pytest.mark.django_db
def test_an_import_checks_its_references_by_the_registers_key_without_reading_the_history():
    """A month's file against years of ledger: its references are looked up in the register's
    key, row by row, so the check's cost follows the file, not the history. Joined by hash, it
    read the whole register and every partition of the ledger on each import."""
    from status.imports import import_payments
    from tests.status_import.conftest import csv_bytes

    births = [datetime.date(1980, 1, 1) + datetime.timedelta(days=n) for n in range(3000)]
    people = [
        Person(iin=iin, birth_date=birth, sex=MALE)
        for birth in births
        if (iin := make_iin(birth, MALE, 5))
    ]
    Person.objects.bulk_create(people)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO status_payment (person_id, period, payer_type_id, amount, paid_on,"
            " payer_bin, reference, refunded, refund_note)"
            " SELECT p.id, (DATE '2023-01-01' + make_interval(months => m))::date, 'self_payer',"
            " 4250.00, DATE '2023-01-01', '', 'H' || m || '-' || p.id, false, ''"
            " FROM status_person p, generate_series(0, 23) m"
        )
        cursor.execute("ANALYZE status_payment, status_paymentreference, status_person")
    plans = []

    def explain_the_check(execute, sql, params, many, context):
        # The references found in the register, then those rows compared with the ledger's.
        check = None
        if sql.startswith("CREATE TEMPORARY TABLE import_known_rows"):
            check = sql.split(" AS ", 1)[1]
        elif sql.startswith("WITH compared AS"):
            check = sql
        if check:
            cursor = context["cursor"]
            cursor.execute("EXPLAIN (FORMAT JSON) " + check, params)
            plans.append(cursor.fetchone()[0])
        return execute(sql, params, many, context)

    lines = [f"{p.iin},2025-01,self_payer,4250.00,2025-01-20,N-{p.iin}" for p in people]
    lines.append(f"{people[0].iin},2023-01,self_payer,4250.00,2023-01-01,H0-{people[0].pk}")
    with connection.execute_wrapper(explain_the_check):
        result = import_payments(file=csv_bytes(*lines))
    assert (result.added, result.already_there) == (len(people), 1)
    assert len(plans) == 2
    scanned = scans(plans)
    register = {kind for kind, name in scanned if name == "status_paymentreference"}
    assert register == {"Index Scan"}, scanned
    assert ("Seq Scan", "status_payment_y2023") not in scanned
    assert ("Seq Scan", "status_payment_y2024") not in scanned
