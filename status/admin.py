from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .admin_import import PaymentImportMixin
from .charts import insured_share, insured_share_svg
from .models import (
    Category,
    CategoryMembership,
    DebtCancellation,
    Payment,
    Person,
    Reason,
    RecomputeRun,
    Status,
    StatusRule,
    StatusSnapshot,
)


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["iin", "last_name", "first_name", "patronymic", "birth_date", "residency"]
    list_filter = ["residency", "sex"]
    search_fields = ["=iin", "last_name", "first_name", "patronymic"]
    readonly_fields = ["birth_date", "sex", "created_at", "changed_at"]
    fieldsets = [
        (None, {"fields": ["iin", "last_name", "first_name", "patronymic", "residency"]}),
        (_("From the IIN"), {"fields": ["birth_date", "sex"]}),
        (_("Record"), {"fields": ["created_at", "changed_at"]}),
    ]


@admin.register(Payment)
class PaymentAdmin(PaymentImportMixin, admin.ModelAdmin):
    """Payments arrive by import only; staff look them up and mark refunds (no history table:
    millions of rows; the refund itself is recorded on the payment)."""

    list_display = ["reference", "person", "period", "payer_type", "amount", "paid_on", "refunded"]
    list_filter = ["refunded", "payer_type"]
    search_fields = ["=reference", "=person__iin", "=payer_bin"]
    list_select_related = ["person", "payer_type"]
    raw_id_fields = ["person"]
    show_full_result_count = False
    readonly_fields = ["refunded", "refunded_at", "refund_note"]
    actions = ["mark_refunded"]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return [f.name for f in Payment._meta.fields]

    @admin.action(description=_("Mark the selected payments as refunded"), permissions=["change"])
    def mark_refunded(self, request, queryset):
        count = queryset.filter(refunded=False).count()
        services.mark_payments_refunded(
            payments=list(queryset.values_list("pk", flat=True)),
            note=str(_("Marked in the admin by %(user)s") % {"user": request.user}),
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d payment marked as refunded; the status is recomputed.",
                "%(count)d payments marked as refunded; the statuses are recomputed.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


class RecomputesPersonMixin:
    """Saving or deleting rows changes their persons' status: recompute them at once."""

    def save_model(self, request, obj, form, change):
        # A row moved to another person changes the status of both.
        before = form.initial.get("person") if change else None
        super().save_model(request, obj, form, change)
        services.touch_persons(person_ids=[pk for pk in (obj.person_id, before) if pk])

    def delete_model(self, request, obj):
        person_id = obj.person_id
        super().delete_model(request, obj)
        services.touch_persons(person_ids=[person_id])

    def delete_queryset(self, request, queryset):  # the "delete selected" action
        person_ids = list(queryset.values_list("person_id", flat=True))
        super().delete_queryset(request, queryset)
        services.touch_persons(person_ids=person_ids)


@admin.register(CategoryMembership)
class CategoryMembershipAdmin(RecomputesPersonMixin, SimpleHistoryAdmin):
    list_display = ["person", "category", "start", "end"]
    list_filter = ["category__kind", "category"]
    search_fields = ["=person__iin"]
    list_select_related = ["person", "category"]
    raw_id_fields = ["person"]


@admin.register(DebtCancellation)
class DebtCancellationAdmin(RecomputesPersonMixin, SimpleHistoryAdmin):
    list_display = ["reference", "person", "start", "end", "created_at"]
    search_fields = ["=reference", "=person__iin"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]


@admin.register(StatusRule)
class StatusRuleAdmin(SimpleHistoryAdmin):
    list_display = [
        "valid_from",
        "valid_to",
        "window_months",
        "grace_months",
        "extended_grace_months",
        "extended_grace_after_months",
    ]


@admin.register(StatusSnapshot)
class StatusSnapshotAdmin(admin.ModelAdmin):
    list_display = ["person", "month", "status", "reason", "debt_amount", "lapses_on"]
    list_filter = ["status", "reason", "care", "month"]
    search_fields = ["=person__iin"]
    list_select_related = ["person"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def counts_table(counts: dict):
    rows = [
        (Status(status).label, Reason(reason).label, n)
        for status, reasons in sorted(counts.items())
        for reason, n in sorted(reasons.items())
    ]
    if not rows:
        return "—"
    return format_html(
        '<table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
        "</tr></thead><tbody>{}</tbody></table>",
        _("Status"),
        _("Reason"),
        _("Persons"),
        format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
    )


@admin.register(RecomputeRun)
class RecomputeRunAdmin(admin.ModelAdmin):
    list_display = [
        "as_of",
        "started_at",
        "finished_at",
        "state",
        "method",
        "persons",
        "changes",
        "share",
        "failure",
    ]
    list_filter = ["state", "method"]
    date_hierarchy = "started_at"
    fields = [
        "as_of",
        "state",
        "failure",
        "method",
        "started_at",
        "finished_at",
        "persons",
        "changes",
        "chunk_size",
        "chunks_total",
        "by_status_and_reason",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("insured share"))
    def share(self, run):
        value = insured_share(run.counts)
        return "—" if value is None else f"{value:.1%}"

    @admin.display(description=_("counts by status and reason"))
    def by_status_and_reason(self, run):
        return counts_table(run.counts)

    def changelist_view(self, request, extra_context=None):
        runs = list(
            RecomputeRun.objects.filter(state=RecomputeRun.State.FINISHED).order_by("-started_at")[
                :30
            ]
        )[::-1]
        extra_context = (extra_context or {}) | {
            "insured_share_chart": insured_share_svg(runs),
            "latest_counts": counts_table(runs[-1].counts) if runs else None,
        }
        return super().changelist_view(request, extra_context=extra_context)
