"""The certificate's pages: the download from the status result (a POST, the IIN in the body, under
the lookup limit) and the public check of a code (a form, and the page the QR code opens)."""

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from msqory.ratelimit import lookup_rate_limited, too_many_page
from status import selectors as status_selectors
from status.forms import StatusCheckForm

from . import limits, pdf, selectors, services
from .codes import format_code, parse_code
from .forms import CheckedCertificateForm, VerifyForm
from .models import Certificate

# What the not-found page repeats of a code typed into the address (it may be anything).
_SHOWN_CODE_LENGTH = 40


def pdf_response(certificate: Certificate) -> HttpResponse:
    response = HttpResponse(
        pdf.certificate_pdf(certificate=certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{pdf.filename(certificate=certificate)}"'
    )
    return response


def pdf_unavailable_message() -> str:
    return gettext(
        "Certificates cannot be made at the moment. Your status is still shown on the status "
        "page; please try again later."
    )


def not_made(request, message: str, *, status: int):
    return render(request, "certificates/not_made.html", {"message": message}, status=status)


@never_cache
@require_POST
@lookup_rate_limited
def download(request):
    """The status as a PDF certificate for the IIN the status page has just checked; a forged
    or hour-old check is asked again, a missing rule comes back to the status form with the
    IIN kept."""
    form = CheckedCertificateForm(request.POST)
    if not form.is_valid():
        return not_made(request, CheckedCertificateForm.check_again, status=400)
    iin = form.cleaned_data["iin"]
    try:
        # A certificate whose PDF could not be made is not kept.
        with transaction.atomic():
            certificate = services.issue_certificate(iin=iin, language=get_language())
            return pdf_response(certificate)
    except status_selectors.MISSING_RULE as error:
        context = {"form": StatusCheckForm(initial={"iin": iin}), "unavailable": str(error)}
        return render(request, "status/check.html", context, status=503)
    except pdf.PdfUnavailable:
        return not_made(request, pdf_unavailable_message(), status=503)


@require_GET
def verify_form(request):
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("certificates:verify", code=format_code(form.cleaned_data["code"]))
    return render(request, "certificates/verify_form.html", {"form": form})


@never_cache
@require_GET
def verify(request, code: str):
    wait = limits.verify_hit(request)
    if wait is not None:
        return too_many_page(request, wait)
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None:
        context = {
            "code": code[:_SHOWN_CODE_LENGTH],
            "malformed": parse_code(code) is None,
            "form": VerifyForm(),
        }
        return render(request, "certificates/not_found.html", context, status=404)
    return render(
        request,
        "certificates/verify.html",
        {
            "verification": selectors.verify(certificate=certificate),
            "certificate": certificate,
            "iin": selectors.masked_iin(certificate.iin),
        },
    )
