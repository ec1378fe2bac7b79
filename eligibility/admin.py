"""Fund staff's admin of clinic API keys (issue, revoke) and of the eligibility audit."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework_api_key.models import APIKey

from msqory.admin_readonly import ReadOnlyModelAdmin

from . import services
from .models import ClinicAPIKey, EligibilityCheck

# The library's own, clinic-less key model is not used: only clinic keys are issued.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


class IssueKeyForm(forms.ModelForm):
    class Meta:
        model = ClinicAPIKey
        fields = ["clinic", "name", "requests_per_minute", "expiry_date"]

    def clean_clinic(self):
        clinic = self.cleaned_data["clinic"]
        refusal = services.refusal_for(clinic=clinic)
        if refusal:
            raise forms.ValidationError(refusal)
        return clinic


@admin.register(ClinicAPIKey)
class ClinicAPIKeyAdmin(admin.ModelAdmin):
    """A key is shown once, on the page that follows its issue; afterwards only its prefix."""

    list_display = [
        "prefix",
        "name",
        "clinic",
        "requests_per_minute",
        "created",
        "expiry_date",
        "revoked",
    ]
    list_filter = ["revoked", ("clinic", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["prefix", "name", "clinic__code", "clinic__name"]
    list_select_related = ["clinic"]
    autocomplete_fields = ["clinic"]
    actions = ["revoke_keys"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = IssueKeyForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return IssueKeyForm.Meta.fields
        return [
            "prefix",
            "clinic",
            "name",
            "requests_per_minute",
            "expiry_date",
            "created",
            "revoked",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fixed = ["prefix", "clinic", "created", "revoked", "revoked_at"]
        return fixed + (["name", "requests_per_minute", "expiry_date"] if obj.revoked else [])

    def has_delete_permission(self, request, obj=None):
        return False  # keys are revoked, never deleted: the audit names them

    def save_form(self, request, form, change):
        if change:
            return super().save_form(request, form, change)
        data = form.cleaned_data
        issued = services.issue_key(
            clinic=data["clinic"],
            name=data["name"],
            requests_per_minute=data["requests_per_minute"],
            expiry_date=data["expiry_date"],
        )
        request.issued_key = issued.plaintext  # for response_add, this request only
        return issued.key

    def save_model(self, request, obj, form, change):
        if change:  # a new key was saved by services.issue_key
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change:  # a key has no relations the add form could set
            super().save_related(request, form, formsets, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The key itself, once: the page is not cached and the key is never stored."""
        return TemplateResponse(
            request,
            "admin/eligibility/clinicapikey/issued.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("API key issued"),
                "key": obj,
                "plaintext": request.issued_key,
            },
        )

    @admin.action(description=_("Revoke the selected keys"))
    def revoke_keys(self, request, queryset):
        revoked = services.revoke_keys(prefixes=queryset.values_list("prefix", flat=True))
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", revoked)
            % {"count": revoked},
            messages.SUCCESS,
        )


@admin.register(EligibilityCheck)
class EligibilityCheckAdmin(ReadOnlyModelAdmin):
    """The audit, read-only: who asked about whom (masked) for which month, and the answer."""

    list_display = [
        "checked_at",
        "clinic",
        "key_prefix",
        "masked_iin",
        "serviced_month",
        "serviced_until",
        "outcome",
        "http_status",
    ]
    list_filter = [
        ("clinic", admin.RelatedOnlyFieldListFilter),
        ("checked_at", admin.DateFieldListFilter),
        "outcome",
    ]
    date_hierarchy = "checked_at"
    list_select_related = ["clinic", "key"]
    fields = [
        "reference",
        "call",
        "checked_at",
        "clinic",
        "key_prefix",
        "masked_iin",
        "serviced_month",
        "serviced_until",
        "outcome",
        "http_status",
    ]
    readonly_fields = fields

    @admin.display(description=_("API key"), ordering="key__prefix")
    def key_prefix(self, obj):
        return obj.key.prefix if obj.key else "—"
