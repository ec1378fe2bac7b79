"""Public reads from the streaming replica that `make test` starts (scripts/with-services), and
the primary instead when the replica lags or is stopped."""

import datetime
import fcntl
import os
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from prometheus_client import REGISTRY

from information.models import Page
from msqory import db_router
from msqory.months import month_index, month_start
from status import selectors, snapshots
from status.iin import MALE, make_iin
from status.models import Person, StatusSnapshot
from status.snapshots import status_by_iin
from tests.ledger import pay

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or "replica" not in settings.DATABASES,
        reason="needs the streaming replica of scripts/with-services (DATABASE_REPLICA_URL)",
    ),
    # Committed writes: the replica sees nothing else.
    pytest.mark.django_db(
        transaction=True, serialized_rollback=True, databases=["default", "replica"]
    ),
]

CTL = os.environ.get("DATABASE_REPLICA_CTL")


@pytest.fixture
def replica_turn(request):
    """The replica is shared by the parallel test workers: tests that pause or stop it hold it
    alone (marked `replica_alone`), the others share it."""
    folder = Path(CTL).parent if CTL else Path(tempfile.gettempdir())
    with open(folder / "msqory-replica-tests.lock", "w") as lock:
        alone = request.node.get_closest_marker("replica_alone") is not None
        fcntl.flock(lock, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(autouse=True)
def replica_reads(settings, replica_turn, monkeypatch):
    settings.REPLICA_READS = True
    settings.REPLICA_CHECK_SECONDS = 0  # look at the replica before every public read
    monkeypatch.setattr(db_router, "_health", db_router._ReplicaHealth())


def wait_for_replay() -> None:
    """Until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        position = cursor.fetchone()[0]
    deadline = time.monotonic() + 20
    while True:
        try:
            with connections["replica"].cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
                if cursor.fetchone()[0]:
                    return
        except Exception:  # starting up again
            connections["replica"].close()
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.05)


def fetch(client, url):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), primary, replica


def gauge(name: str) -> float | None:
    return REGISTRY.get_sample_value(name)


@pytest.fixture
def page():
    found = Page.objects.filter(published=True).order_by("slug").first()
    found.title_kk = "Replicated title"
    found.save()
    wait_for_replay()
    return found


def test_an_information_page_is_read_from_the_replica(client, page):
    html, primary, replica = fetch(client, reverse("information:page", args=[page.slug]))
    assert "Replicated title" in html
    assert any("information_page" in q["sql"] for q in replica.captured_queries)
    assert not any("information_page" in q["sql"] for q in primary.captured_queries)
    assert gauge("msqory_replica_serving") == 1


def test_staff_pages_stay_on_the_primary(staff_client, page):
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = staff_client.get(reverse("admin:information_page_changelist"))
    assert response.status_code == 200
    assert replica.captured_queries == []


def test_the_lookup_reads_a_current_snapshot_from_the_replica_and_recomputes_on_the_primary(
    client, monkeypatch
):
    person = Person.objects.create(iin=make_iin(datetime.date(1990, 5, 17), MALE, 3))
    this_month = month_index(selectors.today())
    pay(person, [month_start(this_month - k) for k in range(1, 13)])  # the past 12 months
    wait_for_replay()
    status_by_iin(iin=person.iin)  # no snapshot yet: computed and stored on the primary
    wait_for_replay()
    # The lookup's one query goes through psycopg directly (a prepared statement), which
    # Django's query capture does not see: its database is recorded here instead.
    asked = []
    lookup_row = snapshots.lookup_row
    monkeypatch.setattr(
        snapshots, "lookup_row", lambda **kw: asked.append(kw["using"]) or lookup_row(**kw)
    )

    def ask():
        response = client.post(
            "/api/v1/status/", {"iin": person.iin}, content_type="application/json"
        )
        assert response.status_code == 200
        return response.json()

    with CaptureQueriesContext(connections["default"]) as primary:
        answer = ask()
    assert asked == ["replica"]
    assert answer["status"] == "insured"
    assert not any("status_statussnapshot" in q["sql"] for q in primary.captured_queries)

    # A change makes the snapshot stale: recomputed and stored on the primary, and read there.
    person.save()  # bumps changed_at, as every change of a person's records does
    before = StatusSnapshot.objects.get(pk=person.pk).computed_at
    wait_for_replay()
    with CaptureQueriesContext(connections["default"]) as primary:
        ask()
    # Read on the replica, found stale, refreshed, and read again where the refresh wrote.
    assert asked == ["replica", "replica", "default"]
    assert StatusSnapshot.objects.get(pk=person.pk).computed_at > before
    assert any("status_statussnapshot" in q["sql"] for q in primary.captured_queries)


@pytest.mark.replica_alone
def test_a_replica_lagging_past_the_limit_is_passed_over_for_the_primary(client, page, settings):
    settings.REPLICA_MAX_LAG_SECONDS = 0.5
    url = reverse("information:page", args=[page.slug])
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        page.title_kk = "Fresh title"
        page.save()
        fetch(client, url)  # the first look sees the replica behind, not yet for long
        time.sleep(0.8)
        html, primary, replica = fetch(client, url)
        assert "Fresh title" in html, "served by the primary, not the paused replica"
        assert any("information_page" in q["sql"] for q in primary.captured_queries)
        assert gauge("msqory_replica_serving") == 0
        assert gauge("msqory_replica_lag_seconds") > 0.5
        assert reads("default", "lagging") >= 1
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    wait_for_replay()
    html, _primary, replica = fetch(client, url)
    assert "Fresh title" in html
    assert any("information_page" in q["sql"] for q in replica.captured_queries)
    assert gauge("msqory_replica_serving") == 1


def reads(database: str, reason: str) -> float:
    return (
        REGISTRY.get_sample_value(
            "msqory_public_reads_total", {"database": database, "reason": reason}
        )
        or 0
    )


@pytest.mark.replica_alone
@pytest.mark.skipif(not CTL, reason="DATABASE_REPLICA_CTL (scripts/with-services) stops it")
def test_a_stopped_replica_is_passed_over_for_the_primary(client, page):
    url = reverse("information:page", args=[page.slug])
    fetch(client, url)
    subprocess.run([CTL, "stop"], check=True)  # noqa: S603
    try:
        html, primary, _replica = fetch(client, url)
        assert "Replicated title" in html
        assert any("information_page" in q["sql"] for q in primary.captured_queries)
        assert gauge("msqory_replica_serving") == 0
        assert reads("default", "down") >= 1
    finally:
        subprocess.run([CTL, "start"], check=True)  # noqa: S603
    wait_for_replay()
    _html, _primary, replica = fetch(client, url)
    assert any("information_page" in q["sql"] for q in replica.captured_queries)
