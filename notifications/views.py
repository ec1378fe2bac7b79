"""The citizens' pages: subscribe (from the status result page), confirm by link or by code,
and unsubscribe without signing in (the link in every message, and RFC 8058's one-click POST).

A GET never changes anything (mail scanners open links): confirming and unsubscribing are a
button on the page the link opens, or a mail client's one-click POST.
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from msqory import ratelimit

from . import selectors, services
from .contacts import masked_address
from .errors import SubscriptionRefused
from .forms import SUBSCRIPTION_FIELDS, CodeForm, SubscribeForm
from .models import Channel, Subscription


def rate_limit_hit(request) -> int | None:
    """Subscribing and typing codes share one per-client limit (page and API)."""
    return ratelimit.hit(request, scope="subscriptions", rate=settings.SUBSCRIPTIONS_RATE_LIMIT)


def too_many_message(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return ngettext(
        "Too many subscription requests from your connection. Please try again in %(minutes)d "
        "minute.",
        "Too many subscription requests from your connection. Please try again in %(minutes)d "
        "minutes.",
        minutes,
    ) % {"minutes": minutes}


def _too_many(request, template: str, context: dict, seconds: int):
    context = context | {"rate_limited": too_many_message(seconds)}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(seconds)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":  # the form lives on the status result page
        return redirect("status:check")
    form = SubscribeForm(request.POST)
    context = {"form": form}
    wait = rate_limit_hit(request)
    if wait is not None:
        return _too_many(request, "notifications/subscribe.html", context, wait)
    if form.is_valid():
        try:
            subscribed = services.subscribe(
                **{name: form.cleaned_data[name] for name in SUBSCRIPTION_FIELDS}
            )
        except SubscriptionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            subscription = subscribed.subscription
            if subscription.channel == Channel.SMS and not subscribed.already_active:
                return redirect("notifications:phone", token=subscribed.token)
            return render(
                request,
                "notifications/requested.html",
                {
                    "subscribed": subscribed,
                    "address": masked_address(subscription.address),
                    "iin": selectors.masked_iin(subscription.iin),
                    "hours": settings.SUBSCRIPTION_CONFIRM_HOURS,
                },
            )
    return render(request, "notifications/subscribe.html", context, status=400)


def _refused(request, refusal: SubscriptionRefused):
    status = 410 if refusal.code in ("link_expired", "no_tries_left") else 400
    return render(request, "notifications/refused.html", {"refusal": refusal}, status=status)


def _subscribed(request, subscription: Subscription):
    context = {
        "iin": selectors.masked_iin(subscription.iin),
        "address": masked_address(subscription.address),
        "unsubscribe_url": reverse("notifications:unsubscribe", kwargs={"key": subscription.key}),
    }
    return render(request, "notifications/subscribed.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """The link of the confirmation e-mail: a page with one button that confirms."""
    try:
        if request.method == "POST":
            return _subscribed(request, services.confirm_email(token=token))
        subscription = services.subscription_for_token(token=token)
    except SubscriptionRefused as refusal:
        return _refused(request, refusal)
    if subscription.state == Subscription.State.ACTIVE:
        return _subscribed(request, subscription)
    context = {"iin": selectors.masked_iin(subscription.iin), "token": token}
    return render(request, "notifications/confirm.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def phone(request, token: str):
    """Where the code sent by SMS is typed back."""
    form = CodeForm(request.POST if request.method == "POST" else None)
    try:
        subscription = services.subscription_for_token(token=token)
    except SubscriptionRefused as refusal:
        return _refused(request, refusal)
    if subscription.state == Subscription.State.ACTIVE:
        return _subscribed(request, subscription)
    context = {
        "form": form,
        "address": masked_address(subscription.address),
        "iin": selectors.masked_iin(subscription.iin),
        "tries": settings.SUBSCRIPTION_CODE_TRIES,
    }
    if request.method == "GET":
        return render(request, "notifications/phone.html", context)
    wait = rate_limit_hit(request)
    if wait is not None:
        return _too_many(request, "notifications/phone.html", context, wait)
    if form.is_valid():
        try:
            confirmed = services.confirm_phone(token=token, code=form.cleaned_data["code"])
        except SubscriptionRefused as refusal:
            if refusal.code != "wrong_code":
                return _refused(request, refusal)
            form.add_error("code", refusal.message)
        else:
            return _subscribed(request, confirmed)
    return render(request, "notifications/phone.html", context, status=400)


@never_cache
@csrf_exempt  # mail clients POST "List-Unsubscribe=One-Click" here without a form (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, key: str):
    subscription = selectors.subscription_by_key(key=key)
    if request.method == "POST":
        services.unsubscribe(key=key)
        return render(request, "notifications/unsubscribed.html")
    if subscription is None:
        return render(request, "notifications/unsubscribed.html", {"unknown": True}, status=404)
    context = {
        "iin": selectors.masked_iin(subscription.iin),
        "address": masked_address(subscription.address),
        "pending": subscription.state == Subscription.State.PENDING,
        "key": key,
    }
    return render(request, "notifications/unsubscribe.html", context)


@require_GET
def short_link(request, key: str):
    """The SMS's short link: the subscription's page in its own language."""
    subscription = selectors.subscription_by_key(key=key)
    language = subscription.language if subscription else settings.LANGUAGE_CODE
    with translation.override(language):
        return redirect(reverse("notifications:unsubscribe", kwargs={"key": key}))
