from django.utils.translation import gettext as _

from status.imports import import_payments

from ._import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Load payments from a CSV file with the columns iin,period,payer_type,amount,paid_on,"
        "reference (and optionally payer_bin); period as YYYY-MM or MMYYYY. All or nothing: "
        "any bad line is reported and nothing is written. References already in the ledger "
        "are skipped, so a file can be imported twice safely."
    )

    def run_import(self, **kwargs):
        return import_payments(**kwargs)

    def summary(self, result) -> str:
        return _(
            "%(rows)d payment rows read: %(added)d added, %(skipped)d already in the ledger; "
            "%(persons)d new persons."
        ) % {
            "rows": result.rows,
            "added": result.added,
            "skipped": result.already_there,
            "persons": result.persons_created,
        }
