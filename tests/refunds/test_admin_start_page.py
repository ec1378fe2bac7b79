"""Fund staff's admin start page: today's figures, each a link to the list behind it."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from contributions.models import ContributionRule, MinimumWage
from refunds.models import Application
from status.models import RecomputeRun

pytestmark = pytest.mark.django_db


def figure(page: str, element_id: str) -> str:
    found = re.search(rf'href="([^"]+)" id="{element_id}">([^<]+)</a>', page)
    assert found, f"#{element_id} is on the page"
    return found.group(1).replace("&amp;", "&"), found.group(2)


def test_the_start_page_shows_the_last_recompute_with_links_to_the_snapshots(staff_client):
    now = timezone.now()
    RecomputeRun.objects.create(
        as_of=timezone.localdate(),
        state=RecomputeRun.State.FINISHED,
        finished_at=now,
        persons=10,
        counts={"insured": {"paid_12_past_months": 7}, "not_insured": {"debt": 3}},
    )
    page = staff_client.get("/en/admin/").text
    url, share = figure(page, "insured-share")
    assert share == "70.0 %"
    assert staff_client.get(url).status_code == 200
    assert "The past 12 months are paid" in page and ">7</a>" in page
    debt = re.search(r'href="([^"]+)" class="reason-count" data-reason="debt">3</a>', page)
    assert debt, "the debt count links to its snapshots"
    assert "reason__exact=debt" in debt.group(1)
    assert staff_client.get(debt.group(1).replace("&amp;", "&")).status_code == 200
    assert 'id="recompute-failed"' not in page

    RecomputeRun.objects.create(as_of=timezone.localdate(), state=RecomputeRun.State.FAILED)
    page = staff_client.get("/en/admin/").text
    assert "The last recompute failed." in page
    assert figure(page, "insured-share")[1] == "70.0 %", "the last finished run's figures"


def test_the_start_page_counts_applications_due_this_week_and_overdue(
    staff_client, file_refund, person
):
    today = timezone.localdate()
    due = file_refund()
    late = file_refund(payments=[person.payments.order_by("period").first()])
    Application.objects.filter(pk=due.pk).update(due_date=today)
    Application.objects.filter(pk=late.pk).update(due_date=today - datetime.timedelta(days=1))
    page = staff_client.get("/en/admin/").text

    url, count = figure(page, "due-this-week")
    assert count == "1"
    listed = staff_client.get(url).text
    assert due.number in listed and late.number not in listed

    url, count = figure(page, "overdue")
    assert count == "1"
    listed = staff_client.get(url).text
    assert late.number in listed and due.number not in listed

    url, count = figure(page, "persons-changed")
    assert int(count) >= 1, "the person whose payments were refunded today"
    assert person.iin in staff_client.get(url).text


def test_the_start_page_flags_a_missing_minimum_wage_or_self_payer_rule(staff_client):
    today = timezone.localdate()
    this_month = today.replace(day=1)
    MinimumWage.objects.filter(year=today.year).delete()
    ContributionRule.objects.filter(
        payer_type="self_payer", valid_from__lte=this_month, valid_to__gte=this_month
    ).delete()
    page = staff_client.get("/en/admin/").text
    assert f"No minimum wage for {today.year}" in page
    assert "No self-payer rule from" in page
    add = re.search(r'<a href="([^"]+minimumwage/add/[^"]+)">', page).group(1)
    form = staff_client.get(add.replace("&amp;", "&")).text
    assert f'value="{today.year}"' in form, "the form starts with the missing year"


def test_the_start_page_speaks_kazakh_and_russian(staff_client):
    RecomputeRun.objects.create(
        as_of=timezone.localdate(),
        state=RecomputeRun.State.FINISHED,
        counts={"insured": {"paid_12_past_months": 1}},
    )
    assert "Бүгінгі көрсеткіштер" in staff_client.get("/kk/admin/").text
    assert "Показатели на сегодня" in staff_client.get("/ru/admin/").text


def test_each_panel_shows_only_to_those_who_may_see_its_tables(client, django_user_model):
    user = django_user_model.objects.create_user("registrar", password="not-used", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="status", codename="view_person")
    )
    client.force_login(user)
    page = client.get("/en/admin/").text
    assert 'id="persons-changed"' in page
    assert 'id="due-this-week"' not in page and 'id="insured-share"' not in page
    assert "Rules missing" not in page and "Last recompute" not in page
    assert '<a href="/en/admin/status/person/"' in page, "the list of tables stays below"
