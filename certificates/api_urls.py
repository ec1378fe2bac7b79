from django.urls import path

from .api import CertificateIssueView, CertificatePdfView, CertificateVerificationView

urlpatterns = [
    path("certificates/", CertificateIssueView.as_view(), name="certificate-issue"),
    path(
        "certificates/<str:code>/",
        CertificateVerificationView.as_view(),
        name="certificate-verification",
    ),
    path("certificates/<str:code>/pdf", CertificatePdfView.as_view(), name="certificate-pdf"),
]
