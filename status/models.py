from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .iin import FEMALE, MALE, parse_iin, validate_iin


class Residency(models.TextChoices):
    """Residency categories of docs/domain.md §4 and §7: they decide care and clinic attachment."""

    CITIZEN = "citizen", _("Citizen of Kazakhstan")
    KANDAS = "kandas", _("Kandas")
    REFUGEE = "refugee", _("Refugee")
    RESIDENCE_PERMIT = (
        "residence_permit",
        _("Foreigner or stateless person with a residence permit"),
    )
    EAEU_LABOUR_MIGRANT = "eaeu_labour_migrant", _("EAEU labour migrant")
    CIS_NO_PERMIT = "cis_no_permit", _("Citizen of another CIS country without a residence permit")
    FOREIGNER_NO_PERMIT = "foreigner_no_permit", _("Other foreigner without a residence permit")


class Sex(models.TextChoices):
    MALE = MALE, _("Male")
    FEMALE = FEMALE, _("Female")


class Person(models.Model):
    """Someone the Fund knows by IIN. Birth date and sex are read from the IIN, never typed."""

    iin = models.CharField(_("IIN"), max_length=12, unique=True, validators=[validate_iin])
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex, editable=False)
    residency = models.CharField(
        _("residency"), max_length=32, choices=Residency, default=Residency.CITIZEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Bumped by every change that can move the person's status (payments, categories, …), so a
    # stored status snapshot older than this is known to be stale.
    changed_at = models.DateTimeField(_("last change"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name", "iin"]

    def __str__(self) -> str:
        name = " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)
        return f"{name} ({self.iin})" if name else self.iin

    def save(self, *args, **kwargs):
        facts = parse_iin(self.iin)
        self.birth_date, self.sex = facts.birth_date, facts.sex
        super().save(*args, **kwargs)


# --- Ledger -----------------------------------------------------------------------------------


class Payment(models.Model):
    """One payment for one person and one month, as the Fund received it.

    Kept lean for bulk loading (millions of rows a day): no history table, one composite index
    (person, period) that both the status engine and the person's page read through. On
    PostgreSQL it also carries payer_type and refunded (migration 0007), so the nightly
    recompute and the status check read the index alone.
    Payments are never moved to another month, only refunded (docs/domain.md §2.4).

    On PostgreSQL the table is partitioned by year of `period` (status/ledger_partitions.py,
    migration 0012): its primary key there is (id, period), `id` stays unique through its
    sequence and the reference register, and the register keeps one row per reference.
    """

    # The link to the person is checked by PostgreSQL once per statement, not once per row
    # (triggers installed by migration 0009): the row-by-row foreign-key
    # check took a third of a million-row import.
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("person"),
        db_index=False,  # the (person, period) index serves every lookup by person
        db_constraint=False,
    )
    period = models.DateField(_("period"), help_text=_("The first day of the month paid for."))
    # No foreign-key constraint in the database: checked row by row at commit, it took about a
    # fifth of a million-row import. Payer types are reference data (a handful of codes) that
    # imports and forms validate, and PROTECT still keeps a used one from being deleted.
    payer_type = models.ForeignKey(
        "contributions.PayerType",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("payer type"),
        db_index=False,
        db_constraint=False,
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("date paid"))
    payer_bin = models.CharField(_("payer BIN"), max_length=12, blank=True)
    # Unique through Meta.constraints, not unique=True: that also builds a second, pattern
    # index on PostgreSQL that nothing uses (references are only ever matched exactly). On the
    # partitioned ledger (PostgreSQL) the register status_paymentreference enforces it instead.
    reference = models.CharField(_("source reference"), max_length=64)
    refunded = models.BooleanField(_("refunded"), default=False)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    refund_note = models.CharField(_("refund note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["person", "period"], name="status_payment_person_period")]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="status_payment_reference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.period:%Y-%m}"


class CategoryKind(models.TextChoices):
    STATE_PAID = "state_paid", _("State-paid (insured by the state)")
    EXEMPT = "exempt", _("Exempt but entitled")


class Category(models.Model):
    """A category of docs/domain.md §4: the state pays for its members, or they are exempt."""

    code = models.CharField(_("code"), max_length=32, primary_key=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=CategoryKind)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name


class CategoryMembership(models.Model):
    """A person belongs to a category from `start` to `end` (both inclusive; open when empty)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("category")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("category membership")
        verbose_name_plural = _("category memberships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="status_membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.category_id} {self.start}–{self.end or ''}"


class DebtCancellation(models.Model):
    """Months start … end (first days of months) whose debt the Fund cancelled: not owed (§6)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="cancellations", verbose_name=_("person")
    )
    start = models.DateField(_("first month"))
    end = models.DateField(_("last month"))
    reference = models.CharField(_("decision reference"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("debt cancellation")
        verbose_name_plural = _("debt cancellations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="status_cancellation_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.start:%Y-%m}–{self.end:%Y-%m}"


# --- Rules and results ------------------------------------------------------------------------


class StatusRule(models.Model):
    """The numbers of the status rule (docs/domain.md §3), valid for valid_from … valid_to.

    Months before the earliest rule's valid_from are not owed. A month without a rule has no
    status: the engine says so instead of guessing.
    """

    valid_from = models.DateField(_("valid from"), unique=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    window_months = models.PositiveSmallIntegerField(_("window (months)"))
    grace_months = models.PositiveSmallIntegerField(_("grace (months)"))
    extended_grace_months = models.PositiveSmallIntegerField(
        _("extended grace (months)"), null=True, blank=True
    )
    extended_grace_after_months = models.PositiveSmallIntegerField(
        _("continuous months for the extended grace"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status rule")
        verbose_name_plural = _("status rules")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%Y-%m} – {self.valid_to or '…'}"


class Status(models.TextChoices):
    INSURED = "insured", _("Insured")
    NOT_INSURED = "not_insured", _("Not insured")
    EXEMPT = "exempt", _("Entitled (exempt)")


class Reason(models.TextChoices):
    PAID_12_PAST_MONTHS = "paid_12_past_months", _("The past 12 months are paid")
    PREPAID_12_MONTHS = "prepaid_12_months", _("12 months are paid in advance")
    GRACE_PERIOD = "grace_period", _("Grace period: payments are missing")
    STATE_PAID_CATEGORY = "state_paid_category", _("The state pays for you")
    EXEMPT_CATEGORY = "exempt_category", _("Exempt category")
    DEBT = "debt", _("Unpaid months")
    NO_PAYMENTS = "no_payments", _("No payments")


class Care(models.TextChoices):
    MSHI = "mshi", _("GVFMC and the MSHI package")
    GVFMC = "gvfmc", _("Only the guaranteed volume of free medical care (GVFMC)")


class StatusSnapshot(models.Model):
    """A person's status as last computed for a month M.

    The month masks read oldest first: bit (W−1−i) is month M−W+i of the W-month window.
    """

    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="snapshot",
        verbose_name=_("person"),
    )
    month = models.DateField(_("month"), help_text=_("The month the status is for."))
    computed_at = models.DateTimeField(_("computed at"))
    status = models.CharField(_("status"), max_length=16, choices=Status)
    reason = models.CharField(_("reason"), max_length=32, choices=Reason)
    care = models.CharField(_("care"), max_length=8, choices=Care)
    covered_mask = models.IntegerField(_("covered months"), default=0)
    state_mask = models.IntegerField(_("state-paid months"), default=0)
    debt_mask = models.IntegerField(_("debt months"), default=0)
    debt_amount = models.DecimalField(_("debt amount"), max_digits=12, decimal_places=2)
    lapses_on = models.DateField(_("status lost on"), null=True, blank=True)

    class Meta:
        verbose_name = _("status snapshot")
        verbose_name_plural = _("status snapshots")

    def __str__(self) -> str:
        return f"{self.person_id} {self.month:%Y-%m} {self.status}"


class RecomputeRun(models.Model):
    """One run of the nightly recompute: when, how many persons, how many statuses changed."""

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    as_of = models.DateField(_("as of"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.RUNNING)
    method = models.CharField(_("method"), max_length=16, default="sql")
    chunk_size = models.PositiveIntegerField(_("chunk size"), default=50_000)
    # Chunk k holds the persons with first_id + k·chunk_size < id ≤ first_id + (k+1)·chunk_size.
    first_id = models.BigIntegerField(_("first person id"), default=0)
    chunks_total = models.PositiveIntegerField(_("chunks"), default=0)
    # Chunk numbers already done: a resumed run skips them.
    chunks_done = models.JSONField(_("chunks done"), default=list, blank=True)
    persons = models.PositiveIntegerField(_("persons"), default=0)
    changes = models.PositiveIntegerField(_("changes"), default=0)
    counts = models.JSONField(
        _("counts by status and reason"), default=dict, blank=True, editable=False
    )
    # Why a run was marked failed (shown in the admin), e.g. still running past the timeout.
    failure = models.TextField(_("why it failed"), blank=True)

    class Meta:
        verbose_name = _("recompute run")
        verbose_name_plural = _("recompute runs")
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"{self.as_of} ({self.get_state_display()})"
