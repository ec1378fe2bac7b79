"""Who receives the MSHI package now lives in one table, the status app's ResidencyCare (its
migration 0011): what Fund staff had set in the foreigners' table is copied there, then the
column goes, so the status's care and the information pages cannot disagree."""

from django.db import migrations, models


def copy_to_status(apps, schema_editor):
    ResidencyRule = apps.get_model("information", "ResidencyRule")
    ResidencyCare = apps.get_model("status", "ResidencyCare")
    for residency, mshi in ResidencyRule.objects.values_list("residency", "mshi"):
        ResidencyCare.objects.update_or_create(residency=residency, defaults={"mshi": mshi})


def copy_back(apps, schema_editor):
    ResidencyRule = apps.get_model("information", "ResidencyRule")
    ResidencyCare = apps.get_model("status", "ResidencyCare")
    for residency, mshi in ResidencyCare.objects.values_list("residency", "mshi"):
        ResidencyRule.objects.filter(residency=residency).update(mshi=mshi)


class Migration(migrations.Migration):

    dependencies = [
        ('information', '0002_content'),
        ('status', '0013_residency_care'),
    ]

    operations = [
        migrations.RunPython(copy_to_status, copy_back),
        # A default, so that unapplying this migration can add the column back to existing
        # rows before copy_back fills it.
        migrations.AlterField(
            model_name='residencyrule',
            name='mshi',
            field=models.BooleanField(default=False, verbose_name='MSHI package when insured'),
        ),
        migrations.RemoveField(
            model_name='residencyrule',
            name='mshi',
        ),
    ]
