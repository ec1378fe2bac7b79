from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from msqory.roles import FUND_STAFF

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "msqory-demo"  # noqa: S105 - printed for the local demo, refused unless DEBUG


class Command(BaseCommand):
    help = "Create the demo superuser for local use (DEBUG only) and print its credentials."

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("The demo admin is only created with DEBUG=true.")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=DEMO_USERNAME, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(*Group.objects.filter(name=FUND_STAFF))
        self.stdout.write(
            f"Demo admin: {DEMO_USERNAME} / {DEMO_PASSWORD} "
            f"at http://127.0.0.1:8000/kk/{settings.ADMIN_URL}"
        )
