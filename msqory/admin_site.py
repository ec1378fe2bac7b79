"""The admin site: password, then a code from an authenticator app (TOTP) for staff who have one.

The same rule covers clinic registrars (clinics.views), who see the names, birth dates and
statuses of anyone they search for.

A staff member with a confirmed TOTP device (django-otp; added by a superuser under
"TOTP devices") must type its current code at sign-in, and every admin page checks the session
was verified with it. With ADMIN_REQUIRE_OTP=true every staff member needs a device; without it
(the default, so the local demo admin works) staff without a device sign in with the password.
Failed sign-ins are throttled by django-axes (msqory.auth). The start page shows today's
figures (msqory/dashboard.py).
"""

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import dashboard


def otp_required_for(user) -> bool:
    return settings.ADMIN_REQUIRE_OTP or user_has_device(user)


def second_factor_passed(request) -> bool:
    """The signed-in session gave the code wherever its user needs one (OTPMiddleware's check)."""
    return request.user.is_verified() or not otp_required_for(request.user)


class TOTPCodeFormMixin(OTPAuthenticationFormMixin, forms.Form):
    """A sign-in form's code field: the user's own TOTP device, asked when otp_required_for().

    Used by the admin's sign-in and the clinic registrars' (clinics.forms).
    """

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Only if you have set up two-step verification: 6 digits."),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    # The mixin reads these two; the device is always the user's own TOTP device.
    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)

    otp_error_messages = dict(
        OTPAuthenticationFormMixin.otp_error_messages,
        token_required=_("Enter the code from your authenticator app."),
        invalid_token=_("The code is wrong or has expired. Enter the current code."),
    )

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and otp_required_for(user):
            self.clean_otp(user)
        return cleaned_data

    def _chosen_device(self, user):
        """The staff member's own TOTP device (never one named in the form)."""
        return (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )

    def _update_form(self, user):
        """The mixin would list the user's devices in a select; there is none to choose."""


class PortalAdminLoginForm(TOTPCodeFormMixin, AdminAuthenticationForm):
    """The admin's sign-in: staff only (AdminAuthenticationForm), with their code."""


class PortalAdminSite(AdminSite):
    login_form = PortalAdminLoginForm
    login_template = "msqory/admin_login.html"
    # The start page: today's figures (msqory/dashboard.py) above the list of tables.
    index_template = "msqory/admin_index.html"

    def index(self, request, extra_context=None):
        today = timezone.localdate()
        figures = {
            "today": today,
            "dashboard_panels": dashboard.panels_for(request.user, today=today),
        }
        return super().index(request, (extra_context or {}) | figures)

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return second_factor_passed(request)
