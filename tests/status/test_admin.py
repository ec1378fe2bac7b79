"""Fund staff watch the nightly recompute and correct the ledger in the admin."""

import datetime
import random

import pytest

from status import recompute
from status.demo import synthetic_iin
from status.models import Category, CategoryMembership, Payment, Person, StatusSnapshot
from tests.ledger import pay

pytestmark = pytest.mark.django_db


def employee(seed: int, months: int) -> Person:
    who = Person.objects.create(iin=synthetic_iin(random.Random(seed)))
    pay(who, [datetime.date(2025 + (i + 10) // 12, (i + 10) % 12 + 1, 1) for i in range(months)])
    return who


def test_staff_see_runs_with_counts_and_the_insured_share_chart(staff_client):
    employee(1, 13)  # 2025-11 … 2026-11: insured in 2026-11
    employee(2, 3)
    for day in (1, 2):
        recompute.run_sync(as_of=datetime.date(2026, 11, day))
    page = staff_client.get("/en/admin/status/recomputerun/")
    assert page.status_code == 200
    html = page.text
    assert "<svg" in html and "Share of persons insured" in html
    assert "Latest: 50.0% insured" in html
    assert "The past 12 months are paid" in html and "Unpaid months" in html
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    run = recompute.run_sync(as_of=datetime.date(2026, 11, 3))
    detail = staff_client.get(f"/ru/admin/status/recomputerun/{run.pk}/change/")
    assert detail.status_code == 200


def test_staff_mark_a_payment_refunded_and_the_status_follows(
    staff_client, django_capture_on_commit_callbacks
):
    who = employee(3, 13)
    recompute.run_sync(as_of=datetime.date(2026, 11, 1))
    payment = Payment.objects.get(person=who, period=datetime.date(2026, 5, 1))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/en/admin/status/payment/",
            {"action": "mark_refunded", "_selected_action": [payment.pk]},
            follow=True,
        )
    assert "1 payment marked as refunded" in response.text
    payment.refresh_from_db()
    assert payment.refunded and payment.refunded_at is not None
    snapshot = StatusSnapshot.objects.get(person=who)
    assert snapshot.debt_mask != 0, "the refunded month is now unpaid"


def test_staff_add_a_category_membership_and_the_person_is_recomputed(
    staff_client, django_capture_on_commit_callbacks
):
    who = employee(4, 0)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/en/admin/status/categorymembership/add/",
            {"person": who.pk, "category": "pensioner", "start": "2020-01-01", "end": ""},
        )
    assert response.status_code == 302
    assert CategoryMembership.objects.filter(person=who).exists()
    assert StatusSnapshot.objects.get(person=who).reason == "state_paid_category"


def test_categories_have_names_in_three_languages(staff_client):
    pensioner = Category.objects.get(code="pensioner")
    assert pensioner.name_kk == "Зейнетақы алушылар"
    assert pensioner.name_ru == "Получатели пенсий"
    assert pensioner.name_en == "Pension recipients"
    assert Category.objects.filter(kind="exempt").count() == 3
    assert Category.objects.filter(kind="state_paid").count() == 14
    assert staff_client.get("/kk/admin/status/category/").status_code == 200


def test_staff_delete_memberships_in_bulk_and_the_persons_are_recomputed(
    staff_client, django_capture_on_commit_callbacks
):
    pensioners = [employee(seed, 0) for seed in (5, 6)]
    with django_capture_on_commit_callbacks(execute=True):
        for who in pensioners:
            CategoryMembership.objects.create(
                person=who,
                category=Category.objects.get(code="pensioner"),
                start=datetime.date(2020, 1, 1),
            )
        recompute.run_sync(as_of=datetime.date(2026, 11, 1))
    assert {StatusSnapshot.objects.get(person=p).reason for p in pensioners} == {
        "state_paid_category"
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/en/admin/status/categorymembership/",
            {
                "action": "delete_selected",
                "_selected_action": list(CategoryMembership.objects.values_list("pk", flat=True)),
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert {StatusSnapshot.objects.get(person=p).reason for p in pensioners} == {"no_payments"}
