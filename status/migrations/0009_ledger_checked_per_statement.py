"""The payments' links to persons checked once per statement (status/ledger_integrity.py), not
row by row by foreign keys; the reference unique without a second, pattern index."""

import django.db.models.deletion
from django.db import migrations, models

from status import ledger_integrity


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
        migrations.RunPython(ledger_integrity.install, ledger_integrity.uninstall),
    ]
