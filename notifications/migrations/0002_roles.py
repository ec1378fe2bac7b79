from django.db import migrations

from msqory.roles import FUND_STAFF, grant


def create_roles(apps, schema_editor):
    # Staff see the counts and may stop someone's messages at their request; they never edit.
    grant(
        apps,
        FUND_STAFF,
        "notifications",
        ["view_subscription", "delete_subscription", "view_message"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("status", "0002_roles"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
