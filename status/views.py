"""The public status check: an IIN posted in a form (never in a URL), the answer in plain words."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from msqory.metrics import LOOKUPS
from msqory.ratelimit import lookup_rate_limited

from . import selectors, snapshots
from .forms import StatusCheckForm


@never_cache
@require_http_methods(["GET", "POST"])
@lookup_rate_limited
def check(request):
    form = StatusCheckForm(request.POST if request.method == "POST" else None)
    result = None
    months = []
    if form.is_bound and form.is_valid():
        try:
            result = snapshots.status_by_iin(iin=form.cleaned_data["iin"])
        except selectors.MISSING_RULE as error:  # the form keeps the IIN for a later try
            context = {"form": form, "unavailable": str(error)}
            return render(request, "status/check.html", context, status=503)
        names = selectors.payer_type_names()
        months = [
            {"cell": cell, "payers": [names.get(code, code) for code in cell.payer_types]}
            for cell in result.months
        ]
        # The answer is about whoever holds this IIN: the form starts empty again.
        form = StatusCheckForm()
    elif form.is_bound:
        LOOKUPS.labels(outcome="invalid").inc()
    return render(request, "status/check.html", {"form": form, "result": result, "months": months})
