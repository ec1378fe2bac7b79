"""No two rules of one payer type overlap in time: an exclusion constraint on PostgreSQL.

Months are first days of months and both ends are inclusive, so the range is daterange(from, to,
'[]') with an open upper end for a rule without an end. SQLite (the developer default) has no
exclusion constraints; there ContributionRule.clean() is the guard, as it is in the admin.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE contributions_contributionrule
    ADD CONSTRAINT contribution_rule_no_overlap
    EXCLUDE USING gist (
        payer_type_id WITH =,
        daterange(valid_from, valid_to, '[]') WITH &&
    );
"""
DROP = "ALTER TABLE contributions_contributionrule DROP CONSTRAINT contribution_rule_no_overlap;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("contributions", "0002_rules_data")]

    operations = [migrations.RunPython(create, drop)]
