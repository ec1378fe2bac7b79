"""Fund staff see every issued certificate with its facts and history, and revoke one with a
reason (an action that calls certificates.services; certificates are never edited)."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .codes import parse_code
from .forms import RevokeForm
from .models import Certificate


class RevokedFilter(admin.SimpleListFilter):
    title = _("revoked")
    parameter_name = "revoked"

    def lookups(self, request, model_admin):
        return [("yes", _("Revoked")), ("no", _("Valid"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(revoked_at__isnull=self.value() == "no")
        return queryset


@admin.register(Certificate)
class CertificateAdmin(SimpleHistoryAdmin):
    list_display = [
        "display_code",
        "issued_at",
        "iin",
        "status",
        "reason",
        "language",
        "revoked_at",
    ]
    list_filter = [RevokedFilter, "status", "reason", "language"]
    date_hierarchy = "issued_at"
    search_fields = ["=code", "=iin"]
    show_full_result_count = False
    actions = ["revoke"]
    fieldsets = [
        (None, {"fields": ["display_code", "iin", "language", "issued_at"]}),
        (
            _("Status as issued"),
            {
                "fields": [
                    "as_of",
                    "status",
                    "reason",
                    "care",
                    "months",
                    "debt_months",
                    "debt_amount",
                    "debt_periods_without_amount",
                    "lapses_on",
                ]
            },
        ),
        (
            _("Revocation"),
            {"fields": ["revoked_at", "revoked_by", "revocation_reason", "revocation_note"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["display_code", *(field.name for field in Certificate._meta.fields)]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("verification code"), ordering="code")
    def display_code(self, certificate):
        return certificate.display_code

    def get_search_results(self, request, queryset, search_term):
        # Codes are searched as printed (K7Q2-9XDM-4HRA) or typed in any case.
        return super().get_search_results(
            request, queryset, parse_code(search_term) or search_term.strip()
        )

    @admin.action(description=_("Revoke, with a reason"), permissions=["change"])
    def revoke(self, request, queryset):
        form = RevokeForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for certificate in queryset.order_by("pk"):
                try:
                    services.revoke_certificate(
                        certificate=certificate,
                        reason=form.cleaned_data["reason"],
                        note=form.cleaned_data["note"],
                        by=request.user,
                    )
                    done += 1
                except services.CertificateError as error:
                    self.message_user(request, error.message, messages.ERROR)
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d certificate revoked.", "%(count)d certificates revoked.", done
                    )
                    % {"count": done},
                    messages.SUCCESS,
                )
            return None
        return TemplateResponse(
            request,
            "admin/certificates/certificate/revoke.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Revoke certificates"),
                "form": form,
                "certificates": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
