"""The payments' links to persons checked once per statement, not row by row by foreign keys;
the reference unique without a second, pattern index.

Every payment belongs to a person of the registry: checked once per statement in PostgreSQL.

A foreign-key constraint checks (and key-share locks) the person row by row: a million-row
import paid a million checks at its commit, a third of its time. These statement-level triggers
keep the same promise set-based, for every writer (imports, the admin, raw SQL):

- after an INSERT or UPDATE of payments, the persons they name are key-share locked in one
  statement, exactly as the foreign key would lock them, so none can be deleted until the
  transaction ends; if fewer persons exist than are named, the statement fails with SQLSTATE
  23503 (foreign_key_violation, Django's IntegrityError);
- after a DELETE of persons, the statement fails the same way if a payment still names one of
  them (the ORM's on_delete=PROTECT says so earlier, in words; this also stops raw SQL).

The SQL is written here, not imported from app code: this migration means the same whatever
the code becomes.
"""

import django.db.models.deletion
from django.db import migrations, models


INSTALL_SQL = [
    """
CREATE OR REPLACE FUNCTION status_payment_person_exists() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    named bigint;
    locked bigint;
BEGIN
    SELECT count(DISTINCT person_id) INTO named FROM written_payments;
    SELECT count(*) INTO locked FROM (
        SELECT 1 FROM status_person p
        WHERE p.id IN (SELECT person_id FROM written_payments)
        FOR KEY SHARE OF p) l;
    IF locked < named THEN
        RAISE foreign_key_violation
            USING MESSAGE = 'status_payment.person_id names a person not in status_person';
    END IF;
    RETURN NULL;
END
$fn$""",
    """
CREATE OR REPLACE FUNCTION status_person_has_no_payments() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM status_payment x JOIN deleted_persons d ON x.person_id = d.id) THEN
        RAISE foreign_key_violation
            USING MESSAGE = 'status_person: a deleted person still has payments';
    END IF;
    RETURN NULL;
END
$fn$""",
    """
CREATE TRIGGER status_payment_person_inserted AFTER INSERT ON status_payment
    REFERENCING NEW TABLE AS written_payments
    FOR EACH STATEMENT EXECUTE FUNCTION status_payment_person_exists()""",
    """
CREATE TRIGGER status_payment_person_updated AFTER UPDATE ON status_payment
    REFERENCING NEW TABLE AS written_payments
    FOR EACH STATEMENT EXECUTE FUNCTION status_payment_person_exists()""",
    """
CREATE TRIGGER status_person_payments_kept AFTER DELETE ON status_person
    REFERENCING OLD TABLE AS deleted_persons
    FOR EACH STATEMENT EXECUTE FUNCTION status_person_has_no_payments()""",
]

UNINSTALL_SQL = [
    "DROP TRIGGER IF EXISTS status_payment_person_inserted ON status_payment",
    "DROP TRIGGER IF EXISTS status_payment_person_updated ON status_payment",
    "DROP TRIGGER IF EXISTS status_person_payments_kept ON status_person",
    "DROP FUNCTION IF EXISTS status_payment_person_exists()",
    "DROP FUNCTION IF EXISTS status_person_has_no_payments()",
]




def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in INSTALL_SQL:
            schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in UNINSTALL_SQL:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0007_share_labels"),
        ("status", "0008_fund_staff_import_payments"),
    ]

    operations = [
        migrations.AlterField(
            model_name="payment",
            name="payer_type",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contributions.payertype",
                verbose_name="payer type",
            ),
        ),
        migrations.AlterField(
            model_name="payment",
            name="person",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="payments",
                to="status.person",
                verbose_name="person",
            ),
        ),
        migrations.AlterField(
            model_name="payment",
            name="reference",
            field=models.CharField(max_length=64, verbose_name="source reference"),
        ),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.UniqueConstraint(
                fields=("reference",), name="status_payment_reference_unique"
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
