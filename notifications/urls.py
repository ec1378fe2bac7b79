from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("warnings/subscribe/", views.subscribe, name="subscribe"),
    path("warnings/confirm/<str:token>/", views.confirm, name="confirm"),
    path("warnings/phone/<str:token>/", views.phone, name="phone"),
    path("warnings/unsubscribe/<str:key>/", views.unsubscribe, name="unsubscribe"),
]
