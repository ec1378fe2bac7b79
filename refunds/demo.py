"""Demo applications in every state of both workflows, moved there through the services.

Idempotent: the applications are recognised by their demo e-mail addresses, so a second run
changes nothing. Deterministic for the rng: the same people and payments are chosen.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from msqory.months import add_months
from msqory.roles import FUND_STAFF
from status.models import Payment, Person
from status.snapshots import current_status

from . import services
from .models import Application, CancellationReason, Kind, PayerKind, RefundReason, Region

DEMO_DOMAIN = "demo.msqory.example"
# A minimal valid PDF, enough for the content check and for a staff member to open.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
REFUND_PATHS = [
    [],
    ["confirm"],
    ["confirm", "review"],
    ["confirm", "review", "approve"],
    ["confirm", "review", "approve", "pay"],
    ["refuse"],
    ["confirm", "review", "refuse"],
]
CANCELLATION_PATHS = [[], ["review"], ["review", "approve"], ["review", "refuse"]]


def _staff(username: str):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"is_staff": True, "email": f"{username}@{DEMO_DOMAIN}"},
    )
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=FUND_STAFF))
    return user


def _demo_payments(rng: random.Random, person: Person, count: int) -> list[Payment]:
    """Self-payer payments for a demo person (made here when the ledger has none to spare)."""
    today = timezone.localdate().replace(day=1)
    payments = []
    for n in range(count):
        month = (today - datetime.timedelta(days=31 * (n + 2))).replace(day=1)
        payment, _created = Payment.objects.get_or_create(
            reference=f"DEMO-REFUNDS-{person.iin}-{month:%Y%m}",
            defaults={
                "person": person,
                "period": month,
                "payer_type_id": "self_payer",
                "amount": Decimal("4250.00"),
                "paid_on": month + datetime.timedelta(days=rng.randint(1, 20)),
            },
        )
        payments.append(payment)
    return payments


def _documents(rng: random.Random):
    name = rng.choice(["chek.pdf", "kvitanciya.pdf", "vypiska.pdf", "tolem.pdf"])
    return [("payment_document", ContentFile(DEMO_PDF, name=name))]


def _name(person: Person) -> str:
    return " ".join(p for p in (person.last_name, person.first_name, person.patronymic) if p) or (
        "Demo applicant"
    )


def _debt_run(person: Person) -> list[datetime.date]:
    """The first run of consecutive debt months in the person's status window."""
    months = current_status(person=person).debt_months
    run = months[:1]
    for month in months[1:]:
        if month != add_months(run[-1], 1):
            break
        run.append(month)
    return run


def seed(*, rng: random.Random, persons: int, stdout) -> None:
    if Application.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        stdout.write(f"Refund and cancellation applications: {Application.objects.count()}")
        return
    reviewer, approver = _staff("demo.reviewer"), _staff("demo.approver")
    people = list(Person.objects.order_by("iin")[:40])
    if len(people) < len(REFUND_PATHS) + len(CANCELLATION_PATHS):
        stdout.write("Refund applications: skipped (too few persons in the registry)")
        return
    rng.shuffle(people)
    regions = list(Region.values)
    steps = {
        "confirm": lambda a: services.confirm_payment(application=a, actor=reviewer),
        "review": lambda a: services.start_review(application=a, actor=reviewer),
        "approve": lambda a: services.approve(application=a, actor=approver),
        "pay": lambda a: services.mark_paid(application=a, actor=approver),
        "refuse": lambda a: services.refuse(
            application=a, actor=approver, reason=rng.choice(["incomplete_documents", "no_grounds"])
        ),
    }
    for n, path in enumerate(REFUND_PATHS):
        person = people[n]
        # People refund what they paid themselves, not what the state paid for them.
        free = list(
            Payment.objects.filter(
                person=person, refunded=False, payer_type_id="self_payer"
            ).order_by("period")[:2]
        )
        payments = free or _demo_payments(rng, person, 2)
        application = services.submit_refund(
            person=person,
            payments=payments[: rng.randint(1, len(payments))],
            documents=_documents(rng),
            language=rng.choice(["kk", "ru", "en"]),
            applicant_name=_name(person),
            region=rng.choice(regions),
            phone=f"+7 701 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            email=f"refund{n}@{DEMO_DOMAIN}",
            payer_kind=PayerKind.PERSON,
            refund_reason=RefundReason.EMPLOYER_PAID_AFTER_SELF_PAYMENT,
            iban="KZ86125KZT5004100100",
            bic="KCJBKZKX",
        )
        for step in path:
            steps[step](application)
    offset = len(REFUND_PATHS)
    # Only months that were debt can be cancelled: each application names a run of the
    # person's debt months (a person without debt gets a path that approves nothing).
    debtors = [(p, run) for p in people[offset:] if (run := _debt_run(p))]
    others = [p for p in people[offset:] if all(p != d for d, _run in debtors)]
    for n, path in enumerate(CANCELLATION_PATHS):
        if debtors and ("approve" in path or not others):
            person, run = debtors.pop(0)
            start, end = run[0], run[-1]
        else:
            if "approve" in path:
                continue
            person = others.pop(0)
            today = timezone.localdate().replace(day=1)
            start = (today - datetime.timedelta(days=365)).replace(day=1)
            end = (start + datetime.timedelta(days=95)).replace(day=1)
        application = services.submit_cancellation(
            person=person,
            documents=[("residence_permit", ContentFile(DEMO_PDF, name="rvp.pdf"))],
            language=rng.choice(["kk", "ru", "en"]),
            applicant_name=_name(person),
            address=f"{rng.randint(1, 120)} Abai Avenue, apt {rng.randint(1, 200)}",
            region=rng.choice(regions),
            phone=f"+7 702 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            email=f"cancel{n}@{DEMO_DOMAIN}",
            cancellation_reason=rng.choice(
                [CancellationReason.BEFORE_RESIDENCE_PERMIT, CancellationReason.BEFORE_ENTRY]
            ),
            period_start=start,
            period_end=end,
        )
        for step in path:
            steps[step](application)
    # Two open applications filed long ago, so the overdue list and report have something.
    for application in Application.objects.filter(
        email__in=[f"refund1@{DEMO_DOMAIN}", f"cancel1@{DEMO_DOMAIN}"]
    ):
        Application.objects.filter(pk=application.pk).update(
            submitted_at=application.submitted_at - datetime.timedelta(days=40),
            due_date=application.due_date - datetime.timedelta(days=40),
        )
    stdout.write(
        "Refund and cancellation applications: "
        f"{Application.objects.filter(kind=Kind.REFUND).count()} refunds, "
        f"{Application.objects.filter(kind=Kind.CANCELLATION).count()} cancellations"
    )
