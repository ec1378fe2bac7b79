"""The admin app, with the portal's own admin site (two-step verification) as admin.site, and the
sign-in libraries' apps under names Fund staff can read in their language.

django-axes and django-otp leave their app names (and django-otp its device model's names) out of
gettext, so the Kazakh admin showed "AXES", "OTP_TOTP" and "TOTP devices": these configurations
give them translated names. The other library gaps are in locale/overrides.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig


class PortalAdminConfig(AdminConfig):
    default_site = "msqory.admin_site.PortalAdminSite"


class SignInAttemptsConfig(AxesAppConfig):
    verbose_name = _("Sign-in security")


class TwoStepVerificationConfig(TotpAppConfig):
    verbose_name = _("Two-step verification")

    def ready(self):
        super().ready()
        # Plain strings in the library's model Meta: the migrations still see those (the
        # original attributes), the admin shows these.
        meta = self.get_model("TOTPDevice")._meta
        meta.verbose_name = _("TOTP device")
        meta.verbose_name_plural = _("TOTP devices")
