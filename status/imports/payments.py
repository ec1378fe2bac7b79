"""The payments import: a ledger CSV checked line by line and loaded all or nothing.

`import_payments(file=…)` reads `iin,period,payer_type,amount,paid_on,reference[,payer_bin]`.
The checks run in plain Python (checks.py) while the rows are copied with COPY into a temporary
staging table; set-based statements then set aside the references the ledger already has (a
conflict if their data differ), create the persons the registry lacks (birth date and sex from
the IIN, with history), insert the payments and mark their persons changed, in one
transaction. Their snapshots are refreshed set-based after the commit.
"""

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from contributions.models import PayerType

from .. import ledger_partitions
from ..metrics import counted_import
from ..models import Payment, Person
from ..services import refresh_later
from .checks import PAYMENT_COLUMNS, PAYMENT_OPTIONAL_COLUMNS, IinChecker, checked_payments
from .csvfile import Abort, CsvFile, ImportResult, Problem, Progress, echo

# pg advisory lock held by a payments import from its INSERT to its commit: imports take turns.
IMPORT_LOCK_KEY = 7_310_426_002
# How many rows go to PostgreSQL per COPY write.
_COPY_BATCH = 20_000
# Conflicting references reported at most (a file of another ledger would conflict entirely).
_CONFLICTS_LISTED = 1000


def _conflict(reference: str, other_iin: bool) -> str:
    if other_iin:
        return _(
            "Reference “%(value)s” is in the ledger already for another IIN: this line is a"
            " different payment under a reference that is taken."
        ) % {"value": echo(reference)}
    return _(
        "Reference “%(value)s” is in the ledger already with another amount, month or payer"
        " type: this line is a different payment under a reference that is taken."
    ) % {"value": echo(reference)}


@counted_import("payments")
def import_payments(
    *,
    file,
    dry_run: bool = False,
    user=None,
    progress: Progress | None = None,
) -> ImportResult:
    """Check and load a payments CSV (a binary file object), all or nothing.

    With dry_run the import runs and is rolled back, so the result says exactly what would be
    added. `user` is recorded as the author of the created persons' history; `progress` is
    called now and then with the number of bytes read.
    """
    result = ImportResult(dry_run=dry_run)
    source = CsvFile(
        file,
        required=PAYMENT_COLUMNS,
        optional=PAYMENT_OPTIONAL_COLUMNS,
        problems=result.problems,
        progress=progress,
    )
    if not source.readable:
        source.release()
        return result
    iins = IinChecker()
    rows = checked_payments(
        source,
        payer_types=set(PayerType.objects.values_list("code", flat=True)),
        reference_length=Payment._meta.get_field("reference").max_length,
        iins=iins,
    )
    try:
        with transaction.atomic():
            _load(rows=rows, iins=iins, result=result, user=user)
            if result.problems or dry_run:
                raise Abort
    except Abort:
        if result.problems:
            result.added = result.already_there = result.persons_created = 0
            result.person_ids = []
    finally:
        source.release()
    return result


def _copy_text(value: str) -> str:
    return value.replace("\\", "\\\\")


def _load(*, rows, iins: IinChecker, result: ImportResult, user) -> None:
    """COPY the checked rows into a staging table while reading, then set-based statements:
    references already in the ledger set aside (a conflict when their data differ), persons
    created, payments inserted, their persons marked changed."""
    with connection.cursor() as cursor:
        # Inside an outer transaction an earlier import's tables may still exist.
        cursor.execute(
            "DROP TABLE IF EXISTS import_payment_rows, import_known_rows, import_person_rows,"
            " import_new_person_rows"
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE import_payment_rows (line int NOT NULL,"
            " iin varchar(12) NOT NULL, period date NOT NULL, payer_type text NOT NULL,"
            " amount numeric(12, 2) NOT NULL, paid_on date NOT NULL, payer_bin text NOT NULL,"
            " reference text NOT NULL) ON COMMIT DROP"
        )
        # Copy while reading: PostgreSQL parses the rows on the other core as Python checks
        # the next ones. Once a problem is found nothing more is sent (it will be rolled back).
        with cursor.copy("COPY import_payment_rows FROM STDIN") as copy:
            batch: list[str] = []
            count = 0
            problems = result.problems
            for line, iin, period, payer_type, amount, paid_on, payer_bin, reference in rows:
                count += 1
                if problems:
                    continue
                if "\\" in reference:
                    reference = _copy_text(reference)
                batch.append(
                    f"{line}\t{iin}\t{period}\t{payer_type}\t{amount}\t{paid_on}\t{payer_bin}"
                    f"\t{reference}\n"
                )
                if len(batch) >= _COPY_BATCH:
                    copy.write("".join(batch))
                    batch.clear()
            if batch and not problems:
                copy.write("".join(batch))
        result.rows = count
        if result.problems:
            return
        cursor.execute("ANALYZE import_payment_rows")
        payment = Payment._meta
        person = Person._meta
        columns, values = _insert_columns(
            payment,
            {
                "person": "p.id",
                "period": "s.period",
                "payer_type": "s.payer_type",
                "amount": "s.amount",
                "paid_on": "s.paid_on",
                "payer_bin": "s.payer_bin",
                "reference": "s.reference",
            },
        )
        iin = person.get_field("iin").column
        # Imports take turns from here to their commit, so the rows an import skips as already
        # there are those committed before it: a plain INSERT of the others is safe against
        # imports, and about a quarter faster than INSERT … ON CONFLICT on a million rows.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
        # The references the ledger has leave the staging table before anything is inserted.
        # Checked inside the INSERT instead, a small ledger's check can be planned as a scan of
        # the ledger per row, and the ledger grows as the INSERT runs: hours for a million rows.
        # A reference the ledger holds with other data (another IIN, amount, month or payer
        # type) is not "already there" but a conflict: reported, and nothing is written.
        # The partitioned ledger keeps its references, one row each, in its register: the
        # index by reference, naming each payment by (id, period), its partition's key.
        # Each file row probes the register's key once (LATERAL … LIMIT 1, a reference being
        # unique): joined by hash, the planner would read the whole register, years of rows, to
        # check one month's file, and the import would slow as history grows. Only the rows
        # found are then compared with their ledger rows.
        cursor.execute(
            "CREATE TEMPORARY TABLE import_known_rows ON COMMIT DROP AS"  # noqa: S608
            " SELECT s.*, r.payment_id, r.period AS ledger_period FROM import_payment_rows s"
            f" CROSS JOIN LATERAL (SELECT payment_id, period FROM {ledger_partitions.REGISTER} r"
            " WHERE r.reference = s.reference LIMIT 1) r"
        )
        cursor.execute("ANALYZE import_known_rows")
        cursor.execute(
            f"WITH compared AS (SELECT k.line, k.reference, p.{iin} <> k.iin AS other_iin,"  # noqa: S608
            " x.amount <> k.amount OR x.period <> k.period OR x.payer_type_id <> k.payer_type"
            " AS other_data FROM import_known_rows k"
            f" JOIN {payment.db_table} x ON x.id = k.payment_id AND x.period = k.ledger_period"
            f" JOIN {person.db_table} p ON p.id = x.person_id)"
            " SELECT (SELECT count(*) FROM import_known_rows),"
            " (SELECT array_agg(ARRAY[line::text, reference, other_iin::text] ORDER BY line)"
            " FROM (SELECT * FROM compared WHERE other_iin OR other_data"
            f" ORDER BY line LIMIT {_CONFLICTS_LISTED}) c)"
        )
        known, conflicts = cursor.fetchone()
        if conflicts:
            for line, ref, other_iin in conflicts:
                result.problems.append(Problem(int(line), _conflict(ref, other_iin == "true")))
            return
        if known:
            cursor.execute(
                "DELETE FROM import_payment_rows s USING import_known_rows k WHERE s.line = k.line"
            )
        every_row_new = known == 0
        result.persons_created = _create_persons(cursor, iins=iins, user=user)
        insert = (
            f"INSERT INTO {payment.db_table} ({columns})"  # noqa: S608 - names from the models
            f" SELECT {values.sql} FROM import_payment_rows s"
            f" JOIN {person.db_table} p ON p.{iin} = s.iin"
        )
        try:
            with transaction.atomic():
                cursor.execute(insert, values.params)
        except IntegrityError:
            # Something other than an import wrote meanwhile. Either staff deleted a person the
            # file names (migration 0009's triggers refused their payments): say so. Or a clerk
            # saved a payment with one of these references: skip it as already there.
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM import_person_rows s"  # noqa: S608
                f" WHERE NOT EXISTS (SELECT 1 FROM {person.db_table} p WHERE p.{iin} = s.iin))"
            )
            if cursor.fetchone()[0]:
                message = _(
                    "A person this file names was deleted from the registry while the file was"
                    " being imported. Nothing was imported: please import the file again."
                )
                result.problems.append(Problem(1, message))
                return
            cursor.execute(
                f"{insert} WHERE NOT EXISTS (SELECT 1 FROM {ledger_partitions.REGISTER} r"  # noqa: S608
                " WHERE r.reference = s.reference)",
                values.params,
            )
        result.added = cursor.rowcount
        if result.added:
            # The persons whose payments changed: their stored status is now stale. When every
            # row was new they are the file's persons (import_person_rows, one row each).
            named = "import_person_rows" if every_row_new else "import_payment_rows"
            cursor.execute(
                f"WITH touched AS (UPDATE {person.db_table}"  # noqa: S608
                f" SET {person.get_field('changed_at').column} = now()"
                f" WHERE {iin} IN (SELECT iin FROM {named}) RETURNING {person.pk.column} AS id)"
                f" SELECT array_agg(id ORDER BY id) FROM touched"
            )
            result.person_ids = cursor.fetchone()[0]
        result.already_there = result.rows - result.added
        cursor.execute(
            "DROP TABLE import_payment_rows, import_known_rows, import_person_rows,"
            " import_new_person_rows"
        )
        # Their snapshots are refreshed set-based once the import is committed.
        refresh_later(person_ids=result.person_ids or [])


@dataclass
class _Values:
    sql: str
    params: list


def _insert_columns(meta, given: dict) -> tuple[str, _Values]:
    """Column list and SELECT expressions for an INSERT … SELECT into `meta`'s model.

    `given` maps field names to SQL expressions, or to ("%s", value) for a parameter; the other
    fields get now() (auto_now, auto_now_add), their default, NULL or the empty string, so a
    field added to the model later does not break the import: a required field without any
    of those raises here.
    """
    columns, expressions, params = [], [], []
    for model_field in meta.concrete_fields:
        if model_field.primary_key and model_field.name not in given:
            continue
        columns.append(connection.ops.quote_name(model_field.column))
        expression = given.get(model_field.name)
        if isinstance(expression, tuple):
            expression, value = expression
            params.append(value)
        if expression is not None:
            expressions.append(expression)
        elif getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            expressions.append("now()")
        elif model_field.has_default() or (
            not model_field.null and model_field.empty_strings_allowed
        ):
            expressions.append("%s")
            params.append(model_field.get_db_prep_save(model_field.get_default(), connection))
        elif model_field.null:
            expressions.append("NULL")
        else:
            raise LookupError(f"{meta.label}.{model_field.name}: no value for an import")
    return ", ".join(columns), _Values(", ".join(expressions), params)


def _create_persons(cursor, *, iins: IinChecker, user) -> int:
    """Insert the persons the file names and the registry lacks, with their history rows."""
    cursor.execute(
        "CREATE TEMPORARY TABLE import_person_rows ("
        " iin varchar(12) PRIMARY KEY, birth_date date NOT NULL, sex varchar(1) NOT NULL)"
        " ON COMMIT DROP"
    )
    with cursor.copy("COPY import_person_rows FROM STDIN") as copy:
        copy.write(
            "".join(
                f"{iin}\t{birth_date.isoformat()}\t{sex}\n"
                for iin, (birth_date, sex) in iins.facts.items()
            )
        )
    person = Person._meta
    history = Person.history.model._meta
    iin_column = person.get_field("iin").column
    columns, values = _insert_columns(
        person,
        {"iin": "s.iin", "birth_date": "s.birth_date", "sex": "s.sex"},
    )
    person_columns = [f.column for f in person.concrete_fields]
    history_given = {
        f.name: f"c.{connection.ops.quote_name(f.column)}"
        for f in person.concrete_fields
        if f.name not in ("id",)
    }
    history_given.update(
        {
            "id": "c.id",
            "history_date": "now()",
            "history_type": "'+'",
            "history_change_reason": ("%s", _("Created by a payments import")),
            "history_user": ("%s", getattr(user, "pk", None)),
        }
    )
    history_columns, history_values = _insert_columns(history, history_given)
    # The persons the registry lacks are found first, into a table of their own: checked inside
    # the INSERT, a small registry's check can be planned as a scan of the registry per row,
    # and the registry grows as the INSERT runs.
    cursor.execute(
        "CREATE TEMPORARY TABLE import_new_person_rows ON COMMIT DROP AS"  # noqa: S608
        " SELECT s.* FROM import_person_rows s"
        f" WHERE NOT EXISTS (SELECT 1 FROM {person.db_table} x WHERE x.{iin_column} = s.iin)"
    )
    cursor.execute(
        f"WITH created AS ("  # noqa: S608 - names from the models' metadata
        f" INSERT INTO {person.db_table} ({columns})"
        f" SELECT {values.sql} FROM import_new_person_rows s"
        f" ON CONFLICT ({iin_column}) DO NOTHING"
        f" RETURNING {', '.join(connection.ops.quote_name(c) for c in person_columns)}),"
        f" recorded AS (INSERT INTO {history.db_table} ({history_columns})"
        f" SELECT {history_values.sql} FROM created c RETURNING 1)"
        f" SELECT count(*) FROM recorded",
        [*values.params, *history_values.params],
    )
    return cursor.fetchone()[0]
