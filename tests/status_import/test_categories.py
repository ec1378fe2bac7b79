"""Fund staff load category memberships (state-paid and exempt) from CSV files, all or nothing."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from status.imports import import_categories
from status.models import CategoryMembership, Person

from .conftest import CATEGORY_HEADER, csv_bytes

pytestmark = pytest.mark.django_db


def load(*lines, **kwargs):
    return import_categories(file=csv_bytes(*lines, header=CATEGORY_HEADER), **kwargs)


def test_memberships_are_added_with_open_or_closed_ends(alice, bob):
    result = load(
        f"{alice},pensioner,2024-03-01,",
        f"{bob},registered_unemployed,2025-01-10,2025-06-30",
        f"{bob},military,2010-09-01,",
    )
    assert result.ok, result.problems
    assert (result.added, result.persons_created) == (3, 2)
    pension = CategoryMembership.objects.get(person__iin=alice)
    assert (pension.category_id, pension.start, pension.end) == (
        "pensioner",
        datetime.date(2024, 3, 1),
        None,
    )
    unemployed = CategoryMembership.objects.get(category_id="registered_unemployed")
    assert unemployed.end == datetime.date(2025, 6, 30)


def test_importing_again_adds_nothing_and_a_new_end_date_closes_the_membership(alice):
    load(f"{alice},pensioner,2024-03-01,")
    again = load(f"{alice},pensioner,2024-03-01,")
    assert (again.added, again.updated, again.already_there) == (0, 0, 1)
    closed = load(f"{alice},pensioner,2024-03-01,2025-12-31")
    assert (closed.added, closed.updated) == (0, 1)
    membership = CategoryMembership.objects.get()
    assert membership.end == datetime.date(2025, 12, 31)
    assert Person.objects.count() == 1


def test_every_bad_line_is_reported_and_nothing_is_written(alice):
    result = load(
        f"{alice},pensioner,2024-03-01,",  # 2 fine
        "12345,pensioner,2024-03-01,",  # 3 IIN
        f"{alice},astronaut,2024-03-01,",  # 4 category
        f"{alice},child,2024-02-30,",  # 5 start not a date
        f"{alice},child,2024-01-01,someday",  # 6 end not a date
        f"{alice},convict,2024-05-01,2024-04-30",  # 7 end before start
        f"{alice},pensioner,2024-03-01,2030-01-01",  # 8 same membership as line 2
        f"{alice},child",  # 9 too few values
    )
    lines = {p.line: p.message for p in result.problems}
    assert sorted(lines) == [3, 4, 5, 6, 7, 8, 9]
    assert "12 digits" in lines[3]
    assert "Unknown category “astronaut”" in lines[4]
    assert "Start date" in lines[5]
    assert "End date" in lines[6]
    assert "before the start date" in lines[7]
    assert "line 2" in lines[8]
    assert "Expected 4 values" in lines[9]
    assert not CategoryMembership.objects.exists() and not Person.objects.exists()


def test_the_command_reports_problems_and_imports_good_files(tmp_path, alice):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(f"{alice},nobody,2024-01-01,", header=CATEGORY_HEADER).getvalue())
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_categories", str(bad), stderr=err, stdout=StringIO())
    assert "Line 2: Unknown category" in err.getvalue()
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(f"{alice},child,2024-01-01,", header=CATEGORY_HEADER).getvalue())
    out = StringIO()
    call_command("import_categories", str(good), stdout=out)
    assert "1 added" in out.getvalue()


def test_a_new_membership_recomputes_the_persons_status(alice, django_capture_on_commit_callbacks):
    from status.models import StatusSnapshot

    with django_capture_on_commit_callbacks(execute=True):
        load(f"{alice},pensioner,2020-01-01,")
    snapshot = StatusSnapshot.objects.get(person__iin=alice)
    assert (snapshot.status, snapshot.reason) == ("insured", "state_paid_category")
