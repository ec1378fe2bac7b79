"""Public information pages, the FAQ, the search and the guide: thin callers of selectors."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from msqory.db_router import replica_reads
from msqory.ratelimit import lookup_rate_limited
from status import selectors as status_selectors
from status import snapshots as status_snapshots

from . import guide as guide_logic
from . import selectors
from .forms import GuideForm, GuideStatusForm, SearchForm
from .models import ChannelKind, Package


@replica_reads
@require_GET
def index(request):
    return render(
        request,
        "information/index.html",
        {
            "pages": selectors.pages(),
            "search_form": SearchForm(),
            "figures": selectors.figures(),
        },
    )


@replica_reads
@require_GET
def page(request, slug):
    found = selectors.page(slug=slug)
    if found is None:
        raise Http404
    return render(
        request,
        "information/page.html",
        {"page": found, "figures": selectors.figures(), "pages": selectors.pages()},
    )


@replica_reads
@require_GET
def faq(request):
    return render(
        request,
        "information/faq.html",
        {"categories": selectors.faq_categories(), "figures": selectors.figures()},
    )


@replica_reads
@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    query, hits = "", None
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            hits = selectors.search(query=query)
    return render(
        request,
        "information/search.html",
        {"form": form, "query": query, "hits": hits, "figures": selectors.figures()},
    )


@replica_reads
@require_GET
def care(request):
    lists = selectors.care_lists()
    return render(
        request,
        "information/care.html",
        {"gvfmc": lists[Package.GVFMC], "mshi": lists[Package.MSHI]},
    )


@replica_reads
@require_GET
def categories(request):
    grouped = selectors.categories()
    return render(
        request,
        "information/categories.html",
        {"state_paid": grouped["state_paid"], "exempt": grouped["exempt"]},
    )


@replica_reads
@require_GET
def foreigners(request):
    return render(request, "information/foreigners.html", {"rules": selectors.residency_rules()})


@replica_reads
@require_GET
def check_and_pay(request):
    return render(
        request,
        "information/check_and_pay.html",
        {
            "check": selectors.channels(kind=ChannelKind.CHECK),
            "pay": selectors.channels(kind=ChannelKind.PAY),
            "contact": selectors.channels(kind=ChannelKind.CONTACT),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@lookup_rate_limited
def guide(request):
    """GET: the questions, and the answer once they are answered. POST: the same answers with
    an IIN (never in the address), answered with the person's current status as well."""
    today = timezone.localdate()
    status_form = None
    status_result = None
    unavailable = None
    looked_up = False
    if request.method == "POST":
        status_form = GuideStatusForm(request.POST)
        form = GuideForm(request.POST)
        if status_form.is_valid():
            looked_up = True
            person = status_selectors.person_by_iin(iin=status_form.cleaned_data["iin"])
            if person is not None:
                try:
                    status_result = status_snapshots.current_status(person=person, on=today)
                except status_selectors.MISSING_RULE as error:
                    unavailable = str(error)
    else:
        form = GuideForm(request.GET if "residency" in request.GET else None)
    answer = None
    if form.is_bound and form.is_valid():
        answer = guide_logic.answer(
            residency=form.cleaned_data["residency"],
            situations=form.cleaned_data["situation"],
            on=today,
        )
        if status_form is None:
            status_form = GuideStatusForm(initial=form.cleaned_data)
    context = {
        "form": form,
        "answer": answer,
        "status_form": status_form,
        "status_result": status_result,
        "unavailable": unavailable,
        "looked_up": looked_up,
    }
    if answer is not None:
        context["care_insured"] = guide_logic.care_items(answer, insured=True)
        context["care_uninsured"] = guide_logic.care_items(answer, insured=False)
    return render(request, "information/guide.html", context)
