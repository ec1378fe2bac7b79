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
    with translation.override(application.language):
        context = {"application": application, "event": event}
        subject = render_to_string("refunds/email/state_subject.txt", context).strip()
        body = render_to_string("refunds/email/state_body.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[application.email],
    ).send()
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
        with translation.override(settings.LANGUAGE_CODE):
            context = {"applications": overdue, "today": today}
            subject = render_to_string("refunds/email/overdue_subject.txt", context).strip()
            body = render_to_string("refunds/email/overdue_body.txt", context)
        EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
        ).send()
    return len(overdue)
