from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from msqory.roles import CLINIC_REGISTRAR
from status.admin import PersonAdmin, ReadOnlyInline

from . import services
from .errors import AttachmentRefused
from .models import Attachment, AttachmentCampaign, City, Clinic, EndReason, Registrar, ServiceArea


class ServiceAreaInline(TranslationTabularInline):
    model = ServiceArea
    extra = 1
    fields = ["city", "district", "street"]


class RegistrarUserChoice:
    """Registrars are picked among the users in the "Clinic registrar" group."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(groups__name=CLINIC_REGISTRAR, is_active=True)
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RegistrarInline(RegistrarUserChoice, admin.TabularInline):
    model = Registrar
    extra = 0


@admin.register(City)
class CityAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "region"]
    search_fields = ["name_kk", "name_ru", "name_en", "region_kk", "region_ru"]


@admin.register(Clinic)
class ClinicAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = [
        "code",
        "name",
        "city",
        "attached_count",
        "capacity",
        "accepts_new_patients",
        "fund_contract",
    ]
    list_filter = ["fund_contract", "accepts_new_patients", "city"]
    search_fields = ["code", "bin", "name_kk", "name_ru", "name_en"]
    inlines = [ServiceAreaInline, RegistrarInline]
    fieldsets = [
        (None, {"fields": ["code", "bin", "name", "address", "city", "district", "phone"]}),
        (_("Attachment"), {"fields": ["capacity", "accepts_new_patients", "fund_contract"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("city")
            .annotate(attached=Count("attachments", filter=Q(attachments__end__isnull=True)))
        )

    @admin.display(description=_("attached"), ordering="attached")
    def attached_count(self, obj):
        return obj.attached


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    """Attachments are made through the registrar portal's rules; here Fund staff see them,
    their history, and can end them (through the same service)."""

    list_display = ["person", "clinic", "start", "end", "reason", "end_reason", "created_by"]
    list_filter = ["reason", "end_reason", ("end", admin.EmptyFieldListFilter), "clinic__city"]
    search_fields = ["=person__iin", "person__last_name", "clinic__code"]
    list_select_related = ["person", "clinic", "created_by"]
    date_hierarchy = "start"
    actions = ["end_attachments"]
    readonly_fields = [
        "person",
        "clinic",
        "start",
        "end",
        "reason",
        "end_reason",
        "contract_number",
        "contract_ends",
        "documents",
        "created_by",
        "ended_by",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("End the selected attachments at the person's request"))
    def end_attachments(self, request, queryset):
        ended = 0
        for attachment in queryset.filter(end__isnull=True).select_related("person"):
            try:
                services.detach(
                    person=attachment.person,
                    clinic=attachment.clinic,
                    by=request.user,
                    reason=EndReason.PERSON_REQUEST,
                )
            except AttachmentRefused as refusal:
                self.message_user(request, refusal.message, messages.ERROR)
            else:
                ended += 1
        self.message_user(
            request,
            ngettext("%(count)d attachment ended.", "%(count)d attachments ended.", ended)
            % {"count": ended},
        )


@admin.register(AttachmentCampaign)
class AttachmentCampaignAdmin(SimpleHistoryAdmin):
    """The yearly free choice of clinic follows these rows: staff add next year's campaign."""

    list_display = ["valid_from", "valid_to", "care_starts_on", "source"]


@admin.register(Registrar)
class RegistrarAdmin(RegistrarUserChoice, SimpleHistoryAdmin):
    list_display = ["user", "clinic"]
    list_filter = ["clinic__city"]
    search_fields = ["user__username", "user__last_name", "clinic__code"]
    autocomplete_fields = ["clinic"]
    list_select_related = ["user", "clinic"]


class PersonAttachmentInline(ReadOnlyInline):
    """The person's polyclinic attachments, current one first, on the person's admin page."""

    model = Attachment
    fk_name = "person"
    fields = ["clinic", "start", "end", "reason", "end_reason"]
    readonly_fields = fields
    ordering = [F("end").asc(nulls_first=True), "-start"]
    verbose_name_plural = _("polyclinic attachments")


PersonAdmin.inlines = [*PersonAdmin.inlines, PersonAttachmentInline]
