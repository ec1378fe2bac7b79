from django.db import migrations

from msqory.roles import FUND_STAFF, grant


def create_roles(apps, schema_editor):
    # Fund staff maintain the rules; a rule in force is read-only in the admin (admin.py).
    grant(
        apps,
        FUND_STAFF,
        "contributions",
        [
            "view_payertype",
            "change_payertype",
            "view_minimumwage",
            "add_minimumwage",
            "change_minimumwage",
            "view_historicalminimumwage",
            "view_contributionrule",
            "add_contributionrule",
            "change_contributionrule",
            "delete_contributionrule",
            "view_historicalcontributionrule",
            "view_exemption",
            "add_exemption",
            "change_exemption",
            "view_baserate",
            "add_baserate",
            "change_baserate",
            "view_historicalbaserate",
            "view_penaltyrule",
            "change_penaltyrule",
        ],
    )


def noop(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0003_no_overlapping_rules"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, noop)]
