from django.utils.translation import gettext as _

from status.imports import import_categories

from ._import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Load category memberships from a CSV file with the columns iin,category,start,end "
        "(dates YYYY-MM-DD, end may be empty). All or nothing: any bad line is reported and "
        "nothing is written. Memberships already registered are skipped (or get the new end "
        "date), so a file can be imported twice safely."
    )

    def run_import(self, **kwargs):
        return import_categories(**kwargs)

    def summary(self, result) -> str:
        return _(
            "%(rows)d membership rows read: %(added)d added, %(updated)d end dates changed, "
            "%(skipped)d already registered; %(persons)d new persons."
        ) % {
            "rows": result.rows,
            "added": result.added,
            "updated": result.updated,
            "skipped": result.already_there,
            "persons": result.persons_created,
        }
