"""Deadline rules within range, and no two of one kind on the same day (PostgreSQL: an exclusion
constraint; SQLite has none, DeadlineRule.clean() is the guard there and in the admin)."""

from django.db import migrations, models

from msqory.periods import no_overlap_operation
from msqory.roles import FUND_STAFF, grant


def allow_new_deadline_rules(apps, schema_editor):
    # A changed deadline is a new rule from a date on: the current one is ended, the next added.
    grant(apps, FUND_STAFF, "refunds", ["add_deadlinerule"])


class Migration(migrations.Migration):

    dependencies = [
        ('refunds', '0003_roles'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='deadlinerule',
            constraint=models.CheckConstraint(condition=models.Q(('valid_to__isnull', True), ('valid_to__gte', models.F('valid_from')), _connector='OR'), name='deadline_rule_to_after_from'),
        ),
        migrations.AddConstraint(
            model_name='deadlinerule',
            constraint=models.CheckConstraint(condition=models.Q(('review_working_days__gte', 1), ('review_working_days__lte', 250)), name='deadline_rule_review_days_range'),
        ),
        migrations.AddConstraint(
            model_name='deadlinerule',
            constraint=models.CheckConstraint(condition=models.Q(('confirmation_working_days__isnull', True), models.Q(('confirmation_working_days__gte', 1), ('confirmation_working_days__lte', models.F('review_working_days'))), _connector='OR'), name='deadline_rule_confirmation_days_range'),
        ),
        no_overlap_operation(table="refunds_deadlinerule", name="deadline_rule_no_overlap", same=('kind',)),
        migrations.RunPython(allow_new_deadline_rules, migrations.RunPython.noop),
    ]
