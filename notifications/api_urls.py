from django.urls import path

from .api import PhoneConfirmationView, SubscriptionView

urlpatterns = [
    path("subscriptions/", SubscriptionView.as_view(), name="subscriptions"),
    path(
        "subscriptions/phone-confirmation/",
        PhoneConfirmationView.as_view(),
        name="subscriptions-phone-confirmation",
    ),
]
