"""Subscriptions to lapse warnings, and the log of every message queued for a subscriber.

A Subscription is one contact address (e-mail or phone) told about one IIN's status. It holds
nothing about the person beyond the IIN: what the messages say comes from the public status.
Unsubscribing deletes the row, and with it the contact address.

A Message is one e-mail or SMS, written before it is sent: the daily selection inserts the
warnings and notices as rows (one of a kind per subscriber and month, a unique index), and the
delivery sends the queued rows that are due. The rows outlive their subscription (with no link
and no address left) as the counts staff see per day.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from status.iin import validate_iin
from status.models import Status


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class Subscription(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        ACTIVE = "active", _("Active")

    iin = models.CharField(_("IIN"), max_length=12, validators=[validate_iin])
    channel = models.CharField(_("channel"), max_length=8, choices=Channel)
    # An e-mail address in lower case, or a phone number in E.164 form (+77012345678).
    address = models.CharField(_("address"), max_length=254)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # The secret in the unsubscribe link: whoever has a message may stop the messages.
    key = models.CharField(_("link key"), max_length=16, unique=True, editable=False)
    state = models.CharField(_("state"), max_length=8, choices=State, default=State.PENDING)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # When a confirmation was last asked for: the link and the code count from it, and an
    # unconfirmed subscription is deleted SUBSCRIPTION_UNCONFIRMED_DAYS after it.
    requested_at = models.DateTimeField(_("confirmation requested"))
    # Phone subscriptions: the code sent by SMS (cleared once confirmed) and the wrong tries.
    code = models.CharField(max_length=6, blank=True, editable=False)
    code_tries = models.PositiveSmallIntegerField(default=0, editable=False)
    # The status the daily task saw last (empty: not yet seen), so it can tell a loss or a return.
    known_status = models.CharField(
        _("last status seen"), max_length=16, choices=Status, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["iin", "address"], name="notifications_one_per_pair")
        ]
        indexes = [
            models.Index(fields=["address"], name="notifications_sub_address"),
            models.Index(fields=["state", "requested_at"], name="notifications_sub_state"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.pk}"


class Kind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Confirmation")
    WARNING = "warning", _("Warning before the status is lost")
    LOST = "lost", _("Status lost")
    RETURNED = "returned", _("Status returned")


# The kinds the daily task sends: at most one of each per subscriber and month.
STATUS_KINDS = [Kind.WARNING, Kind.LOST, Kind.RETURNED]


class Message(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent: no longer applies")
        FAILED = "failed", _("Failed")

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("subscription"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # The day the message was chosen on (the status it tells is that day's) and its month.
    as_of = models.DateField(_("as of"))
    month = models.DateField(_("month"))
    state = models.CharField(_("state"), max_length=8, choices=State, default=State.QUEUED)
    # Not sent before this moment (SMS wait for the end of the quiet hours, failures back off).
    not_before = models.DateTimeField(_("not before"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Confirmations only: a keyed digest of the address, for the daily cap per address.
    address_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "kind", "month"],
                condition=Q(kind__in=STATUS_KINDS),
                name="notifications_one_kind_a_month",
            )
        ]
        indexes = [
            models.Index(
                fields=["not_before"], condition=Q(state="queued"), name="notifications_msg_due"
            ),
            models.Index(
                fields=["address_digest", "created_at"],
                condition=Q(kind="confirmation"),
                name="notifications_msg_confirm",
            ),
            models.Index(fields=["sent_at"], name="notifications_msg_sent_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.as_of}"
