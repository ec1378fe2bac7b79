"""Who receives the MSHI package, by residency (docs/domain.md §4, §7): one table in the status
app, read by the status's care and by the information pages. Seeded with the values the code
held until now (status.engine.MSHI_RESIDENCIES, the same as the foreigners' table);
information's migration 0003 then copies what Fund staff had set there and drops its column."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from msqory.roles import FUND_STAFF, grant

MSHI = {
    "citizen": True,
    "kandas": True,
    "refugee": False,
    "residence_permit": True,
    "eaeu_labour_migrant": True,
    "cis_no_permit": False,
    "foreigner_no_permit": False,
}


def load(apps, schema_editor):
    ResidencyCare = apps.get_model("status", "ResidencyCare")
    for residency, mshi in MSHI.items():
        ResidencyCare.objects.update_or_create(residency=residency, defaults={"mshi": mshi})
    grant(
        apps,
        FUND_STAFF,
        "status",
        ["view_residencycare", "change_residencycare", "view_historicalresidencycare"],
    )


class Migration(migrations.Migration):

    dependencies = [
        ('status', '0012_payment_partitioned_by_year'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ResidencyCare',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('residency', models.CharField(choices=[('citizen', 'Citizen of Kazakhstan'), ('kandas', 'Kandas'), ('refugee', 'Refugee'), ('residence_permit', 'Foreigner or stateless person with a residence permit'), ('eaeu_labour_migrant', 'EAEU labour migrant'), ('cis_no_permit', 'Citizen of another CIS country without a residence permit'), ('foreigner_no_permit', 'Other foreigner without a residence permit')], max_length=32, unique=True, verbose_name='residency')),
                ('mshi', models.BooleanField(verbose_name='MSHI package when insured')),
            ],
            options={
                'verbose_name': 'care by residency',
                'verbose_name_plural': 'care by residency (MSHI package)',
                'ordering': ['residency'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalResidencyCare',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('residency', models.CharField(choices=[('citizen', 'Citizen of Kazakhstan'), ('kandas', 'Kandas'), ('refugee', 'Refugee'), ('residence_permit', 'Foreigner or stateless person with a residence permit'), ('eaeu_labour_migrant', 'EAEU labour migrant'), ('cis_no_permit', 'Citizen of another CIS country without a residence permit'), ('foreigner_no_permit', 'Other foreigner without a residence permit')], db_index=True, max_length=32, verbose_name='residency')),
                ('mshi', models.BooleanField(verbose_name='MSHI package when insured')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical care by residency',
                'verbose_name_plural': 'historical care by residency (MSHI package)',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
