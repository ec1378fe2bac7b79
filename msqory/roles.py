"""The two staff roles and a helper that data migrations use to grant them permissions.

Each app's own data migration grants the roles what they need on that app's models, so the
roles grow with the apps and stay in one place per app.
"""

from django.contrib.auth.management import create_permissions

FUND_STAFF = "Fund staff"
CLINIC_REGISTRAR = "Clinic registrar"


def grant(apps, group_name: str, app_label: str, codenames: list[str]) -> None:
    """Give `group_name` these permissions of `app_label` (historical models, for migrations)."""
    # Permissions are normally created after all migrations ran; create this app's now so the
    # migration can assign them on a fresh database.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=group_name)
    permissions = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise LookupError(f"unknown permissions for {app_label}: {sorted(missing)}")
    group.permissions.add(*permissions)


def revoke_group(apps, group_name: str) -> None:
    apps.get_model("auth", "Group").objects.filter(name=group_name).delete()
