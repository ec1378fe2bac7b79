from django.core.management.base import BaseCommand

from outbox import services


class Command(BaseCommand):
    help = "Send the outbox's waiting Celery messages to the broker now (beat does it every 30 s)."

    def handle(self, *args, **options):
        sent = services.relay_due()
        self.stdout.write(f"{sent} message(s) sent to the broker")
