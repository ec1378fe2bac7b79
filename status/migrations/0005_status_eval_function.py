"""The PL/pgSQL function of the nightly recompute (PostgreSQL only; SQLite uses Python)."""

from django.db import migrations


def install(apps, schema_editor):
    from status.recompute import install_sql_function

    install_sql_function(schema_editor)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP FUNCTION IF EXISTS status_eval(varbit, varbit, varbit, varbit, varbit, int, "
            "int, int, int[], int[], int[], numeric[], boolean)"
        )


class Migration(migrations.Migration):
    dependencies = [("status", "0004_categories_rules_roles")]

    operations = [migrations.RunPython(install, uninstall)]
