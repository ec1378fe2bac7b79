from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MsqoryConfig(AppConfig):
    name = "msqory"
    verbose_name = _("Portal")
