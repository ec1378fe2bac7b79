from django.urls import path

from . import views

app_name = "refunds"

urlpatterns = [
    path("refunds/new/", views.refund_new, name="new"),
    path("debt-cancellation/new/", views.cancellation_new, name="cancellation_new"),
    path("applications/submitted/", views.submitted, name="submitted"),
    path("applications/track/", views.track, name="track"),
    path(
        "applications/documents/<int:pk>/",
        views.download_attachment,
        name="download_attachment",
    ),
]
