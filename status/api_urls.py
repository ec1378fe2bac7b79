from django.urls import path

from .api import StatusLookupView

urlpatterns = [
    path("status/", StatusLookupView.as_view(), name="status-lookup"),
]
