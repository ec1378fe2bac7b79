"""Subscribing to lapse warnings: double opt-in, the limits against abuse, unsubscribing.

- subscribe() records a pending subscription and queues its confirmation: a signed link by
  e-mail, or a 6-digit code by SMS. Nothing else is ever sent before it is confirmed.
- confirm_email() / confirm_phone() make it active, within SUBSCRIPTION_CONFIRM_HOURS (the
  code: at most SUBSCRIPTION_CODE_TRIES wrong tries, then the subscription is deleted).
- unsubscribe() deletes the subscription, and with it the contact address.
- delete_unconfirmed() removes what was never confirmed within SUBSCRIPTION_UNCONFIRMED_DAYS.

Limits: SUBSCRIPTIONS_PER_IIN and SUBSCRIPTIONS_PER_ADDRESS active subscriptions, and
CONFIRMATIONS_PER_ADDRESS_PER_DAY confirmation messages (per calendar day, Asia/Almaty). They
hold under concurrent requests: each change takes a transaction lock on its IIN and address.
Addresses come in normalised (notifications.contacts).
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from . import delivery, links, selectors
from .contacts import address_digest
from .errors import SubscriptionRefused
from .models import Channel, Kind, Message, Subscription

# Subscription.key: 8 characters of 32 (40 bits), short enough for an SMS link; no look-alikes.
KEY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
KEY_LENGTH = 8


@dataclass(frozen=True)
class Subscribed:
    subscription: Subscription
    # True when this address already receives warnings for this IIN: nothing was sent.
    already_active: bool

    @property
    def token(self) -> str:
        """The confirmation token (the phone's code page is addressed by it)."""
        return links.confirmation_token(
            subscription_id=self.subscription.pk, key=self.subscription.key
        )


def _lock(*values: str) -> None:
    """Serialise changes concerning these IINs and addresses until the transaction ends."""
    if connection.vendor != "postgresql":  # SQLite runs one writer at a time anyway
        return
    with connection.cursor() as cursor:
        for value in sorted(set(values)):  # always in the same order: no deadlock
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 7310))", [value])


def _check_limits(*, iin: str, address: str, exclude: int | None = None) -> None:
    rows = Subscription.objects.filter(state=Subscription.State.ACTIVE).exclude(pk=exclude)
    if rows.filter(iin=iin).count() >= settings.SUBSCRIPTIONS_PER_IIN:
        raise SubscriptionRefused("too_many_for_iin", limit=settings.SUBSCRIPTIONS_PER_IIN)
    if rows.filter(address=address).count() >= settings.SUBSCRIPTIONS_PER_ADDRESS:
        raise SubscriptionRefused("too_many_for_address", limit=settings.SUBSCRIPTIONS_PER_ADDRESS)


def _start_of_day(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def subscribe(
    *,
    iin: str,
    channel: str,
    address: str,
    language: str,
    now: datetime.datetime | None = None,
) -> Subscribed:
    """Ask for warnings about `iin` at `address`; the confirmation goes out after commit."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock(iin, address)
        subscription = Subscription.objects.filter(iin=iin, address=address).first()
        if subscription is not None and subscription.state == Subscription.State.ACTIVE:
            if subscription.language != language:
                subscription.language = language
                subscription.save(update_fields=["language"])
            return Subscribed(subscription=subscription, already_active=True)
        _check_limits(iin=iin, address=address)
        digest = address_digest(address)
        sent_today = selectors.confirmations_sent(digest=digest, since=_start_of_day(now))
        if sent_today >= settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY:
            raise SubscriptionRefused("confirmations_capped")
        if subscription is None:
            subscription = Subscription(
                iin=iin, address=address, key=_new_key(), state=Subscription.State.PENDING
            )
        subscription.channel = channel
        subscription.language = language
        subscription.requested_at = now
        subscription.code = f"{secrets.randbelow(10**6):06d}" if channel == Channel.SMS else ""
        subscription.code_tries = 0
        subscription.save()
        Message.objects.create(
            subscription=subscription,
            kind=Kind.CONFIRMATION,
            channel=channel,
            language=language,
            as_of=timezone.localdate(now),
            month=timezone.localdate(now).replace(day=1),
            not_before=now,
            created_at=now,
            address_digest=digest,
        )
        delivery.request_delivery()
    return Subscribed(subscription=subscription, already_active=False)


def _new_key() -> str:
    while True:
        key = "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))
        if not Subscription.objects.filter(key=key).exists():
            return key


def _pending_by_token(token: str) -> Subscription:
    """The subscription a confirmation token names (locked); refused when expired or unknown."""
    try:
        pk, key = links.read_confirmation_token(token)
    except signing.SignatureExpired:
        raise SubscriptionRefused("link_expired") from None
    except signing.BadSignature:
        raise SubscriptionRefused("link_invalid") from None
    subscription = Subscription.objects.select_for_update().filter(pk=pk, key=key).first()
    if subscription is None:  # unsubscribed, deleted, or replaced since
        raise SubscriptionRefused("link_invalid")
    return subscription


def subscription_for_token(*, token: str) -> Subscription:
    """For the confirmation pages: the subscription, or SubscriptionRefused saying why not."""
    with transaction.atomic():
        return _pending_by_token(token)


def _activate(subscription: Subscription, *, now: datetime.datetime) -> Subscription:
    _lock(subscription.iin, subscription.address)
    _check_limits(iin=subscription.iin, address=subscription.address, exclude=subscription.pk)
    subscription.state = Subscription.State.ACTIVE
    subscription.confirmed_at = now
    subscription.code = ""
    subscription.code_tries = 0
    subscription.save(update_fields=["state", "confirmed_at", "code", "code_tries"])
    return subscription


def confirm_email(*, token: str, now: datetime.datetime | None = None) -> Subscription:
    """The link in the confirmation e-mail was opened (and its button pressed)."""
    now = now or timezone.now()
    with transaction.atomic():
        subscription = _pending_by_token(token)
        if subscription.state == Subscription.State.ACTIVE:
            return subscription
        return _activate(subscription, now=now)


def confirm_phone(*, token: str, code: str, now: datetime.datetime | None = None):
    """The code from the SMS typed back; each wrong try counts, the last one deletes."""
    now = now or timezone.now()
    with transaction.atomic():
        subscription = _pending_by_token(token)
        if subscription.state == Subscription.State.ACTIVE:
            return subscription
        expires = subscription.requested_at + datetime.timedelta(
            hours=settings.SUBSCRIPTION_CONFIRM_HOURS
        )
        if now > expires:
            raise SubscriptionRefused("link_expired")
        if subscription.code and constant_time_compare((code or "").strip(), subscription.code):
            return _activate(subscription, now=now)
        subscription.code_tries += 1
        tries_left = settings.SUBSCRIPTION_CODE_TRIES - subscription.code_tries
        if tries_left <= 0:
            subscription.delete()
        else:
            subscription.save(update_fields=["code_tries"])
    # Raised after the commit: the wrong try stays counted.
    if tries_left <= 0:
        raise SubscriptionRefused("no_tries_left")
    raise SubscriptionRefused("wrong_code", tries=tries_left)


@transaction.atomic
def unsubscribe(*, key: str) -> bool:
    """Delete the subscription of this link key and its contact address; False if none."""
    subscription = Subscription.objects.select_for_update().filter(key=key).first()
    if subscription is None:
        return False
    subscription.messages.filter(state=Message.State.QUEUED).update(state=Message.State.SKIPPED)
    subscription.delete()
    return True


def delete_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Delete subscriptions left unconfirmed for SUBSCRIPTION_UNCONFIRMED_DAYS; and forget the
    address digests of confirmations older than the daily cap needs."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.SUBSCRIPTION_UNCONFIRMED_DAYS)
    _total, deleted = Subscription.objects.filter(
        state=Subscription.State.PENDING, requested_at__lt=cutoff
    ).delete()
    Message.objects.filter(
        kind=Kind.CONFIRMATION, created_at__lt=_start_of_day(now), address_digest__gt=""
    ).update(address_digest="")
    return deleted.get(Subscription._meta.label, 0)
