from django.db import migrations

from msqory.roles import FUND_STAFF, grant


def create_roles(apps, schema_editor):
    grant(
        apps,
        FUND_STAFF,
        "refunds",
        [
            # Applications move only through the workflow actions (change = process).
            "view_application",
            "change_application",
            "view_event",
            "view_attachment",
            "download_attachment",
            "view_deadlinerule",
            "change_deadlinerule",
            "view_calendarday",
            "add_calendarday",
            "change_calendarday",
            "delete_calendarday",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("refunds", "0002_calendar_and_deadlines"),
        ("status", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
