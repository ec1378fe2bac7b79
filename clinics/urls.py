from django.urls import path

from . import views

app_name = "clinics"

urlpatterns = [
    path("clinics/", views.find, name="find"),
    path("clinics/mine/", views.mine, name="mine"),
    path("registrar/", views.registrar_home, name="registrar"),
    path("registrar/login/", views.RegistrarLoginView.as_view(), name="registrar_login"),
    path("registrar/logout/", views.RegistrarLogoutView.as_view(), name="registrar_logout"),
    path("registrar/attach/", views.registrar_attach, name="registrar_attach"),
    path("registrar/detach/", views.registrar_detach, name="registrar_detach"),
    path("registrar/patients/", views.registrar_patients, name="registrar_patients"),
    path(
        "registrar/attachments/<int:pk>/",
        views.registrar_attachment,
        name="registrar_attachment",
    ),
]
