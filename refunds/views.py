"""Citizens' pages (file, print, track) and the staff-only document download."""

import time
from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from msqory import ratelimit
from msqory.upload_limits import accepts_uploads

from . import selectors, services
from .errors import WorkflowError
from .forms import CancellationForm, RefundForm, TrackForm
from .models import Application, Attachment, Kind
from .validators import max_attachment_bytes, max_attachments

SESSION_KEY = "refunds_submitted"


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
        "max_attachment_bytes": max_attachment_bytes(),
        "max_attachments": max_attachments(),
        **extra,
    }
    return render(request, template, context, status=status)


def _spam(request):
    return render(request, "refunds/not_accepted.html", status=400)


def _is_spam(request) -> bool:
    """The hidden "website" field (people never see it; bots fill it in)."""
    return bool(request.POST.get("website"))


# Each POST is counted against its limit before anything is looked up, so that neither the
# answer nor its timing says anything about an IIN beyond the limit (SECURITY.md §1).


@accepts_uploads
@never_cache
@require_http_methods(["GET", "POST"])
def refund_new(request):
    if request.method == "GET":
        return _form_page(request, "refunds/refund_form.html", Kind.REFUND, RefundForm())
    if _is_spam(request):
        return _spam(request)
    if request.POST.get("action") == "find":
        return _show_payments(request)
    wait = _submission_hit(request)
    if wait is not None:
        return ratelimit.too_many_page(request, wait)
    person = selectors.applicant(typed_iin=request.POST.get("applicant_iin", ""))
    offered = (
        selectors.offered_payments(person=person, chosen=request.POST.getlist("payments"))
        if person is not None
        else []
    )
    form = RefundForm(
        data=request.POST, files=request.FILES, person=person, ledger_payments=offered
    )
    form.is_valid()
    if form.can_check_payments():
        check = selectors.check_payments(
            person=person, chosen=form.chosen_payments(), typed=form.typed_payments()
        )
        form.add_payment_check(check)
        if "payment_objects" in form.cleaned_data:
            effects = selectors.refund_effects(person=person)
            form.add_status_change(effects and effects.of_refunding(check.payments))
    if "payment_objects" in form.cleaned_data:
        try:
            application = services.submit_refund(
                person=person,
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


@accepts_uploads
@never_cache
@require_http_methods(["GET", "POST"])
def cancellation_new(request):
    if request.method == "GET":
        return _form_page(
            request, "refunds/cancellation_form.html", Kind.CANCELLATION, CancellationForm()
        )
    if _is_spam(request):
        return _spam(request)
    wait = _submission_hit(request)
    if wait is not None:
        return ratelimit.too_many_page(request, wait)
    person = selectors.applicant(typed_iin=request.POST.get("applicant_iin", ""))
    form = CancellationForm(data=request.POST, files=request.FILES, person=person)
    if form.is_valid():
        try:
            application = services.submit_cancellation(
                person=person,
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
    can show an error at this point. Payments whose refund alone would end the person's
    status say so.
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
    person = selectors.applicant(typed_iin=initial.get("applicant_iin", ""))
    offered, dependent = [], set()
    if person is not None:
        offered = selectors.offered_payments(person=person, chosen=initial.get("payments", []))
        effects = selectors.refund_effects(person=person)
        if effects is not None:
            dependent = {p.pk for p in offered if effects.of_refunding([p])}
    form = RefundForm(
        initial=initial,
        person=person,
        ledger_payments=offered,
        status_dependent=dependent,
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
    """Show the application once filed. The number never appears in a URL: the session
    remembers it for REFUNDS_SUBMITTED_PAGE_SECONDS (an hour), and for an applicant who is
    not signed in the session ends with the browser, so that the next person at a shared
    computer cannot reopen the page."""
    request.session[SESSION_KEY] = {
        "id": application.pk,
        "until": time.time() + settings.REFUNDS_SUBMITTED_PAGE_SECONDS,
    }
    if not request.user.is_authenticated:
        request.session.set_expiry(0)
    return redirect("refunds:submitted")


def _submitted_application(request) -> Application | None:
    remembered = request.session.get(SESSION_KEY)
    if not isinstance(remembered, dict) or remembered.get("until", 0) < time.time():
        request.session.pop(SESSION_KEY, None)
        return None
    return (
        Application.objects.filter(pk=remembered.get("id"))
        .select_related("person")
        .prefetch_related("payments__payer_type", "attachments")
        .first()
    )


def _print_template(application: Application) -> str:
    if application.kind == Kind.REFUND:
        return "refunds/print_refund.html"
    return "refunds/print_cancellation.html"


@never_cache
@require_GET
def submitted(request):
    application = _submitted_application(request)
    if application is None:
        return redirect("refunds:track")
    return render(
        request,
        "refunds/submitted.html",
        {"application": application, "print_template": _print_template(application)},
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
            "print_template": _print_template(application) if application else None,
        },
        status=200 if application else 400,
    )


def verified_staff_required(view):
    """Only a session the admin site itself accepts: staff, and verified by their authenticator
    code wherever they need one (msqory.admin_site); others sign in at the admin first."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not admin.site.has_permission(request):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    return wrapper


@verified_staff_required
@require_GET
def download_attachment(request, pk: int):
    """Only staff with the download permission; always as a download, never shown inline,
    named by what the file is (its sniffed type), never by the uploader's extension."""
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
        filename=attachment.download_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
