from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Message


class PendingFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", _("Waiting")), ("done", _("Done"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(done_at=None)
        if self.value() == "done":
            return queryset.exclude(done_at=None)
        return queryset


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only: what waits for the broker or a worker, and why (RUNBOOK.md)."""

    list_display = ["task", "created_at", "sent_at", "done_at", "attempts", "last_error"]
    list_filter = [PendingFilter, "task"]
    search_fields = ["task", "dedup_key", "request_id"]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again now (attempts start over)"))
    def send_again(self, request, queryset):
        ids = list(queryset.filter(done_at=None).values_list("pk", flat=True))
        Message.objects.filter(pk__in=ids).update(attempts=0, sent_at=None)
        try:
            sent = services.relay(message_ids=ids)
        except services.BROKER_UNAVAILABLE:
            self.message_user(
                request, _("The broker is unavailable; beat will send them."), messages.WARNING
            )
            return
        self.message_user(
            request,
            ngettext("%(count)d message sent.", "%(count)d messages sent.", sent) % {"count": sent},
        )
