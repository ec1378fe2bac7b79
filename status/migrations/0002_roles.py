from django.db import migrations

from msqory.roles import CLINIC_REGISTRAR, FUND_STAFF, grant, revoke_group


def create_roles(apps, schema_editor):
    grant(
        apps,
        FUND_STAFF,
        "status",
        ["view_person", "add_person", "change_person", "view_historicalperson"],
    )
    # Registrars look people up by IIN at the desk; they never edit the registry.
    grant(apps, CLINIC_REGISTRAR, "status", ["view_person"])


def remove_roles(apps, schema_editor):
    revoke_group(apps, FUND_STAFF)
    revoke_group(apps, CLINIC_REGISTRAR)


class Migration(migrations.Migration):
    dependencies = [
        ("status", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
