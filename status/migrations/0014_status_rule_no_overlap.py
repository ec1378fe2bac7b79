"""Status rules within range, and no two of them over the same month (PostgreSQL: an exclusion
constraint; SQLite has none, StatusRule.clean() is the guard there and in the admin)."""

from django.db import migrations, models

from msqory.periods import no_overlap_operation


class Migration(migrations.Migration):

    dependencies = [
        ('status', '0013_residency_care'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='statusrule',
            constraint=models.CheckConstraint(condition=models.Q(('valid_from__day', 1)), name='status_rule_from_first_of_month'),
        ),
        migrations.AddConstraint(
            model_name='statusrule',
            constraint=models.CheckConstraint(condition=models.Q(('valid_to__isnull', True), ('valid_to__gte', models.F('valid_from')), _connector='OR'), name='status_rule_to_after_from'),
        ),
        migrations.AddConstraint(
            model_name='statusrule',
            constraint=models.CheckConstraint(condition=models.Q(('window_months__gte', 1), ('window_months__lte', 30)), name='status_rule_window_range'),
        ),
        migrations.AddConstraint(
            model_name='statusrule',
            constraint=models.CheckConstraint(condition=models.Q(('grace_months__gte', 1), ('grace_months__lte', models.F('window_months'))), name='status_rule_grace_range'),
        ),
        migrations.AddConstraint(
            model_name='statusrule',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('extended_grace_after_months__isnull', True), ('extended_grace_months__isnull', True)), models.Q(('extended_grace_after_months__gte', 1), ('extended_grace_after_months__isnull', False), ('extended_grace_months__gt', models.F('grace_months')), ('extended_grace_months__isnull', False), ('extended_grace_months__lte', models.F('window_months'))), _connector='OR'), name='status_rule_extended_grace_range'),
        ),
        no_overlap_operation(table="status_statusrule", name="status_rule_no_overlap"),
    ]
