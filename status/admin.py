from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Person


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
