"""The category memberships import: `iin,category,start,end` checked and loaded all or nothing.

A membership is the same when IIN, category and start date are the same: it is skipped if its
end date is unchanged, and its end date is updated otherwise (a membership that ended). Valid
IINs the registry lacks become persons; the persons whose memberships changed are marked
changed and their snapshots refreshed once the import is committed.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from contributions.parsing import parse_iso_date

from ..metrics import counted_import
from ..models import Category, CategoryMembership, Person
from ..services import touch_persons
from .checks import IinChecker
from .csvfile import Abort, CsvFile, ImportResult, Problem, Progress, echo, join

CATEGORY_COLUMNS = ("iin", "category", "start", "end")


@counted_import("categories")
def import_categories(
    *,
    file,
    dry_run: bool = False,
    user=None,
    progress: Progress | None = None,
) -> ImportResult:
    """Check and load a category memberships CSV (iin,category,start,end), all or nothing.

    A membership is the same when IIN, category and start date are the same: it is skipped if
    its end date is unchanged, and its end date is updated otherwise (a membership that ended).
    """
    result = ImportResult(dry_run=dry_run)
    source = CsvFile(file, required=CATEGORY_COLUMNS, problems=result.problems, progress=progress)
    if not source.readable:
        source.release()
        return result
    iins = IinChecker()
    categories = set(Category.objects.values_list("code", flat=True))
    columns = source.columns
    i_iin, i_category, i_start, i_end = (columns[c] for c in CATEGORY_COLUMNS)
    seen: dict[tuple[str, str, datetime.date], int] = {}
    valid: list[tuple[str, str, datetime.date, datetime.date | None]] = []
    problems = result.problems
    for line, row in source.rows():
        result.rows += 1
        errors = []
        iin, error = iins.check(row[i_iin])
        if error:
            errors.append(error)
        category = row[i_category].strip()
        if category not in categories:
            errors.append(
                _("Unknown category “%(value)s”; the categories are %(choices)s.")
                % {"value": echo(category), "choices": join(sorted(categories))}
            )
        start = parse_iso_date(row[i_start])
        if start is None:
            errors.append(
                _("Start date “%(value)s” is not a date: write YYYY-MM-DD.")
                % {"value": echo(row[i_start])}
            )
        end = None
        if row[i_end].strip():
            end = parse_iso_date(row[i_end])
            if end is None:
                errors.append(
                    _("End date “%(value)s” is not a date: write YYYY-MM-DD or leave it empty.")
                    % {"value": echo(row[i_end])}
                )
            elif start is not None and end < start:
                errors.append(_("The end date is before the start date."))
        if not error and start is not None and category in categories:
            first = seen.setdefault((iin, category, start), line)
            if first != line:
                errors.append(
                    _("The same membership (IIN, category and start) is on line %(line)d already.")
                    % {"line": first}
                )
        if errors:
            problems.extend(Problem(line, message) for message in errors)
            continue
        valid.append((iin, category, start, end))
    source.release()
    if result.problems:
        return result
    try:
        with transaction.atomic():
            _load_categories(valid=valid, iins=iins, result=result, user=user)
            if dry_run:
                raise Abort
    except Abort:
        pass
    return result


def _load_categories(*, valid, iins: IinChecker, result: ImportResult, user) -> None:
    """Add the new memberships, close the ones with a new end date (with history)."""
    persons = _ensure_persons(
        iins=iins, user=user, reason=_("Created by a category memberships import")
    )
    result.persons_created = persons.created
    person_ids = sorted(set(persons.ids.values()))
    existing: dict[tuple[int, str, datetime.date], CategoryMembership] = {}
    for start in range(0, len(person_ids), 500):
        for membership in CategoryMembership.objects.filter(
            person_id__in=person_ids[start : start + 500]
        ):
            key = (membership.person_id, membership.category_id, membership.start)
            existing[key] = membership
    new, changed = [], []
    for iin, category, start, end in valid:
        person_id = persons.ids[iin]
        membership = existing.get((person_id, category, start))
        if membership is None:
            new.append(
                CategoryMembership(person_id=person_id, category_id=category, start=start, end=end)
            )
        elif membership.end != end:
            membership.end = end
            changed.append(membership)
    bulk_create_with_history(new, CategoryMembership, batch_size=2000, default_user=user)
    bulk_update_with_history(
        changed, CategoryMembership, ["end"], batch_size=2000, default_user=user
    )
    result.added, result.updated = len(new), len(changed)
    result.already_there = len(valid) - len(new) - len(changed)
    result.person_ids = sorted({m.person_id for m in new} | {m.person_id for m in changed})
    touch_persons(person_ids=result.person_ids)


@dataclass
class _Persons:
    ids: dict[str, int]
    created: int


def _ensure_persons(*, iins: IinChecker, user, reason: str) -> _Persons:
    """Person ids for every valid IIN seen, creating (with history) the ones not registered."""
    wanted = list(iins.facts)
    ids: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        ids.update(
            Person.objects.filter(iin__in=wanted[start : start + 500]).values_list("iin", "pk")
        )
    missing = [iin for iin in wanted if iin not in ids]
    new = []
    for iin in missing:
        birth_date, sex = iins.facts[iin]
        new.append(Person(iin=iin, birth_date=birth_date, sex=sex))
    if new:
        for person in new:
            person._change_reason = reason
        bulk_create_with_history(
            new, Person, batch_size=500, default_user=user, default_change_reason=reason
        )
        for start in range(0, len(missing), 500):
            ids.update(
                Person.objects.filter(iin__in=missing[start : start + 500]).values_list("iin", "pk")
            )
    return _Persons(ids=ids, created=len(new))
