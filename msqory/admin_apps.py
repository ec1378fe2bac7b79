"""The admin app, with the portal's own admin site (two-step verification) as admin.site."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "msqory.admin_site.PortalAdminSite"
