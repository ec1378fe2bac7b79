from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from notifications.views import short_link

from . import metrics, views


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's): no 404s."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Off the public site: a bearer token (settings.METRICS_TOKEN), 404 without one.
    path("metrics", metrics.metrics_view, name="metrics"),
    path("favicon.ico", favicon),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # Redoc (served from our static files, no inline script in the page) styles itself
        # with <style> elements and searches in a blob: worker: only this page allows them.
        csp_override(
            settings.SECURE_CSP
            | {"style-src": [CSP.SELF, CSP.UNSAFE_INLINE], "worker-src": [CSP.SELF, "blob:"]}
        )(SpectacularRedocView.as_view(url_name="api-schema", template_name="msqory/redoc.html")),
        name="api-docs",
    ),
    path("api/v1/", include("msqory.api_urls")),
    # The short link in every SMS (no language prefix: an SMS has no room for one).
    path("u/<str:key>", short_link, name="notifications-short"),
    # FHIR R4 for clinic systems (coverage eligibility), outside the language prefix.
    path("", include("eligibility.api_urls")),
]

# Every page lives under /kk/, /ru/ or /en/; "/" redirects by the browser's language.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    # Inside the language prefix, so that the page being left resolves in its own language
    # and set_language can send the reader to the same page in the new one.
    path("i18n/setlang/", set_language, name="set_language"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("contributions.urls")),
    path("", include("status.urls")),
    path("", include("refunds.urls")),
    path("", include("clinics.urls")),
    path("", include("certificates.urls")),
    path("", include("information.urls")),
    path("", include("notifications.urls")),
    prefix_default_language=True,
)

admin.site.site_header = admin.site.site_title = "msqory"

# JSON under /api/, a 503 page while the database is away, Django's pages otherwise.
handler404 = "msqory.error_responses.page_not_found"
handler500 = "msqory.error_responses.server_error"
