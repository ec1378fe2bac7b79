"""Citizens' clinic pages and the registrar portal: thin callers of selectors and services."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from msqory.db_router import replica_reads
from msqory.ratelimit import lookup_rate_limited
from msqory.roles import CLINIC_REGISTRAR
from status.selectors import MISSING_RULE, person_by_iin

from . import rules, selectors, services
from .errors import AttachmentRefused
from .forms import AttachForm, DetachForm, FindClinicForm, IINLookupForm, PatientFilterForm
from .models import Attachment

# --- Citizens ------------------------------------------------------------------------------


@replica_reads
@require_GET
def find(request):
    """Find the clinic serving an address; list the clinics that have free places."""
    form = FindClinicForm(request.GET or None)
    serving = None
    city = None
    if form.is_bound and form.is_valid():
        city = form.cleaned_data["city"]
        if form.cleaned_data["street"] or form.cleaned_data["district"]:
            serving = selectors.clinics_for_address(
                city=city,
                street=form.cleaned_data["street"],
                district=form.cleaned_data["district"],
            )
    free = selectors.clinics_with_free_places(city=city)
    return render(
        request,
        "clinics/find.html",
        {"form": form, "serving": serving, "free": free, "city": city},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@lookup_rate_limited
def mine(request):
    """Which clinic an IIN is attached to: the clinic's name and address and since when, only."""
    form = IINLookupForm(request.POST or None)
    attachment = None
    searched = False
    if request.method == "POST" and form.is_valid():
        searched = True
        person = person_by_iin(iin=form.cleaned_data["iin"])
        attachment = selectors.open_attachment(person=person) if person else None
    return render(
        request,
        "clinics/mine.html",
        {"form": form, "attachment": attachment, "searched": searched},
    )


# --- Registrars ----------------------------------------------------------------------------


def registrar_required(view):
    """Only signed-in members of the "Clinic registrar" group linked to a clinic get in;
    the view gets `request.clinic` and must only ever touch that clinic's data."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("clinics:registrar_login"))
        clinic = None
        if request.user.groups.filter(name=CLINIC_REGISTRAR).exists():
            clinic = selectors.registrar_clinic(user=request.user)
        if clinic is None:
            return render(request, "clinics/registrar/forbidden.html", status=403)
        request.clinic = clinic
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


class RegistrarLoginView(auth_views.LoginView):
    template_name = "clinics/registrar/login.html"
    next_page = "clinics:registrar"


class RegistrarLogoutView(auth_views.LogoutView):
    next_page = "clinics:registrar_login"


def _person_page(request, *, person, attach_form=None, detach_form=None, status=200):
    clinic = request.clinic
    current = selectors.open_attachment(person=person)
    ours = current is not None and current.clinic_id == clinic.pk
    # Some people can never be attached (docs/domain.md §7): say why instead of offering the form.
    refusal = rules.NOT_ATTACHABLE.get(person.residency)
    if attach_form is None and refusal is None and not ours:
        attach_form = AttachForm(initial={"iin": person.iin}, person=person)
    if detach_form is None and ours:
        detach_form = DetachForm(initial={"iin": person.iin})
    insured, status_error = None, None
    try:
        insured = selectors.insurance_status(person=person)
    except MISSING_RULE as error:  # the Fund has not published a rule the status depends on
        status_error = str(error)
    return render(
        request,
        "clinics/registrar/person.html",
        {
            "clinic": clinic,
            "places": selectors.clinic_places(clinic=clinic),
            "person": person,
            "status": insured,
            "status_error": status_error,
            "current": current,
            "ours": ours,
            "refusal": refusal,
            "attach_form": None if ours or refusal else attach_form,
            "detach_form": detach_form if ours else None,
        },
        status=status,
    )


@registrar_required
@require_http_methods(["GET", "POST"])
def registrar_home(request):
    """Search a person by IIN (posted, never in the address)."""
    form = IINLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = person_by_iin(iin=form.cleaned_data["iin"])
        if person is not None:
            return _person_page(request, person=person)
        form.add_error("iin", _("There is no person with this IIN in the registry."))
    return render(
        request,
        "clinics/registrar/search.html",
        {
            "form": form,
            "clinic": request.clinic,
            "places": selectors.clinic_places(clinic=request.clinic),
        },
    )


def _posted_person(request):
    """The person named by a posted form's hidden IIN (None, with a message, if unknown)."""
    iin_form = IINLookupForm(request.POST)
    person = person_by_iin(iin=iin_form.cleaned_data["iin"]) if iin_form.is_valid() else None
    if person is None:
        messages.error(request, _("There is no person with this IIN in the registry."))
    return person


@registrar_required
@require_POST
def registrar_attach(request):
    person = _posted_person(request)
    if person is None:
        return redirect("clinics:registrar")
    form = AttachForm(request.POST, person=person)
    if form.is_valid():
        data = form.cleaned_data
        try:
            attachment = services.attach(
                person=person,
                clinic=request.clinic,
                reason=data["reason"],
                by=request.user,
                documents=data["documents"],
                contract_number=data.get("contract_number", ""),
                contract_ends=data.get("contract_ends"),
            )
        except AttachmentRefused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(
                request,
                _("%(person)s is attached to %(clinic)s from %(date)s.")
                % {
                    "person": person,
                    "clinic": attachment.clinic.name,
                    "date": date_format(attachment.start),
                },
            )
            return redirect("clinics:registrar")
    return _person_page(request, person=person, attach_form=form, status=422)


@registrar_required
@require_POST
def registrar_detach(request):
    person = _posted_person(request)
    if person is None:
        return redirect("clinics:registrar")
    form = DetachForm(request.POST)
    if form.is_valid():
        try:
            services.detach(
                person=person,
                clinic=request.clinic,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except AttachmentRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("clinics:registrar")
        messages.success(
            request,
            _("%(person)s is no longer attached to %(clinic)s.")
            % {"person": person, "clinic": request.clinic.name},
        )
        return redirect("clinics:registrar")
    return _person_page(request, person=person, detach_form=form, status=422)


@registrar_required
@require_GET
def registrar_patients(request):
    """The registrar's own clinic's attached persons, filtered, with the capacity gauge."""
    form = PatientFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    attachments = selectors.attached_persons(
        clinic=request.clinic,
        name=filters.get("name", ""),
        reason=filters.get("reason", ""),
        residency=filters.get("residency", ""),
        started_from=filters.get("started_from"),
        started_to=filters.get("started_to"),
    )
    page = Paginator(attachments, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "clinics/registrar/patients.html",
        {
            "form": form,
            "clinic": request.clinic,
            "places": selectors.clinic_places(clinic=request.clinic),
            "page": page,
            "query": query.urlencode(),
        },
    )


@registrar_required
@require_GET
def registrar_attachment(request, pk: int):
    """One attachment of the registrar's own clinic with its history; others do not exist."""
    attachment = (
        Attachment.objects.filter(pk=pk, clinic=request.clinic)
        .select_related("person", "created_by", "ended_by")
        .first()
    )
    if attachment is None:
        raise Http404
    return render(
        request,
        "clinics/registrar/attachment.html",
        {
            "clinic": request.clinic,
            "attachment": attachment,
            "history": attachment.history.select_related("history_user").order_by("history_date"),
        },
    )
