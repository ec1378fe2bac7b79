"""Admin pages of tables that only the portal writes (audits, sent messages): staff read them."""

from django.contrib import admin


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Nothing is added, changed or deleted by hand, so the record stays what happened."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
