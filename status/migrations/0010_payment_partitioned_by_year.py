"""PostgreSQL: the payments ledger partitioned by year, one row per reference kept by a register
(status/ledger_partitions.py). An existing ledger is converted in place, every row kept; SQLite
keeps its one plain table (nothing to do there)."""

from django.db import migrations

from status import ledger_partitions


class Migration(migrations.Migration):
    dependencies = [("status", "0009_ledger_checked_per_statement")]

    operations = [
        migrations.RunPython(
            ledger_partitions.partition_ledger, ledger_partitions.unpartition_ledger
        )
    ]
