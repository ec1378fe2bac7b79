"""Citizens' pages (file, print, track) and the staff-only document download."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from msqory import ratelimit

from . import selectors, services
from .errors import WorkflowError
from .forms import CancellationForm, RefundForm, TrackForm
from .models import Application, Attachment, Kind
from .validators import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS

SESSION_KEY = "refunds_applications"


def _form_page(request, template: str, kind: str, form, *, status: int = 200, **extra):
    """A form page, with the figures it explains (deadline, document limits) from their data."""
    try:
        review_days = selectors.deadline_rule(
            kind=kind, on=timezone.localdate()
        ).review_working_days
    except WorkflowError:  # none published: the page names no deadline, sending says why
        review_days = None
    context = {
        "form": form,
        "review_days": review_days,
        "max_attachment_bytes": MAX_ATTACHMENT_BYTES,
        "max_attachments": MAX_ATTACHMENTS,
        **extra,
    }
    return render(request, template, context, status=status)


def _spam(request):
    return render(request, "refunds/not_accepted.html", status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def refund_new(request):
    if request.method == "GET":
        return _form_page(request, "refunds/refund_form.html", Kind.REFUND, RefundForm())
    form = RefundForm(data=request.POST, files=request.FILES)
    if form.is_spam:
        return _spam(request)
    if request.POST.get("action") == "find":
        return _show_payments(request)
    wait = _submission_hit(request)
    if wait is not None:
        return ratelimit.too_many_page(request, wait)
    if form.is_valid():
        try:
            application = services.submit_refund(
                person=form.person,
                payments=form.cleaned_data["payment_objects"],
                documents=form.documents(),
                language=get_language(),
                **form.application_fields(),
            )
        except WorkflowError as error:
            form.add_error(None if error.code == "no_deadline_rule" else "payments", error.message)
        else:
            return _submitted(request, application)
    return _form_page(
        request,
        "refunds/refund_form.html",
        Kind.REFUND,
        form,
        status=400,
        files_dropped=bool(request.FILES),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def cancellation_new(request):
    if request.method == "GET":
        return _form_page(
            request, "refunds/cancellation_form.html", Kind.CANCELLATION, CancellationForm()
        )
    form = CancellationForm(data=request.POST, files=request.FILES)
    if form.is_spam:
        return _spam(request)
    wait = _submission_hit(request)
    if wait is not None:
        return ratelimit.too_many_page(request, wait)
    if form.is_valid():
        try:
            application = services.submit_cancellation(
                person=form.person,
                documents=form.documents(),
                language=get_language(),
                **form.application_fields(),
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
        else:
            return _submitted(request, application)
    return _form_page(
        request,
        "refunds/cancellation_form.html",
        Kind.CANCELLATION,
        form,
        status=400,
        files_dropped=bool(request.FILES),
    )


def _show_payments(request):
    """ "Show my payments": an IIN lookup, limited like every other one; nothing is filed.

    The form comes back unbound with what was typed as initial values, so that only the IIN
    can show an error at this point.
    """
    wait = ratelimit.hit(request)
    if wait is not None:
        return ratelimit.too_many_page(request, wait)
    initial = {
        name: values if name == "payments" else values[-1]
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "action", "website")
        and not name.startswith("manual-")
    }
    form = RefundForm(
        initial=initial,
        iin=initial.get("applicant_iin", ""),
        manual_data=request.POST if "manual-TOTAL_FORMS" in request.POST else None,
    )
    problem = form.iin_problem()
    if problem:
        form.errors["applicant_iin"] = form.error_class([problem])
    return _form_page(
        request,
        "refunds/refund_form.html",
        Kind.REFUND,
        form,
        status=400 if problem else 200,
        looked_up=problem is None,
        files_dropped=bool(request.FILES),
    )


def _submission_hit(request) -> int | None:
    """Every attempt to file an application counts (valid or not), apart from the lookups."""
    return ratelimit.hit(request, scope="refunds-submit", rate=settings.REFUNDS_SUBMIT_RATE_LIMIT)


def _submitted(request, application: Application):
    # The applicant may print their application later in the same browser session; the number
    # never appears in a URL.
    ids = [i for i in request.session.get(SESSION_KEY, []) if i != application.pk]
    request.session[SESSION_KEY] = [*ids[-9:], application.pk]
    return redirect("refunds:submitted")


@never_cache
@require_GET
def submitted(request):
    ids = request.session.get(SESSION_KEY) or []
    application = (
        Application.objects.filter(pk__in=ids[-1:])
        .select_related("person")
        .prefetch_related("payments__payer_type", "attachments")
        .first()
    )
    if application is None:
        return redirect("refunds:track")
    template = (
        "refunds/print_refund.html"
        if application.kind == Kind.REFUND
        else "refunds/print_cancellation.html"
    )
    return render(
        request,
        "refunds/submitted.html",
        {"application": application, "print_template": template},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    if request.method == "GET":
        return render(request, "refunds/track.html", {"form": TrackForm()})
    wait = ratelimit.hit(request)
    if wait is not None:
        return ratelimit.too_many_page(request, wait)
    form = TrackForm(data=request.POST)
    application = None
    if form.is_valid():
        application = selectors.find_application(
            number=form.cleaned_data["number"], iin=form.cleaned_data["iin"]
        )
        if application is None:
            form.add_error(
                None,
                _(
                    "We found no application with this number for this IIN. Check both; the "
                    "number is in the e-mail we sent when you applied."
                ),
            )
    return render(
        request,
        "refunds/track.html",
        {
            "form": form,
            "application": application,
            "overdue": application is not None
            and application.is_overdue(today=timezone.localdate()),
        },
        status=200 if application else 400,
    )


@staff_member_required
@require_GET
def download_attachment(request, pk: int):
    """Only staff with the download permission; always as a download, never shown inline."""
    if not request.user.has_perm("refunds.download_attachment"):
        raise PermissionDenied
    attachment = get_object_or_404(Attachment, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
