"""The public status check: an IIN posted in a form (never in a URL), the answer in plain words.

The answer stays readable in the same browser for a few minutes under an opaque token
(`?result=…`, the IIN kept in the session, never in the address), so that switching the
language after a result shows the same result in the new language.
"""

import secrets
import time

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from contributions.models import PayerCode
from msqory.logmasking import mask_value
from msqory.metrics import LOOKUPS
from msqory.ratelimit import lookup_rate_limited

from . import prepaid, selectors, snapshots, wording
from .checked import checked_iin_token
from .forms import StatusCheckForm
from .models import Reason

RESULTS_SESSION_KEY = "status_results"
RESULT_SECONDS = 15 * 60


@never_cache
@require_http_methods(["GET", "POST"])
@lookup_rate_limited
def check(request):
    form = StatusCheckForm(request.POST if request.method == "POST" else None)
    iin = token = None
    if form.is_bound and form.is_valid():
        iin = form.cleaned_data["iin"]
    elif form.is_bound:
        LOOKUPS.labels(outcome="invalid").inc()
    elif "result" in request.GET:
        token = request.GET["result"]
        iin = _recall(request, token)
    if iin is None:
        context = {"form": form, "window": wording.window_months()}
        return render(request, "status/check.html", context)
    try:
        result = snapshots.status_by_iin(iin=iin)
    except selectors.MISSING_RULE as error:  # the form keeps the IIN for a later try
        kept = form if form.is_bound else StatusCheckForm(initial={"iin": iin})
        context = {"form": kept, "unavailable": str(error), "window": wording.window_months()}
        return render(request, "status/check.html", context, status=503)
    token = _remember(request, iin, token=token)
    names = selectors.payer_type_names()
    months = [{"cell": cell, "payers": _payers(cell, names)} for cell in result.months]
    context = {
        # The answer is about whoever holds this IIN: the form starts empty again.
        "form": StatusCheckForm(),
        "result": result,
        "months": months,
        "window": wording.window_months(),
        "checked_iin": mask_value(iin),
        # The forms under the result (certificate, warnings) carry the IIN back encrypted.
        "checked_token": checked_iin_token(iin),
        "language_next": f"{request.path}?result={token}",
        "prepaid_months": (
            prepaid.months_paid_ahead(iin=iin, on=result.as_of)
            if result.reason == Reason.PREPAID_12_MONTHS
            else []
        ),
    }
    return render(request, "status/check.html", context)


def _payers(cell, names: dict[str, str]) -> list[str]:
    """Who paid a month, the state said once ("by the state"), never twice."""
    payers = [_("by the state")] if cell.state or PayerCode.STATE in cell.payer_types else []
    return payers + [names.get(code, code) for code in cell.payer_types if code != PayerCode.STATE]


def _remember(request, iin: str, *, token: str | None) -> str:
    """Keep the checked IIN in the session under a token for RESULT_SECONDS (the last five)."""
    now = time.time()
    kept = {
        key: entry
        for key, entry in (request.session.get(RESULTS_SESSION_KEY) or {}).items()
        if entry.get("until", 0) > now
    }
    if token not in kept:
        token = secrets.token_urlsafe(16)
    kept.pop(token, None)
    kept = dict(list(kept.items())[-4:])
    kept[token] = {"iin": iin, "until": now + RESULT_SECONDS}
    request.session[RESULTS_SESSION_KEY] = kept
    return token


def _recall(request, token: str) -> str | None:
    entry = (request.session.get(RESULTS_SESSION_KEY) or {}).get(token)
    if not entry or entry.get("until", 0) < time.time():
        return None
    return entry["iin"]
