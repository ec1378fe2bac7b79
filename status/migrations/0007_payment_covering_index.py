"""PostgreSQL: the (person, period) index of payments also carries payer_type and refunded.

Both readers of a person's payments then need the index alone (an index-only scan): the nightly
recompute, which reads every payment in (person, period) order, and the public status check,
which reads the payer types of the 12 months shown. The model keeps declaring the plain index
(SQLite, the demo's database, has no INCLUDE): only PostgreSQL gets the covering form, under the
same name.
"""

from django.db import migrations

INDEX = "status_payment_person_period"


def covering(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON status_payment (person_id, period) "
            "INCLUDE (payer_type_id, refunded)"
        )


def plain(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(f"CREATE INDEX {INDEX} ON status_payment (person_id, period)")


class Migration(migrations.Migration):
    dependencies = [("status", "0006_recomputerun_first_id")]

    operations = [migrations.RunPython(covering, plain)]
