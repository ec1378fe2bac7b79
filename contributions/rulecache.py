"""The rule tables kept in each process's memory, so a calculation or a status costs no query.

This is the portal's one rule cache. The tables are small (tens of rows) and change a few
times a year. This app's own tables (contribution rules, minimum wages, payer types,
exemptions) are loaded here; an app above this one adds its rule tables with
`register_table()` (the status app: its status rules and who receives the MSHI package), so
this module never imports it. Every change of a registered model bumps a version in the shared
cache (Redis in production). The process that made the change forgets its copy at once; the
others look at the version at most once a second and reload when it is new. A snapshot older
than MAX_AGE seconds is reloaded anyway, in case rows were changed without signals (e.g. in
SQL). Values derived from the rules (`memo()`) live in the snapshot and go with it.
"""

import contextlib
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from msqory.db_router import primary_reads

from .calculator import Rule
from .models import ContributionRule, Exemption, MinimumWage, PayerType

VERSION_KEY = "contributions:rules-version"
MAX_AGE = 300  # seconds: reload even without a new version
CHECK_EVERY = 1.0  # seconds between looks at the shared version: others see a change this late


@dataclass(frozen=True)
class Snapshot:
    version: str | None
    loaded_at: float
    rules: tuple[Rule, ...]
    minimum_wages: dict[int, Decimal]
    payer_types: dict[str, PayerType]  # names resolve in the active language when read
    exemptions: dict[str, tuple[Exemption, frozenset[str]]]
    # The registered apps' tables, by name (register_table).
    tables: dict[str, object] = field(default_factory=dict)
    # Values derived from the rules (memo), forgotten with the snapshot.
    derived: dict = field(default_factory=dict)

    def table(self, name: str):
        return self.tables[name]

    def memo(self, key, compute: Callable[[], object]):
        """`compute()` once per snapshot: a value that depends on these rules only."""
        try:
            return self.derived[key]
        except KeyError:
            value = self.derived[key] = compute()
            return value


_tables: dict[str, Callable[[], object]] = {}
_snapshot: Snapshot | None = None
_checked_at = 0.0
_lock = threading.Lock()


def _version() -> str | None:
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
        return version
    except Exception:  # no cache: read the database every time, never fail
        return None


def current() -> Snapshot:
    global _snapshot, _checked_at
    snapshot, now = _snapshot, time.monotonic()
    if snapshot is not None and now - _checked_at < CHECK_EVERY:
        return snapshot
    version = _version()
    if (
        snapshot is None
        or version is None
        or snapshot.version != version
        or now - snapshot.loaded_at > MAX_AGE
    ):
        with _lock:
            snapshot = _load(version)
            _snapshot = snapshot
    _checked_at = now
    return snapshot


# Loaded when the rules changed: from the primary, never the replica's possibly older copy.
@primary_reads()
def _load(version: str | None) -> Snapshot:
    return Snapshot(
        version=version,
        loaded_at=time.monotonic(),
        rules=tuple(detach(rule) for rule in ContributionRule.objects.order_by("valid_from")),
        minimum_wages=dict(MinimumWage.objects.values_list("year", "amount")),
        payer_types={pt.code: pt for pt in PayerType.objects.all()},
        exemptions={
            exemption.code: (
                exemption,
                frozenset(pt.code for pt in exemption.payer_types.all()),
            )
            for exemption in Exemption.objects.prefetch_related("payer_types")
        },
        tables={name: load() for name, load in _tables.items()},
    )


def register_table(name: str, *, load: Callable[[], object], models, m2m=()) -> None:
    """Keep `load()`'s result in the snapshot as table `name`; a change of any of `models` (or
    of the `m2m` through tables) reloads it everywhere, like the contribution rules."""
    _tables[name] = load
    watch(models, m2m=m2m, uid=name)
    forget()


def watch(models, *, m2m=(), uid: str) -> None:
    """Reload the snapshot everywhere whenever a row of these models changes."""
    for model in models:
        label = f"{uid}-{model._meta.label}"
        post_save.connect(changed, sender=model, dispatch_uid=f"rules-{label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"rules-d-{label}")
    for through in m2m:
        m2m_changed.connect(changed, sender=through, dispatch_uid=f"rules-m2m-{uid}-{through}")


class TranslatedText:
    """A translated field's values, shown in the language active when it is printed."""

    def __init__(self, **texts: str | None):
        self.texts = texts

    def __str__(self) -> str:
        language = (get_language() or "kk")[:2]
        for code in (language, "kk", "ru"):
            if self.texts.get(code):
                return self.texts[code]
        return ""

    def __bool__(self) -> bool:
        return any(self.texts.values())


def detach(rule: ContributionRule) -> Rule:
    return Rule(
        payer_type=rule.payer_type_id,
        valid_from=rule.valid_from,
        valid_to=rule.valid_to,
        rate=rule.rate,
        base_kind=rule.base_kind,
        base_mw_multiple=rule.base_mw_multiple,
        base_amount=rule.base_amount,
        cap_mw_multiple=rule.cap_mw_multiple,
        employer_share=rule.employer_share,
        employee_share=rule.employee_share,
        legal_reference=TranslatedText(
            kk=rule.legal_reference_kk, ru=rule.legal_reference_ru, en=rule.legal_reference_en
        ),
        source=rule.source,
    )


def forget() -> None:
    """Drop this process's copy (tests call this after rolling back a change)."""
    global _snapshot
    _snapshot = None


def _bump() -> None:
    forget()
    # Without a cache every read goes to the database anyway.
    with contextlib.suppress(Exception):
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def changed(**kwargs) -> None:
    """Signal receiver: this process forgets at once, the others when the change is committed."""
    _bump()
    transaction.on_commit(_bump)
