from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Lapse warnings")

    def ready(self):
        # The delivery hands work to Celery by task name (services never import tasks): the
        # names must be registered in every process that sends, not only in workers.
        from . import tasks  # noqa: F401
