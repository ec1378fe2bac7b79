"""Fund staff load the payments ledger from CSV files: all or nothing, and never twice."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from status.iin import FEMALE
from status.imports import import_payments
from status.models import Payment, Person, StatusSnapshot

from .conftest import csv_bytes, valid_iin

pytestmark = pytest.mark.django_db


def test_a_good_file_adds_every_payment_and_registers_new_persons(alice, bob):
    Person.objects.create(iin=bob, last_name="Known")
    result = import_payments(
        file=csv_bytes(
            f"{alice},2025-01,employer,25500.00,2025-02-20,R-1",
            f"{alice},012025,employee,17000,2025-02-20,R-2",
            f"{bob},2025-02,self_payer,4250.5,2025-03-01,R-3",
        ),
    )
    assert result.ok, result.problems
    assert (result.rows, result.added, result.already_there) == (3, 3, 0)
    assert result.persons_created == 1
    new = Person.objects.get(iin=alice)
    assert (new.birth_date, new.sex) == (datetime.date(1985, 3, 2), FEMALE)
    assert new.history.count() == 1, "the created person has a history record"
    assert Person.objects.get(iin=bob).last_name == "Known"
    payments = {p.reference: p for p in Payment.objects.all()}
    assert payments["R-2"].period == datetime.date(2025, 1, 1), "MMYYYY is read as a month"
    assert payments["R-1"].period == datetime.date(2025, 1, 1), "YYYY-MM is read as a month"
    assert payments["R-3"].amount == Decimal("4250.50")
    assert payments["R-1"].payer_type_id == "employer"
    assert payments["R-1"].paid_on == datetime.date(2025, 2, 20)
    assert not payments["R-1"].refunded
    assert sorted(result.person_ids) == sorted(Person.objects.values_list("pk", flat=True))


def test_importing_the_same_file_again_adds_nothing(alice):
    lines = [f"{alice},2025-0{m},self_payer,4250,2025-0{m}-15,S-{m}" for m in range(1, 5)]
    first = import_payments(file=csv_bytes(*lines))
    again = import_payments(file=csv_bytes(*lines))
    assert (first.added, again.added, again.already_there) == (4, 0, 4)
    assert again.persons_created == 0 and again.person_ids == []
    assert Payment.objects.count() == 4 and Person.objects.count() == 1


def test_a_file_overlapping_the_ledger_adds_only_the_new_references(alice):
    import_payments(file=csv_bytes(f"{alice},2025-01,employer,100,2025-02-01,A"))
    result = import_payments(
        file=csv_bytes(
            f"{alice},2025-01,employer,100,2025-02-01,A",
            f"{alice},2025-02,employer,100,2025-03-01,B",
        ),
    )
    assert (result.added, result.already_there) == (1, 1)
    assert set(Payment.objects.values_list("reference", flat=True)) == {"A", "B"}


def test_only_persons_with_a_new_payment_are_marked_changed(alice, bob):
    import_payments(file=csv_bytes(f"{bob},2025-01,employer,100,2025-02-01,B-1"))
    bob_changed = Person.objects.get(iin=bob).changed_at
    result = import_payments(
        file=csv_bytes(
            f"{bob},2025-01,employer,100,2025-02-01,B-1",
            f"{alice},2025-01,employer,100,2025-02-01,A-1",
        ),
    )
    assert result.person_ids == [Person.objects.get(iin=alice).pk]
    assert Person.objects.get(iin=bob).changed_at == bob_changed, "bob's status stays current"


def problems_by_line(result):
    found = {}
    for problem in result.problems:
        found.setdefault(problem.line, []).append(problem.message)
    return found


def test_every_bad_line_is_reported_with_its_number_and_nothing_is_written(alice):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    result = import_payments(
        file=csv_bytes(
            f"{alice},2025-01,employer,100,2025-02-01,OK-1",  # 2
            f"{alice[:-1]},2025-01,employer,100,2025-02-01,X-3",  # 3 short IIN
            f"{alice[:-1]}{(int(alice[-1]) + 1) % 10},2025-01,employer,100,2025-02-01,X-4",
            f"{alice},2025-13,employer,100,2025-02-01,X-5",  # 5 month 13
            f"{alice},132025,employer,100,2025-02-01,X-6",  # 6 MMYYYY month 13
            f"{alice},2025-01,boss,100,2025-02-01,X-7",  # 7 unknown payer type
            f"{alice},2025-01,employer,12.345,2025-02-01,X-8",  # 8 three decimals
            f"{alice},2025-01,employer,-5,2025-02-01,X-9",  # 9 negative
            f"{alice},2025-01,employer,0,2025-02-01,X-10",  # 10 zero
            f"{alice},2025-01,employer,100,01.02.2025,X-11",  # 11 date format
            f"{alice},2025-01,employer,100,{tomorrow},X-12",  # 12 future
            f"{alice},2025-01,employer,100,2025-02-01,OK-1",  # 13 duplicate reference
            f"{alice},2025-01,employer,100,2025-02-01,",  # 14 empty reference
            f"{alice},2025-01,employer,100",  # 15 too few values
            f"{alice},2025-01,employer,100,2025-02-01,{'R' * 65}",  # 16 reference too long
            f"{alice},2025-02,employer,100,2025-03-01,OK-17",  # 17 fine
        ),
    )
    lines = problems_by_line(result)
    assert sorted(lines) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
    assert "12 digits" in lines[3][0]
    assert "check digit" in lines[4][0]
    assert "not a month" in lines[5][0] and "not a month" in lines[6][0]
    assert "Unknown payer type “boss”" in lines[7][0]
    assert "not a sum in tenge" in lines[8][0] and "not a sum in tenge" in lines[9][0]
    assert "more than zero" in lines[10][0]
    assert "not a date" in lines[11][0]
    assert "in the future" in lines[12][0]
    assert "already appears on line 2" in lines[13][0]
    assert "reference is empty" in lines[14][0]
    assert "Expected 6 values, found 4" in lines[15][0]
    assert "longer than 64" in lines[16][0]
    assert result.bad_lines == 14
    assert not Payment.objects.exists() and not Person.objects.exists(), "nothing is written"
    assert result.added == 0


def test_a_line_with_several_problems_lists_each(alice):
    result = import_payments(file=csv_bytes("123,2025-99,nobody,abc,yesterday,R"))
    assert len(problems_by_line(result)[2]) == 5


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("iin,period,payer_type,amount,paid_on", "Missing columns: reference"),
        ("iin,period,payer_type,amount,paid_on,reference,colour", "Unknown columns: colour"),
        ("iin,iin,period,payer_type,amount,paid_on,reference", "Columns named twice: iin"),
    ],
)
def test_a_wrong_header_is_reported_on_line_1(alice, header, message):
    result = import_payments(file=csv_bytes(f"{alice},2025-01", header=header))
    assert result.problems[0].line == 1
    assert message in result.problems[0].message
    assert not Payment.objects.exists()


def test_an_empty_file_is_reported():
    import io

    result = import_payments(file=io.BytesIO(b""))
    assert [p.line for p in result.problems] == [1]
    assert "empty" in result.problems[0].message


def test_columns_may_come_in_any_order_with_an_optional_payer_bin(alice):
    result = import_payments(
        file=csv_bytes(
            "R-1,employer,2025-01,100.00,2025-02-01,123456789012," + alice,
            "R-2,employer,2025-02,100.00,2025-03-01,," + alice,
            "R-3,employer,2025-03,100.00,2025-04-01,12345," + alice,
            header="reference,payer_type,period,amount,paid_on,payer_bin,iin",
        )
    )
    assert problems_by_line(result) == {4: [result.problems[0].message]}
    assert "BIN" in result.problems[0].message


def test_quoted_values_windows_line_ends_a_bom_and_blank_lines_are_fine(alice):
    data = (
        "\ufeffiin,period,payer_type,amount,paid_on,reference\r\n"
        f'"{alice}","2025-01",employer,"100.00",2025-02-01,"ref, with comma"\r\n'
        "\r\n"
        f"{alice},2025-02,employer,100.00,2025-03-01,ref\\with\\backslash\r\n"
    ).encode()
    import io

    result = import_payments(file=io.BytesIO(data))
    assert result.ok, result.problems
    assert set(Payment.objects.values_list("reference", flat=True)) == {
        "ref, with comma",
        "ref\\with\\backslash",
    }


def test_bytes_that_are_not_utf8_are_reported_on_their_line(alice):
    import io

    data = (
        f"iin,period,payer_type,amount,paid_on,reference\n"
        f"{alice},2025-01,employer,100,2025-02-01,A\n"
        f"{alice},2025-02,employer,100,2025-03-01,B\xff\n"
    ).encode("utf-8", "surrogateescape")
    data = data.replace("\xff".encode(), b"\xff")
    result = import_payments(file=io.BytesIO(data))
    assert [p.line for p in result.problems] == [3]
    assert "not UTF-8" in result.problems[0].message


def test_a_dry_run_says_what_would_be_added_and_writes_nothing(alice):
    result = import_payments(
        file=csv_bytes(f"{alice},2025-01,employer,100,2025-02-01,A"), dry_run=True
    )
    assert (result.added, result.persons_created) == (1, 1)
    assert not Payment.objects.exists() and not Person.objects.exists()


def test_the_affected_persons_status_is_recomputed_after_the_import(
    alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_payments(file=csv_bytes(f"{alice},2025-01,employer,100,2025-02-01,A"))
    person = Person.objects.get(iin=alice)
    assert StatusSnapshot.objects.filter(person=person).exists()


def test_the_command_reports_every_bad_line_and_fails(tmp_path, alice):
    path = tmp_path / "payments.csv"
    path.write_bytes(
        csv_bytes(
            f"{alice},2025-01,employer,100,2025-02-01,A", f"{alice},2025-01,boss,1,2025-02-01,B"
        ).getvalue()
    )
    from io import StringIO

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 1 of the file"):
        call_command("import_payments", str(path), stdout=out, stderr=err)
    assert "Line 3: Unknown payer type “boss”" in err.getvalue()
    assert not Payment.objects.exists()


def test_the_command_imports_a_good_file_and_says_what_it_did(tmp_path, alice):
    from io import StringIO

    path = tmp_path / "payments.csv"
    path.write_bytes(csv_bytes(f"{alice},2025-01,employer,100,2025-02-01,A").getvalue())
    out = StringIO()
    call_command("import_payments", str(path), stdout=out)
    assert "1 payment rows read: 1 added, 0 already in the ledger; 1 new persons." in out.getvalue()
    out = StringIO()
    call_command("import_payments", str(path), stdout=out)
    assert "0 added, 1 already in the ledger" in out.getvalue()


def test_the_command_says_when_the_file_cannot_be_read(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_payments", str(tmp_path / "missing.csv"))


@pytest.mark.slow
def test_a_larger_file_goes_through_in_one_piece(tmp_path):
    iins = [valid_iin(datetime.date(1970, 1, 1) + datetime.timedelta(days=k)) for k in range(300)]
    lines = [
        f"{iin},2025-{m:02d},employer,{1000 + k}.50,2025-{m:02d}-28,L-{k}-{m}"
        for k, iin in enumerate(iins)
        for m in range(1, 11)
    ]
    result = import_payments(file=csv_bytes(*lines))
    assert (result.added, result.persons_created) == (3000, 300)
    assert Payment.objects.count() == 3000


def test_the_callers_file_stays_open_after_the_import(alice):
    file = csv_bytes(f"{alice},2025-01,employer,100,2025-02-01,A")
    import_payments(file=file)
    assert not file.closed
