"""Runs the night leaves behind: one past its timeout is failed with the reason in the admin,
a second start of a finished day does nothing, a chord's final step never fails another's."""

import datetime

import pytest
from django.utils import timezone

from status import recompute
from status.models import RecomputeRun
from status.tasks import start_recompute

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 2)


def test_a_run_running_past_the_timeout_is_failed_and_the_admin_says_why(staff_client, settings):
    settings.RECOMPUTE_RUN_TIMEOUT_MINUTES = 90
    stuck = RecomputeRun.objects.create(as_of=DAY, chunks_total=3)
    RecomputeRun.objects.filter(pk=stuck.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=91)
    )
    fresh = RecomputeRun.objects.create(as_of=DAY, chunks_total=3)
    assert recompute.fail_stale_runs() == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.state == RecomputeRun.State.FAILED and fresh.state == RecomputeRun.State.RUNNING
    assert "90" in stuck.failure
    page = staff_client.get(f"/en/admin/status/recomputerun/{stuck.pk}/change/")
    assert stuck.failure in page.text


def test_a_second_start_of_a_finished_day_does_nothing():
    first = start_recompute.delay(DAY.isoformat(), 20).get()
    assert RecomputeRun.objects.get(pk=first).state == RecomputeRun.State.FINISHED
    assert start_recompute.delay(DAY.isoformat(), 20).get() is None
    assert RecomputeRun.objects.filter(as_of=DAY).count() == 1


def test_a_final_step_with_chunks_still_being_done_leaves_the_run_running():
    run = RecomputeRun.objects.create(as_of=DAY, chunks_total=2, chunks_done=[0])
    assert recompute.finish_run(run_id=run.pk).state == RecomputeRun.State.RUNNING
