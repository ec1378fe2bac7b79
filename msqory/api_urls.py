"""Version 1 of the public JSON API: each app adds its endpoints in its own api_urls module."""

from django.urls import include, path

urlpatterns = [
    path("", include("contributions.api_urls")),
    path("", include("status.api_urls")),
    path("", include("certificates.api_urls")),
    path("", include("notifications.api_urls")),
]
