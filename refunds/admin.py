"""Fund staff's workspace: applications by state, overdue first; every change of state is an
action that calls refunds.services (never a plain edit)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Value, When
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import selectors, services
from .errors import WorkflowError
from .models import (
    REFUSAL_REASONS,
    Application,
    Attachment,
    CalendarDay,
    DeadlineRule,
    Event,
    Kind,
    State,
    overdue_q,
)


class DueThisWeekFilter(admin.SimpleListFilter):
    title = _("due")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("week", _("This week (open)"))]

    def queryset(self, request, queryset):
        if self.value() == "week":
            due = selectors.due_this_week(today=timezone.localdate())
            return queryset.filter(pk__in=due.values("pk"))
        return None


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("On time or closed"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.overdue(today=today)
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.overdue(today=today).values("pk"))
        return queryset


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    fields = ["at", "actor", "from_state", "to_state", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ["kind", "original_name", "content_type", "size", "uploaded_at", "download"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, attachment):
        request = getattr(self, "_request", None)
        if request is None or not request.user.has_perm("refunds.download_attachment"):
            return _("no permission to download")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("refunds:download_attachment", args=[attachment.pk]),
            _("Download"),
        )

    def get_formset(self, request, obj=None, **kwargs):
        self._request = request
        return super().get_formset(request, obj, **kwargs)


class RefuseForm(forms.Form):
    """The refusal's reason, from the closed list of the applications' kind."""

    reason = forms.ChoiceField(label=_("Refusal reason"))
    note = forms.CharField(
        label=_("Note to the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = REFUSAL_REASONS[kind].choices


# The admin's button for each state an application can move to, and the service it calls.
STEPS = {
    State.PAYMENT_CONFIRMED: ("confirm_payment", _("Confirm the payment arrived")),
    State.UNDER_REVIEW: ("start_review", _("Take for review")),
    State.APPROVED: ("approve", _("Approve")),
    State.PAID: ("mark_paid", _("Mark the refund as paid")),
    State.REFUSED: ("refuse", _("Refuse…")),
}
SERVICES = {
    "confirm_payment": services.confirm_payment,
    "start_review": services.start_review,
    "approve": services.approve,
    "mark_paid": services.mark_paid,
}


def _run(modeladmin, request, queryset, service, **kwargs):
    done = 0
    for application in queryset.order_by("pk"):
        try:
            service(application=application, actor=request.user, **kwargs)
            done += 1
        except WorkflowError as error:
            modeladmin.message_user(request, error.message, messages.ERROR)
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(count)d application updated.", "%(count)d applications updated.", done)
            % {"count": done},
            messages.SUCCESS,
        )


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "kind",
        "state_tag",
        "applicant_iin",
        "applicant",
        "region",
        "submitted_at",
        "due",
    ]
    list_filter = ["state", "kind", OverdueFilter, DueThisWeekFilter, "region"]
    search_fields = ["=number", "=applicant_iin"]
    list_select_related = ["person"]
    change_form_template = "admin/refunds/application/change_form.html"
    inlines = [AttachmentInline, EventInline]
    actions = ["confirm_payment", "start_review", "approve", "mark_paid", "refuse"]
    date_hierarchy = "submitted_at"

    class Media:
        css = {"all": ["refunds/admin.css"]}

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "number",
                    "kind",
                    "state",
                    "refusal_reason",
                    "due_date",
                    "confirmation_due",
                ]
            },
        ),
        (
            _("Applicant"),
            {
                "fields": [
                    "applicant_iin",
                    "person",
                    "applicant_name",
                    "registry_name",
                    "address",
                    "region",
                    "phone",
                    "email",
                    "language",
                ]
            },
        ),
        (
            _("Refund"),
            {
                "fields": [
                    "payer_kind",
                    "employer_bin",
                    "employer_name",
                    "refund_reason",
                    "payment_list",
                    "iban",
                    "bic",
                ]
            },
        ),
        (
            _("Debt cancellation"),
            {"fields": ["cancellation_reason", "period_start", "period_end"]},
        ),
        (None, {"fields": ["reason_details"]}),
        (
            _("Processing"),
            {"fields": ["submitted_at", "reviewed_by", "approved_by", "decided_at"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Nothing is edited by hand: states move through the steps, data is the applicant's.
        return [f for fs in self.fieldsets for f in fs[1]["fields"]]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        today = timezone.localdate()
        # Annotated before ordering (ModelAdmin.get_queryset would order by the annotation
        # before it exists): overdue applications come first.
        return (
            self.model._default_manager.get_queryset()
            .annotate(
                overdue_now=Case(
                    When(overdue_q(today=today), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request):
        return ["-overdue_now", "due_date", "number"]

    @admin.display(description=_("name in the registry"))
    def registry_name(self, application):
        registered = application.registry_name
        if not registered:
            return "—"
        if application.name_differs_from_registry:
            return format_html(
                '{} <strong class="refunds-name-mismatch">{}</strong>',
                registered,
                _("differs from the name in the application: check the identity"),
            )
        return registered

    @admin.display(description=_("name"), ordering="applicant_name")
    def applicant(self, application):
        if application.name_differs_from_registry:
            return format_html(
                '{} <strong class="refunds-name-mismatch">{}</strong>',
                application.applicant_name,
                _("not as in the registry"),
            )
        return application.applicant_name

    @admin.display(description=_("processing state"), ordering="state")
    def state_tag(self, application):
        return application.get_state_display()

    @admin.display(description=_("due date"), ordering="due_date")
    def due(self, application):
        if getattr(application, "overdue_now", False):
            return format_html(
                '<strong class="refunds-overdue">{} — {}</strong>',
                application.due_date,
                _("overdue"),
            )
        return application.due_date

    @admin.display(description=_("payments"))
    def payment_list(self, application):
        if application.kind != Kind.REFUND:
            return "—"
        return format_html_join(
            "\n",
            "<div>{} · {} · {} · {}</div>",
            (
                (p.reference, p.period.strftime("%Y-%m"), p.amount, p.paid_on)
                for p in application.payments.all()
            ),
        )

    @admin.action(description=_("Confirm the payment arrived (refunds)"), permissions=["change"])
    def confirm_payment(self, request, queryset):
        _run(self, request, queryset, services.confirm_payment)

    @admin.action(description=_("Take for review"), permissions=["change"])
    def start_review(self, request, queryset):
        _run(self, request, queryset, services.start_review)

    @admin.action(description=_("Approve (not by the reviewer)"), permissions=["change"])
    def approve(self, request, queryset):
        _run(self, request, queryset, services.approve)

    @admin.action(description=_("Mark the refund as paid"), permissions=["change"])
    def mark_paid(self, request, queryset):
        _run(self, request, queryset, services.mark_paid)

    @admin.action(description=_("Refuse, with a reason"), permissions=["change"])
    def refuse(self, request, queryset):
        kinds = set(queryset.values_list("kind", flat=True))
        if len(kinds) != 1:
            self.message_user(
                request,
                _(
                    "Refunds and debt cancellations have different refusal reasons: refuse them "
                    "separately."
                ),
                messages.ERROR,
            )
            return None
        form = RefuseForm(request.POST if "reason" in request.POST else None, kind=kinds.pop())
        if form.is_bound and form.is_valid():
            _run(
                self,
                request,
                queryset,
                services.refuse,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            return None
        return self._refuse_page(request, form=form, applications=queryset, action="refuse")

    def _refuse_page(self, request, *, form, applications, action):
        return TemplateResponse(
            request,
            "admin/refunds/application/refuse.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Refuse applications"),
                "form": form,
                "applications": applications,
                "opts": self.model._meta,
                "action": action,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    # --- One application's own page: a button for each allowed step -------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/step/<str:step>/",
                self.admin_site.admin_view(self.step_view),
                name="refunds_application_step",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        steps = []
        if application is not None and self.has_change_permission(request, application):
            allowed = services.allowed_states(application=application)
            steps = [step for state, step in STEPS.items() if state in allowed]
        return super().change_view(
            request, object_id, form_url, extra_context=(extra_context or {}) | {"steps": steps}
        )

    def step_view(self, request, pk: int, step: str):
        """POST: move the application one step (the same services as the list's actions)."""
        application = self.get_object(request, str(pk))
        if application is None:
            raise Http404
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        back = reverse("admin:refunds_application_change", args=[application.pk])
        if step == "refuse":
            form = RefuseForm(
                request.POST if request.method == "POST" else None, kind=application.kind
            )
            if not (form.is_bound and form.is_valid()):
                return self._refuse_page(
                    request, form=form, applications=[application], action=None
                )
            service, kwargs = services.refuse, form.cleaned_data
        elif step not in SERVICES:
            raise Http404
        elif request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        else:
            service, kwargs = SERVICES[step], {}
        try:
            service(application=application, actor=request.user, **kwargs)
        except WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("Application %(number)s: %(state)s.")
                % {"number": application.number, "state": application.get_state_display()},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(back)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "description"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["description"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "valid_from",
        "valid_to",
        "review_working_days",
        "confirmation_working_days",
    ]
    list_filter = ["kind"]
