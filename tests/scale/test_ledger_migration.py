"""Migration 0012 converts a populated ledger in place and back, without losing a row."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from status.iin import MALE, make_iin

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's partitions"),
    # Migrations run outside the test's transaction; the rows data migrations loaded are put
    # back afterwards.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BEFORE = ("status", "0011_recomputerun_failure")
AFTER = ("status", "0012_payment_partitioned_by_year")


def migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def ledger_figures() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), sum(amount), count(DISTINCT reference), max(id),"
            " (SELECT relkind FROM pg_class WHERE oid = 'status_payment'::regclass)"
            " FROM status_payment"
        )
        return cursor.fetchone()


def refund_link_target() -> str:
    """The table the refund applications' link to payments references."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT confrelid::regclass::text FROM pg_constraint WHERE contype = 'f'"
            " AND conrelid = 'refunds_application_payments'::regclass"
            " AND confrelid <> 'refunds_application'::regclass"
        )
        return cursor.fetchone()[0]


def test_a_populated_ledger_is_partitioned_and_back_without_losing_a_row():
    migrate(BEFORE)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO status_person (iin, last_name, first_name, patronymic, birth_date, sex,"
            " residency, created_at, changed_at) VALUES (%s, '', '', '', '1990-05-17', 'M',"
            " 'citizen', now(), now()) RETURNING id",
            [make_iin(datetime.date(1990, 5, 17), MALE, 3)],
        )
        person = cursor.fetchone()[0]
        # 30 000 payments over 1998 … 2031 (years before any rule, some far ahead), amounts
        # varying, some refunded.
        cursor.execute(
            "INSERT INTO status_payment (person_id, period, payer_type_id, amount, paid_on,"
            " payer_bin, reference, refunded, refund_note)"
            " SELECT %s, (DATE '1998-01-01' + make_interval(months => i %% 408))::date,"
            " 'employer', 1000 + (i %% 977) + 0.25, DATE '2020-01-01', '', 'M-' || i,"
            " i %% 50 = 0, '' FROM generate_series(1, 30000) i",
            [person],
        )
    before = ledger_figures()
    assert before[0] == 30000 and before[4] == "r"
    assert refund_link_target() == "status_payment"

    migrate(AFTER)
    partitioned = ledger_figures()
    assert partitioned[:4] == before[:4] and partitioned[4] == "p"
    assert refund_link_target() == "status_paymentreference"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT payment_id) FROM status_paymentreference")
        assert cursor.fetchone() == (30000, 30000)
        cursor.execute(
            "SELECT count(*) FROM status_payment_y1998 UNION ALL"
            " SELECT count(*) FROM status_payment_default"
        )
        in_1998 = sum(1 for i in range(1, 30001) if i % 408 < 12)
        assert [n for (n,) in cursor.fetchall()] == [in_1998, 0]
        # New ids continue after the old ones; the person check still guards the ledger.
        cursor.execute(
            "INSERT INTO status_payment (person_id, period, payer_type_id, amount, paid_on,"
            " payer_bin, reference, refunded, refund_note) VALUES (%s, '2025-01-01',"
            " 'employer', 1, '2025-01-01', '', 'NEW', false, '') RETURNING id",
            [person],
        )
        assert cursor.fetchone()[0] == before[3] + 1

    migrate(BEFORE)
    back = ledger_figures()
    assert back[0] == 30001 and back[4] == "r"
    assert back[1] == before[1] + 1
    assert refund_link_target() == "status_payment"
    migrate(AFTER)
    assert ledger_figures()[:2] == (30001, before[1] + 1)
