"""Celery tasks: the applicant's e-mail on every change of state, the daily overdue report."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from msqory.roles import FUND_STAFF


@shared_task(name="refunds.tasks.send_state_email", acks_late=True)
def send_state_email(event_id: int) -> bool:
    """Tell the applicant, in the language they applied in, where their application stands."""
    from .models import Event

    event = Event.objects.select_related("application").filter(pk=event_id).first()
    if event is None or not event.application.email:
        return False
    application = event.application
    send_templated_email(
        "refunds/email/state",
        {"application": application, "event": event},
        language=application.language,
        to=[application.email],
    )
    return True


@shared_task(name="refunds.tasks.report_overdue")
def report_overdue() -> int:
    """E-mail Fund staff the list of applications past their due date; return how many."""
    from .selectors import overdue_applications

    today = timezone.localdate()
    overdue = list(overdue_applications(today=today))
    if not overdue:
        return 0
    recipients = sorted(
        get_user_model()
        .objects.filter(is_active=True, groups__name=FUND_STAFF)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if recipients:
        send_templated_email(
            "refunds/email/overdue",
            {"applications": overdue, "today": today},
            language=settings.LANGUAGE_CODE,
            to=recipients,
        )
    return len(overdue)


def send_templated_email(template: str, context: dict, *, language: str, to: list[str]) -> None:
    """Send `template`_subject.txt / _body.txt rendered in `language` (the subject on one line)."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_body.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    ).send()
