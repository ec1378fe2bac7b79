"""Contribution rules as data (docs/domain.md §2): who pays, at what rate, on what base, since when.

Every figure lives in these tables, seeded by data migrations and edited by Fund staff in the
admin; the calculator (calculator.py) only does arithmetic on what selectors.py reads here.
Months are stored as the first day of the month.
"""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def month_label(period: datetime.date) -> str:
    """ "2025-07" style, the same in every language (also what the API accepts)."""
    return f"{period.year:04d}-{period.month:02d}"


class PayerCode(models.TextChoices):
    """The codes of the payer types (docs/domain.md §2.1) that code refers to by name; their names,
    descriptions and rules are data (PayerType, ContributionRule)."""

    EMPLOYER = "employer"
    EMPLOYEE = "employee"
    CIVIL_CONTRACT = "civil_contract"
    INDIVIDUAL_ENTREPRENEUR = "individual_entrepreneur"
    SELF_PAYER = "self_payer"
    PLATFORM_WORKER = "platform_worker"
    UNIFIED_PAYMENT = "unified_payment"
    STATE = "state"


class PayerType(models.Model):
    """The eight payer types of docs/domain.md §2.1; the code is what other apps store."""

    code = models.CharField(_("code"), primary_key=True, max_length=32)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("payer type")
        verbose_name_plural = _("payer types")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name or self.code


class MinimumWage(models.Model):
    """The minimum monthly wage (MW, ЕТЖ/МЗП) of a year: the unit of fixed amounts and caps."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    amount = models.DecimalField(_("amount, tenge"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minimum monthly wage")
        verbose_name_plural = _("minimum monthly wages")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="minimum_wage_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


class BaseKind(models.TextChoices):
    INCOME = "income", _("Income (gross accrued), capped where a cap is set")
    MW_MULTIPLE = "mw_multiple", _("A fixed multiple of the minimum wage")
    FIXED_AMOUNT = "fixed_amount", _("A fixed base amount (average wage of two years earlier)")


class ContributionRule(models.Model):
    """The rate and base of one payer type for a period of months (from/to, both inclusive).

    Rules of one payer type never overlap (an exclusion constraint on PostgreSQL, `clean()`
    everywhere). For the unified payment, `rate` is the payment's rate on payroll and the two
    shares say how much of the payment is MSHI employer deductions and employee contributions.
    """

    payer_type = models.ForeignKey(
        PayerType, on_delete=models.PROTECT, related_name="rules", verbose_name=_("payer type")
    )
    valid_from = models.DateField(_("from month"), help_text=_("The first day of the month."))
    valid_to = models.DateField(
        _("to month"),
        null=True,
        blank=True,
        help_text=_("The first day of the last month the rule applies to; empty: until changed."),
    )
    rate = models.DecimalField(_("rate, %"), max_digits=6, decimal_places=3)
    base_kind = models.CharField(_("base"), max_length=16, choices=BaseKind)
    base_mw_multiple = models.DecimalField(
        _("base, multiple of the MW"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a fixed base: e.g. 1.4 for individual entrepreneurs."),
    )
    base_amount = models.DecimalField(
        _("base amount, tenge"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    cap_mw_multiple = models.DecimalField(
        _("cap on the base, multiple of the MW"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: no cap."),
    )
    employer_share = models.DecimalField(
        _("employer deductions, share of the unified payment, %"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
    )
    employee_share = models.DecimalField(
        _("employee contributions, share of the unified payment, %"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
    )
    legal_reference = models.CharField(_("legal reference"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    # History is registered in translation.py, after the translated fields exist.

    class Meta:
        verbose_name = _("contribution rule")
        verbose_name_plural = _("contribution rules")
        ordering = ["payer_type__position", "valid_from"]
        indexes = [models.Index(fields=["payer_type", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__day=1), name="contribution_rule_from_first_of_month"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | (Q(valid_to__day=1) & Q(valid_to__gte=models.F("valid_from"))),
                name="contribution_rule_to_after_from",
            ),
            models.CheckConstraint(condition=Q(rate__gte=0), name="contribution_rule_rate"),
            models.CheckConstraint(
                condition=~Q(base_kind="mw_multiple") | Q(base_mw_multiple__gt=0),
                name="contribution_rule_mw_multiple_base",
            ),
            models.CheckConstraint(
                condition=~Q(base_kind="fixed_amount") | Q(base_amount__gt=0),
                name="contribution_rule_fixed_base",
            ),
        ]

    def __str__(self) -> str:
        end = month_label(self.valid_to) if self.valid_to else "…"
        return f"{self.payer_type_id} {month_label(self.valid_from)}–{end}: {self.rate} %"

    def has_taken_effect(self, *, today: datetime.date | None = None) -> bool:
        """A rule whose first month has begun is history: the admin shows it read-only."""
        today = today or timezone.localdate()
        return self.pk is not None and self.valid_from <= today

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.valid_from and self.valid_from.day != 1:
            errors["valid_from"] = _("Enter the first day of a month.")
        if self.valid_to and self.valid_to.day != 1:
            errors["valid_to"] = _("Enter the first day of a month.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The last month cannot be before the first month.")
        if self.base_kind == BaseKind.MW_MULTIPLE and not self.base_mw_multiple:
            errors["base_mw_multiple"] = _("Enter the multiple of the minimum wage.")
        if self.base_kind == BaseKind.FIXED_AMOUNT and not self.base_amount:
            errors["base_amount"] = _("Enter the base amount.")
        if errors:
            raise ValidationError(errors)
        if self.payer_type_id and self.valid_from:
            overlapping = ContributionRule.objects.filter(payer_type_id=self.payer_type_id).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
            )
            if self.valid_to:
                overlapping = overlapping.filter(valid_from__lte=self.valid_to)
            other = overlapping.exclude(pk=self.pk).order_by("valid_from").first()
            if other is not None:
                raise ValidationError(
                    _(
                        "This period overlaps the rule for %(payer_type)s from %(start)s to "
                        "%(end)s. End that rule first or choose other months."
                    )
                    % {
                        "payer_type": other.payer_type,
                        "start": date_format(other.valid_from, "YEAR_MONTH_FORMAT"),
                        "end": date_format(other.valid_to, "YEAR_MONTH_FORMAT")
                        if other.valid_to
                        else _("further notice"),
                    },
                    code="overlap",
                )


class Exemption(models.Model):
    """A category of person for whom some payer types pay nothing (docs/domain.md §2.3)."""

    code = models.CharField(_("code"), primary_key=True, max_length=32)
    name = models.CharField(_("name"), max_length=300)
    payer_types = models.ManyToManyField(
        PayerType,
        related_name="exemptions",
        verbose_name=_("payer types that pay nothing"),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name or self.code


class BaseRate(models.Model):
    """The National Bank base rate from a date on (until the next row): for penalty estimates."""

    valid_from = models.DateField(_("from"), unique=True)
    rate = models.DecimalField(_("rate, %"), max_digits=6, decimal_places=3)
    source = models.CharField(_("source"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("National Bank base rate")
        verbose_name_plural = _("National Bank base rates")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.rate} %"


class PenaltyRule(models.Model):
    """How late payment is charged (docs/domain.md §2.4): due day, base rate multiple, days."""

    valid_from = models.DateField(_("from"), unique=True)
    # Up to 28: every month has that day.
    due_day = models.PositiveSmallIntegerField(
        _("due day of the next month"),
        help_text=_("Month M is due by this day of month M+1."),
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    base_rate_multiple = models.DecimalField(
        _("multiple of the base rate"), max_digits=6, decimal_places=3
    )
    days_in_year = models.PositiveSmallIntegerField(
        _("days in a year"), validators=[MinValueValidator(1)]
    )
    payer_types = models.ManyToManyField(
        PayerType, related_name="penalty_rules", verbose_name=_("charged to")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("penalty rule")
        verbose_name_plural = _("penalty rules")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.base_rate_multiple} × base rate / {self.days_in_year}"
