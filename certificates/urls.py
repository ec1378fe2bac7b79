from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("status/certificate/", views.download, name="download"),
    path("verify/", views.verify_form, name="verify-form"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
