"""The daily choice of warnings and notices, and the delivery of every queued message.

The choice (choose_status_messages, the daily task after the nightly recompute) is one
set-based statement joining the active subscriptions to the persons' status snapshots of this
month. For each subscriber it picks at most one message:
- `lost`: the status was insured (or exempt) when last seen and is not insured now;
- `returned`: it was not insured and is insured (or exempt) now;
- `warning`: insured with a loss date (the grace period) and an overdue debt month, in each
  such month from its first day, but in the last month (the loss is on the 1st of the next
  month) only once the loss is within WARNING_DAYS;
and records the status it saw (Subscription.known_status). The first sight after
confirmation only records it. A snapshot older than the person's latest change is passed
over until it is recomputed: no message is chosen on stale data.

Overdue: month M-1 is due by the due day of month M (PenaltyRule.due_day, docs/domain.md
§2.4), so on the 1st of M, when the month's warning is chosen, M-1 is a debt month of the rule
but not late: nearly every employee whose employer pays on time is then in grace with M-1
unpaid. Such a person is not warned (a warning every month would teach people to ignore it);
the warning needs an overdue debt month, one before M-1. In the snapshot that is any bit of
debt_mask but M-1's, the lowest (masks read oldest first): `debt_mask & OVERDUE_DEBT_BITS`.
selectors.warning_holds decides the same on a StatusResult, when a queued warning is sent.

What that gives with grace g (docs/domain.md §3, bullet 4; a debt month shows from the month
after it): the status is in grace, with a loss date, in g-1 months, and all but the first of
them have an overdue month. So a warning goes in g-2 months: with grace 3 once, in the last
month, once the loss is within WARNING_DAYS (paid up to June: July is due by 25 August, the
warning comes in September, the status is lost on 1 October); with the extended grace 6, in
four months. A payment of the overdue months stops them.

The messages are rows (Message) inserted with ON CONFLICT DO NOTHING against the unique index
(subscription, kind, month): run twice, the choice sends nothing twice, and each subscriber
gets at most one message of a kind a month.

Delivery: deliver_due() sends the queued messages that are due, each in its own transaction,
claimed with FOR UPDATE SKIP LOCKED (several workers share the queue; none sends a message
twice). Before sending a warning or notice it checks that it still holds; a payment since
makes it `skipped`. SMS warnings wait for the end of the quiet hours (SMS_QUIET_HOURS_START to
SMS_QUIET_HOURS_END, Asia/Almaty); a confirmation code goes at once, as the person is waiting
for it. A failed send is tried again later, NOTIFICATION_SEND_ATTEMPTS times in all.
"""

import datetime
import logging
import math
import smtplib
import zoneinfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from msqory.logmasking import mask_iins
from msqory.months import month_index, month_start
from outbox.services import enqueue
from status import selectors as status_selectors
from status import snapshots
from status.models import Status

from . import compose, selectors
from .models import STATUS_KINDS, Channel, Kind, Message, Subscription
from .sms import SmsError
from .sms import backend as sms_backend

logger = logging.getLogger(__name__)

DELIVER_TASK = "notifications.deliver_due"
# Messages one delivery task sends before it ends (more tasks share a larger queue).
DELIVERY_BATCH = 100
RETRY_AFTER = datetime.timedelta(minutes=15)
# The bits of a snapshot's debt_mask whose months are overdue: all but M-1's, the lowest
# (status.snapshots.mask; M-1 is due in this month).
OVERDUE_DEBT_BITS = ~1


def request_delivery(*, messages: int = 1) -> None:
    """Queue the delivery of `messages` queued messages for Celery, in the caller's transaction.

    The one place this app sends work to Celery, through the outbox: the request is written
    with the change and handed to the broker once it commits, so a broker outage loses nothing.
    The task is named, not imported: tasks call services, never the other way round.
    """
    for _batch in range(max(1, math.ceil(messages / DELIVERY_BATCH))):
        enqueue(task=DELIVER_TASK)


# --- quiet hours ----------------------------------------------------------------------------


def _hour(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def sms_allowed(moment: datetime.datetime) -> bool:
    """False in the quiet hours (Asia/Almaty), when no warning goes out by SMS."""
    local = moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).time()
    start, end = _hour(settings.SMS_QUIET_HOURS_START), _hour(settings.SMS_QUIET_HOURS_END)
    quiet = (local >= start or local < end) if start > end else (start <= local < end)
    return not quiet


def next_sms_time(moment: datetime.datetime) -> datetime.datetime:
    """`moment` if an SMS may go then, else the end of these quiet hours."""
    if sms_allowed(moment):
        return moment
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    local = moment.astimezone(zone)
    end = datetime.datetime.combine(local.date(), _hour(settings.SMS_QUIET_HOURS_END), zone)
    return end if end > local else end + datetime.timedelta(days=1)


# --- the daily choice -----------------------------------------------------------------------

# Each active subscriber with a current snapshot of this month: their state now and last seen.
_OBSERVED = """
observed AS (
    SELECT sub.id, sub.channel, sub.language, sub.known_status, s.status, s.lapses_on,
           s.debt_mask
    FROM notifications_subscription sub
    JOIN status_person p ON p.iin = sub.iin
    JOIN status_statussnapshot s ON s.person_id = p.id
    WHERE sub.state = 'active' AND s.month = %(month)s AND s.computed_at >= p.changed_at
)"""

_CHOOSE = """
INSERT INTO notifications_message
    (subscription_id, kind, channel, language, as_of, month, state, not_before, attempts,
     error, created_at, address_digest)
SELECT c.id, c.kind, c.channel, c.language, %(today)s, %(month)s, 'queued',
       CASE WHEN c.channel = 'sms' THEN %(sms_not_before)s ELSE %(now)s END, 0, '', %(now)s, ''
FROM (
    SELECT id, channel, language,
           CASE
               WHEN status = 'not_insured' AND known_status IN ('insured', 'exempt')
                   THEN 'lost'
               WHEN status <> 'not_insured' AND known_status = 'not_insured' THEN 'returned'
               WHEN status = 'insured' AND lapses_on IS NOT NULL
                    AND (debt_mask & %(overdue_bits)s) <> 0
                    AND (lapses_on > %(next_month)s OR lapses_on <= %(warn_until)s)
                   THEN 'warning'
           END AS kind
    FROM observed
) c
WHERE c.kind IS NOT NULL
ON CONFLICT DO NOTHING
RETURNING kind, channel"""

_SEEN = """
UPDATE notifications_subscription AS sub SET known_status = observed.status
FROM observed
WHERE sub.id = observed.id AND sub.known_status <> observed.status"""

# PostgreSQL: one statement, so the choice and the record of what was seen read the same rows.
# (Constant fragments: every value is a query parameter.)
_CHOOSE_AND_RECORD_PG = (
    f"WITH {_OBSERVED}, chosen AS ({_CHOOSE}), seen AS ({_SEEN}) "  # noqa: S608
    "SELECT kind, channel FROM chosen"
)
# SQLite: two statements in one transaction (it has one writer at a time).
_CHOOSE_SQLITE = f"WITH {_OBSERVED} {_CHOOSE}"
_RECORD_SQLITE = f"WITH {_OBSERVED} {_SEEN}"


def choose_status_messages(
    *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Queue today's warnings and notices; {kind: how many}, plus "waiting" for the SMS that
    wait for the end of the quiet hours."""
    now = now or timezone.now()
    today = today or status_selectors.today()
    m = month_index(today)
    ops = connection.ops
    params = {
        "month": ops.adapt_datefield_value(month_start(m)),
        "next_month": ops.adapt_datefield_value(month_start(m + 1)),
        "warn_until": ops.adapt_datefield_value(
            today + datetime.timedelta(days=settings.WARNING_DAYS)
        ),
        "overdue_bits": OVERDUE_DEBT_BITS,
        "today": ops.adapt_datefield_value(today),
        "now": ops.adapt_datetimefield_value(now),
        "sms_not_before": ops.adapt_datetimefield_value(next_sms_time(now)),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_CHOOSE_AND_RECORD_PG, params)
            chosen = cursor.fetchall()
        else:
            cursor.execute(_CHOOSE_SQLITE, params)
            chosen = cursor.fetchall()
            cursor.execute(_RECORD_SQLITE, params)
        counts = {str(kind): 0 for kind in STATUS_KINDS}
        for kind, _channel in chosen:
            counts[kind] += 1
        quiet = next_sms_time(now) != now
        waiting = sum(channel == Channel.SMS for _kind, channel in chosen) if quiet else 0
        if len(chosen) > waiting:
            request_delivery(messages=len(chosen) - waiting)
    return counts | {"waiting": waiting}


# --- delivery -------------------------------------------------------------------------------


def due_messages(*, now: datetime.datetime):
    due = Message.objects.filter(state=Message.State.QUEUED, not_before__lte=now)
    if not sms_allowed(now):
        due = due.exclude(Q(channel=Channel.SMS) & ~Q(kind=Kind.CONFIRMATION))
    return due


def request_due_deliveries(*, now: datetime.datetime | None = None) -> int:
    """The sweep (every few minutes): hand over whatever is due, e.g. the SMS at the end of
    the quiet hours, the retries, and anything a broker outage kept from being handed over."""
    due = due_messages(now=now or timezone.now()).count()
    if due:
        request_delivery(messages=due)
    return due


def deliver_due(*, now: datetime.datetime | None = None, limit: int = DELIVERY_BATCH) -> int:
    """Send up to `limit` due messages; return how many were handled."""
    handled = 0
    while handled < limit and _deliver_next(now=now or timezone.now()):
        handled += 1
    return handled


def _deliver_next(*, now: datetime.datetime) -> bool:
    with transaction.atomic():
        message = (
            due_messages(now=now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription")
            .order_by("not_before", "pk")
            .first()
        )
        if message is None:
            return False
        try:
            _send(message, now=now)
        except Exception as error:  # a message that cannot even be written must not block the rest
            logger.exception("message %s could not be composed", message.pk)
            _failed(message, now=now, error=type(error).__name__)
        message.save()
    return True


def _still_holds(kind: str, result) -> bool:
    if kind == Kind.WARNING:
        return selectors.warning_holds(result=result)
    if kind == Kind.LOST:
        return result.status == Status.NOT_INSURED
    return result.status != Status.NOT_INSURED  # returned


def _send(message: Message, *, now: datetime.datetime) -> None:
    subscription: Subscription | None = message.subscription
    result = None
    if subscription is None or (
        message.kind == Kind.CONFIRMATION and subscription.state == Subscription.State.ACTIVE
    ):
        message.state = Message.State.SKIPPED
        return
    if message.kind in STATUS_KINDS:
        today = timezone.localdate(now)
        if today.replace(day=1) != message.month:  # last month's news: this month chooses anew
            message.state = Message.State.SKIPPED
            return
        try:
            result = snapshots.status_by_iin(iin=subscription.iin, on=today)
        except status_selectors.MISSING_RULE as error:
            _failed(message, now=now, error=str(error))
            return
        if not _still_holds(message.kind, result):
            message.state = Message.State.SKIPPED
            return
    try:
        if message.channel == Channel.EMAIL:
            compose.email(message=message, subscription=subscription, result=result).send()
        else:
            text = compose.sms(message=message, subscription=subscription, result=result)
            sms_backend().send(to=subscription.address, text=text)
    except (OSError, smtplib.SMTPException, SmsError) as error:
        _failed(message, now=now, error=f"{type(error).__name__}: {error}")
        return
    message.attempts += 1
    message.state = Message.State.SENT
    message.sent_at = now
    message.error = ""


def _failed(message: Message, *, now: datetime.datetime, error: str) -> None:
    message.attempts += 1
    message.error = mask_iins(error)[:200]
    logger.warning("%s message %s not sent: %s", message.channel, message.pk, message.error)
    if message.attempts >= settings.NOTIFICATION_SEND_ATTEMPTS:
        message.state = Message.State.FAILED
        return
    retry = now + RETRY_AFTER * message.attempts
    if message.channel == Channel.SMS and message.kind != Kind.CONFIRMATION:
        retry = next_sms_time(retry)
    message.not_before = retry
