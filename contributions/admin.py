"""Fund staff maintain the rules here. Every change is kept in the history (who, when, what).

A rule, minimum wage, base rate or penalty rule whose period has begun is history itself: it is
shown read-only, cannot be deleted or reverted, and next year's figure is added as a new row. The
one change a contribution rule in force allows is its end (this month or later), so that the
next rule can follow it.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import BaseRate, ContributionRule, Exemption, MinimumWage, PayerType, PenaltyRule


class InForceReadOnlyAdmin(SimpleHistoryAdmin):
    """History admin in which a row that has taken effect can be looked at, not changed."""

    def has_taken_effect(self, obj) -> bool:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        # Without change permission the admin shows the row as a read-only page.
        if obj is not None and self.has_taken_effect(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.has_taken_effect(obj):
            return False
        return super().has_delete_permission(request, obj)

    def revert_disabled(self, request, obj=None):
        if obj is not None and self.has_taken_effect(obj):
            return True
        return super().revert_disabled(request, obj)


@admin.register(PayerType)
class PayerTypeAdmin(TabbedTranslationAdmin):
    """The eight codes are fixed (other apps store them); staff may reword the names."""

    list_display = ["code", "name", "position"]
    readonly_fields = ["code"]
    fields = ["code", "name", "description", "position"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MinimumWage)
class MinimumWageAdmin(InForceReadOnlyAdmin):
    list_display = ["year", "amount", "source"]
    search_fields = ["=year"]

    def has_taken_effect(self, obj) -> bool:
        return obj.pk is not None and obj.year <= timezone.localdate().year


@admin.register(ContributionRule)
class ContributionRuleAdmin(InForceReadOnlyAdmin, TabbedTranslationAdmin):
    list_display = [
        "payer_type",
        "from_month",
        "to_month",
        "rate",
        "base_kind",
        "base_mw_multiple",
        "cap_mw_multiple",
        "in_force",
    ]
    list_filter = ["payer_type", "base_kind"]
    list_select_related = ["payer_type"]
    search_fields = ["note", "legal_reference", "source"]
    date_hierarchy = "valid_from"
    fieldsets = [
        (None, {"fields": ["payer_type", "valid_from", "valid_to"]}),
        (
            _("Rate and base"),
            {
                "fields": [
                    "rate",
                    "base_kind",
                    "base_mw_multiple",
                    "base_amount",
                    "cap_mw_multiple",
                ]
            },
        ),
        (_("Unified payment shares"), {"fields": ["employer_share", "employee_share"]}),
        (_("Sources"), {"fields": ["legal_reference", "source", "note"]}),
    ]

    def has_taken_effect(self, obj) -> bool:
        return obj.has_taken_effect()

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.may_be_ended():
            return super(InForceReadOnlyAdmin, self).has_change_permission(request, obj)
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.may_be_ended():
            return [
                field.name
                for field in ContributionRule._meta.concrete_fields
                if field.editable and not field.primary_key and field.name != "valid_to"
            ]
        return super().get_readonly_fields(request, obj)

    @admin.display(description=_("from month"), ordering="valid_from")
    def from_month(self, obj):
        return date_format(obj.valid_from, "YEAR_MONTH_FORMAT")

    @admin.display(description=_("to month"), ordering="valid_to")
    def to_month(self, obj):
        return date_format(obj.valid_to, "YEAR_MONTH_FORMAT") if obj.valid_to else "—"

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, obj):
        today = timezone.localdate().replace(day=1)
        return obj.valid_from <= today and (obj.valid_to is None or today <= obj.valid_to)


@admin.register(Exemption)
class ExemptionAdmin(TabbedTranslationAdmin):
    list_display = ["code", "name", "source"]
    filter_horizontal = ["payer_types"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []


@admin.register(BaseRate)
class BaseRateAdmin(InForceReadOnlyAdmin):
    list_display = ["valid_from", "rate", "source"]
    date_hierarchy = "valid_from"

    def has_taken_effect(self, obj) -> bool:
        return obj.pk is not None and obj.valid_from <= timezone.localdate()


@admin.register(PenaltyRule)
class PenaltyRuleAdmin(InForceReadOnlyAdmin):
    list_display = ["valid_from", "due_day", "base_rate_multiple", "days_in_year"]
    filter_horizontal = ["payer_types"]

    def has_taken_effect(self, obj) -> bool:
        return obj.has_taken_effect()
