from django.urls import path

from . import api

urlpatterns = [
    path("contributions/calculate/", api.CalculateView.as_view(), name="contributions-calculate"),
    path("contributions/vacation/", api.VacationView.as_view(), name="contributions-vacation"),
]
