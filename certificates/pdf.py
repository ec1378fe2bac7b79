"""The certificate as a one-page PDF: a Django template and its stylesheet, laid out by WeasyPrint
(the same look as the site) in the certificate's language, with its QR code drawn by segno.

The font is DejaVu Sans from Debian's fonts-dejavu-core, found through fontconfig and embedded
(subset) in the PDF: it covers every Kazakh and Russian letter. Nothing is fetched while the PDF
is made: the stylesheet is in the page, the QR code is inline SVG, and the fetcher refuses every
URL.

WeasyPrint loads pango (libpango-1.0-0, a Debian package) when imported. Without it the portal
still starts and serves everything else: only certificates are refused, with PdfUnavailable.
"""

import ssl

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from . import selectors
from .models import Certificate

try:
    import weasyprint
    from weasyprint.urls import URLFetcher
except OSError:  # pango is missing (see the docstring)
    weasyprint = None


class PdfUnavailable(RuntimeError):
    """The PDF cannot be made on this server (its native libraries are missing)."""


# WeasyPrint's fetcher builds an HTTPS handler for each document; left to make its own TLS
# context it loads the system's certificate store every time (a tenth of a second, about a third
# of a PDF here). This one is never used: the fetcher allows no protocol at all.
_UNUSED_TLS_CONTEXT = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def offline_fetcher() -> "URLFetcher":
    """A fetcher that refuses every URL: a certificate needs nothing from outside itself."""
    return URLFetcher(allowed_protocols=frozenset(), ssl_context=_UNUSED_TLS_CONTEXT)


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG (medium error correction, the standard quiet zone)."""
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=4, border=4, dark="#0b0c0c", omitsize=True
    )


def certificate_html(*, certificate: Certificate) -> str:
    url = selectors.verify_url(certificate=certificate)
    with translation.override(certificate.language):
        return render_to_string(
            "certificates/certificate.html",
            {
                "certificate": certificate,
                "months": selectors.months_of(certificate=certificate),
                "debt_periods": selectors.debt_periods(certificate=certificate),
                "prepaid_periods": selectors.prepaid_periods(certificate=certificate),
                "years_without_amount": selectors.years_without_amount(certificate=certificate),
                "verify_url": url,
                "qr": mark_safe(qr_svg(url)),  # noqa: S308 - segno's own markup of our URL
            },
        )


def certificate_pdf(*, certificate: Certificate) -> bytes:
    if weasyprint is None:
        raise PdfUnavailable("WeasyPrint cannot load pango (apt-get install -y libpango-1.0-0)")
    html = certificate_html(certificate=certificate)
    return weasyprint.HTML(string=html, url_fetcher=offline_fetcher()).write_pdf()


def filename(*, certificate: Certificate) -> str:
    return f"msqory-certificate-{certificate.display_code}.pdf"
