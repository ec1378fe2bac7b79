from django.db import migrations

from msqory.roles import FUND_STAFF, grant


def create_roles(apps, schema_editor):
    # Certificates are never edited: "change" is the right to revoke one (an admin action).
    grant(apps, FUND_STAFF, "certificates", ["view_certificate", "change_certificate"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("status", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
