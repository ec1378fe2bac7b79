"""Rule rows valid over a period (valid_from … valid_to, both inclusive; no end: until changed).

Two rows of one kind never overlap. PostgreSQL refuses an overlap with an exclusion constraint
(`no_overlap_operation`, used by the apps' migrations: SQLite, the developer default, has no
exclusion constraints); the models' clean() finds the overlapping row with `first_overlapping` so
that the admin can name it beside the form.
"""

import datetime

from django.db import migrations
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def first_overlapping(
    rows: QuerySet, *, valid_from: datetime.date, valid_to: datetime.date | None, pk=None
):
    """The earliest of `rows` whose period shares a day with valid_from … valid_to (not `pk`)."""
    rows = rows.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    if valid_to is not None:
        rows = rows.filter(valid_from__lte=valid_to)
    if pk is not None:
        rows = rows.exclude(pk=pk)
    return rows.order_by("valid_from").first()


def period_errors(
    *, valid_from: datetime.date | None, valid_to: datetime.date | None, months: bool
) -> dict[str, str]:
    """Field errors of a period: months start on the first day; the end is not before the start."""
    errors = {}
    if months and valid_from and valid_from.day != 1:
        errors["valid_from"] = _("Enter the first day of a month.")
    if valid_from and valid_to and valid_to < valid_from:
        errors["valid_to"] = (
            _("The last month cannot be before the first month.")
            if months
            else _("The end cannot be before the start.")
        )
    return errors


def period_texts(row, *, months: bool) -> dict[str, str]:
    """{"start": …, "end": …} of a row for a message, "further notice" when it has no end."""
    shown = "YEAR_MONTH_FORMAT" if months else "DATE_FORMAT"
    return {
        "start": date_format(row.valid_from, shown),
        "end": date_format(row.valid_to, shown) if row.valid_to else _("further notice"),
    }


def no_overlap_operation(*, table: str, name: str, same: tuple[str, ...] = ()):
    """A migration operation: on PostgreSQL, rows of `table` equal in the `same` columns cannot
    have overlapping daterange(valid_from, valid_to, '[]')."""
    equal = "".join(f"{column} WITH =, " for column in same)
    create = (
        "CREATE EXTENSION IF NOT EXISTS btree_gist; "
        f"ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist "
        f"({equal}daterange(valid_from, valid_to, '[]') WITH &&);"
    )
    drop = f"ALTER TABLE {table} DROP CONSTRAINT {name};"

    def run(sql):
        def forwards(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(sql)

        return forwards

    return migrations.RunPython(run(create), run(drop))
