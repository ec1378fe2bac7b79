"""A message for Celery, written in the same transaction as the change it is about."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    # The same key enqueued twice is one message (one e-mail per event, say); "" for none.
    dedup_key = models.CharField(_("deduplication key"), max_length=200, blank=True)
    # The request that caused it, so the task's logs carry the same request id.
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Last handed to the broker; sent again when not done some time after (the relay).
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The task ran to its end on a worker: never run again.
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedup_key"],
                condition=~Q(dedup_key=""),
                name="outbox_message_unique_dedup_key",
            )
        ]
        indexes = [
            # The relay's and the metrics' question: what is not done yet, oldest first.
            models.Index(fields=["created_at"], condition=Q(done_at=None), name="outbox_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"
