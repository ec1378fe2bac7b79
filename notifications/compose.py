"""What each message says, in the subscriber's language: the e-mail (subject, text and HTML,
with the List-Unsubscribe headers of RFC 2369 and RFC 8058) and the SMS.

Templates: notifications/messages/<kind>_subject.txt, <kind>.txt, <kind>.html and
<kind>.sms.txt. Links are absolute (SITE_URL). No message holds the full IIN: e-mails show it
masked (87********23), SMS not at all (the page behind their link shows it masked).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from status.engine import StatusResult

from . import links
from .models import Kind, Message, Subscription
from .selectors import how_to_pay, masked_iin
from .sms import fits_one_sms

logger = logging.getLogger(__name__)


def _context(*, message: Message, subscription: Subscription, result: StatusResult | None):
    language = subscription.language
    context = {
        "kind": message.kind,
        "iin": masked_iin(subscription.iin),
        "result": result,
        "how_to_pay": how_to_pay(result=result) if result is not None else None,
        "status_url": links.page_url("status:check", language=language),
        "unsubscribe_url": links.page_url(
            "notifications:unsubscribe", language=language, key=subscription.key
        ),
        "short_url": links.absolute(
            reverse("notifications-short", kwargs={"key": subscription.key})
        ),
        "hours": settings.SUBSCRIPTION_CONFIRM_HOURS,
    }
    if message.kind == Kind.CONFIRMATION:
        token = links.confirmation_token(subscription_id=subscription.pk, key=subscription.key)
        context["confirm_url"] = links.page_url(
            "notifications:confirm", language=language, token=token
        )
        context["code"] = subscription.code
        context["tries"] = settings.SUBSCRIPTION_CODE_TRIES
    return context


def email(
    *, message: Message, subscription: Subscription, result: StatusResult | None
) -> EmailMultiAlternatives:
    context = _context(message=message, subscription=subscription, result=result)
    template = f"notifications/messages/{message.kind}"
    with translation.override(subscription.language):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    mail = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.address],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    mail.attach_alternative(html, "text/html")
    return mail


def sms(*, message: Message, subscription: Subscription, result: StatusResult | None) -> str:
    context = _context(message=message, subscription=subscription, result=result)
    with translation.override(subscription.language):
        text = " ".join(
            render_to_string(f"notifications/messages/{message.kind}.sms.txt", context).split()
        )
    if not fits_one_sms(text):
        # A long SITE_URL: the provider sends it in two parts (and bills two).
        logger.warning("SMS %s (%s) is longer than one segment", message.kind, message.language)
    return text
