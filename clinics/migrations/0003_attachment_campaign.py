"""The attachment campaign as data (DOMAIN.md §7): 1 September – 1 November, care at the new
polyclinic from 1 January. 2025's dates are published [pub]; 2026 is entered with the same dates
until the Fund publishes its own (staff correct it in the admin)."""

import datetime
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from msqory.periods import no_overlap_operation
from msqory.roles import FUND_STAFF, grant

CAMPAIGNS = [
    (datetime.date(2025, 9, 1), datetime.date(2025, 11, 1), datetime.date(2026, 1, 1), "[pub]"),
    (
        datetime.date(2026, 9, 1),
        datetime.date(2026, 11, 1),
        datetime.date(2027, 1, 1),
        "assumed: the 2025 dates [pub]",
    ),
]


def load(apps, schema_editor):
    Campaign = apps.get_model("clinics", "AttachmentCampaign")
    for valid_from, valid_to, care_starts_on, source in CAMPAIGNS:
        Campaign.objects.get_or_create(
            valid_from=valid_from,
            defaults={"valid_to": valid_to, "care_starts_on": care_starts_on, "source": source},
        )
    grant(
        apps,
        FUND_STAFF,
        "clinics",
        [
            "view_attachmentcampaign",
            "add_attachmentcampaign",
            "change_attachmentcampaign",
            "view_historicalattachmentcampaign",
        ],
    )


def unload(apps, schema_editor):
    apps.get_model("clinics", "AttachmentCampaign").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('clinics', '0002_cities_and_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AttachmentCampaign',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(verbose_name='applications from')),
                ('valid_to', models.DateField(help_text='The last day, included.', verbose_name='applications until')),
                ('care_starts_on', models.DateField(help_text='The free choice takes effect on this day, after the campaign.', verbose_name='care at the new polyclinic from')),
                ('source', models.CharField(blank=True, max_length=300, verbose_name='source')),
            ],
            options={
                'verbose_name': 'attachment campaign',
                'verbose_name_plural': 'attachment campaigns',
                'ordering': ['-valid_from'],
                'constraints': [models.CheckConstraint(condition=models.Q(('valid_to__gte', models.F('valid_from'))), name='campaign_ends_after_it_opens'), models.CheckConstraint(condition=models.Q(('care_starts_on__gt', models.F('valid_to'))), name='campaign_care_starts_after_it_closes')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalAttachmentCampaign',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('valid_from', models.DateField(verbose_name='applications from')),
                ('valid_to', models.DateField(help_text='The last day, included.', verbose_name='applications until')),
                ('care_starts_on', models.DateField(help_text='The free choice takes effect on this day, after the campaign.', verbose_name='care at the new polyclinic from')),
                ('source', models.CharField(blank=True, max_length=300, verbose_name='source')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical attachment campaign',
                'verbose_name_plural': 'historical attachment campaigns',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        no_overlap_operation(table="clinics_attachmentcampaign", name="campaign_no_overlap"),
        migrations.RunPython(load, unload),
    ]
