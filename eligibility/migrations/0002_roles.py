from django.db import migrations

from msqory.roles import FUND_STAFF, grant


def create_roles(apps, schema_editor):
    # Fund staff issue and revoke clinic keys, and read the audit (which nobody edits).
    grant(
        apps,
        FUND_STAFF,
        "eligibility",
        ["view_clinicapikey", "add_clinicapikey", "change_clinicapikey", "view_eligibilitycheck"],
    )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=FUND_STAFF):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="eligibility"))


class Migration(migrations.Migration):
    dependencies = [
        ("eligibility", "0001_initial"),
        ("clinics", "0002_cities_and_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
