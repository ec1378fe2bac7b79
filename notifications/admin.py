"""Fund staff see how many people subscribe and how many messages go out each day.

Subscriptions are listed without their addresses (search finds one by its exact address or
IIN, e.g. to stop the messages of someone who asks by phone); messages are read-only.
"""

import datetime

from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from msqory.admin_readonly import ReadOnlyModelAdmin

from . import selectors
from .models import Channel, Kind, Message, Subscription

REPORT_DAYS = 30


def _labelled(rows: list[dict]) -> list[dict]:
    """The codes of channel, kind and language as staff read them."""
    languages = dict(settings.LANGUAGES)
    labels = {
        "channel": lambda code: Channel(code).label,
        "kind": lambda code: Kind(code).label,
        "language": lambda code: languages.get(code, code),
    }
    return [
        {key: labels[key](value) if key in labels else value for key, value in row.items()}
        for row in rows
    ]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["masked_iin", "channel", "language", "state", "requested_at", "confirmed_at"]
    list_filter = ["state", "channel", "language"]
    search_fields = ["=iin", "=address"]
    fields = ["masked_iin", "channel", "language", "state", "requested_at", "confirmed_at"]
    readonly_fields = fields
    date_hierarchy = "requested_at"

    @admin.display(description=_("IIN"))
    def masked_iin(self, obj):
        return selectors.masked_iin(obj.iin)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = (extra_context or {}) | {"counts": _labelled(selectors.subscriber_counts())}
        return super().changelist_view(request, extra_context)


@admin.register(Message)
class MessageAdmin(ReadOnlyModelAdmin):
    list_display = ["kind", "channel", "language", "as_of", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind", "channel", "language"]
    date_hierarchy = "as_of"
    show_full_result_count = False

    def changelist_view(self, request, extra_context=None):
        since = timezone.localdate() - datetime.timedelta(days=REPORT_DAYS - 1)
        extra_context = (extra_context or {}) | {
            "per_day": _labelled(selectors.messages_per_day(since=since)),
            "report_days": REPORT_DAYS,
        }
        return super().changelist_view(request, extra_context)
