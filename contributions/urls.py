from django.urls import path

from . import views

app_name = "contributions"

urlpatterns = [
    path("contributions/calculator/", views.calculator, name="calculator"),
    path("contributions/rules/", views.rules, name="rules"),
    path("contributions/penalty/", views.penalty, name="penalty"),
]
