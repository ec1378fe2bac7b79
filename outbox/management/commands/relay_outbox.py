from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from outbox import services


class Command(BaseCommand):
    help = "Send the outbox's waiting Celery messages to the broker now (beat does it every 30 s)."

    def handle(self, *args, **options):
        sent = services.relay_due()
        self.stdout.write(
            ngettext(
                "%(count)d message sent to the broker.",
                "%(count)d messages sent to the broker.",
                sent,
            )
            % {"count": sent}
        )
