from django.db import migrations

from msqory.roles import FUND_STAFF, grant


def allow_payment_imports(apps, schema_editor):
    # The admin's payment import adds payments, so it asks for add_payment.
    grant(apps, FUND_STAFF, "status", ["add_payment"])


def disallow_payment_imports(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=FUND_STAFF):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="status", codename="add_payment")
        )


class Migration(migrations.Migration):
    dependencies = [("status", "0007_payment_covering_index")]

    operations = [migrations.RunPython(allow_payment_imports, disallow_payment_imports)]
