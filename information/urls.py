from django.urls import path

from . import views

app_name = "information"

urlpatterns = [
    path("information/", views.index, name="index"),
    path("information/faq/", views.faq, name="faq"),
    path("information/search/", views.search, name="search"),
    path("information/care/", views.care, name="care"),
    path("information/categories/", views.categories, name="categories"),
    path("information/foreigners/", views.foreigners, name="foreigners"),
    path("information/check-and-pay/", views.check_and_pay, name="check_and_pay"),
    path("information/<slug:slug>/", views.page, name="page"),
    path("guide/", views.guide, name="guide"),
]
