import datetime

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from notifications import delivery


class Command(BaseCommand):
    help = (
        "Choose and queue today's lapse warnings and the notices of a lost or returned status "
        "now (the daily Celery task, synchronously). Run it twice: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="the day to choose for, YYYY-MM-DD (today in Asia/Almaty); its month's "
            "status snapshots must be in place",
        )

    def handle(self, *, date, **options):
        counts = delivery.choose_status_messages(today=date)
        self.stdout.write(
            _(
                "Warnings: %(warning)d; status lost: %(lost)d; status returned: %(returned)d; "
                "SMS waiting for the end of the quiet hours: %(waiting)d."
            )
            % counts
        )
