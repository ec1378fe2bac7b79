"""Public pages: the calculator, the rules of a year, the penalty estimate. GET forms only:
a calculation changes nothing, and its address can be bookmarked or shared."""

from django.shortcuts import render
from django.utils import timezone

from msqory.db_router import replica_reads

from . import selectors
from .calculator import HUNDRED, money
from .forms import CalculatorForm, PenaltyForm, RulesYearForm


@replica_reads
def calculator(request):
    form = CalculatorForm(request.GET if "payer_type" in request.GET else None)
    if form.is_bound:
        form.is_valid()
    return render(request, "contributions/calculator.html", {"form": form})


@replica_reads
def rules(request):
    years = selectors.rule_years()
    current = timezone.localdate().year
    default = current if current in years else (years[-1] if years else current)
    form = RulesYearForm(request.GET if "year" in request.GET else None, years=years)
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else default
    if not form.is_bound:
        form = RulesYearForm(initial={"year": year}, years=years)
    rules_in_force = selectors.rules_in_force(year=year)
    wage = selectors.minimum_wage(year=year)
    rows = [_rule_row(rule, year=year, wage=wage) for rule in rules_in_force]
    return render(
        request,
        "contributions/rules.html",
        {"form": form, "year": year, "minimum_wage": wage, "rows": rows},
    )


def _rule_row(rule, *, year, wage):
    """A rule as the table shows it, with the amount it gives in the year's MW terms."""
    row = {"rule": rule, "cap": None, "fixed": None, "maximum": None}
    if wage is None:
        return row
    mw = wage.amount
    if rule.cap_mw_multiple is not None:
        row["cap"] = money(rule.cap_mw_multiple * mw)
        row["maximum"] = money(row["cap"] * rule.rate / HUNDRED)
    if rule.base_kind == "mw_multiple":
        row["fixed"] = money(rule.base_mw_multiple * mw * rule.rate / HUNDRED)
    elif rule.base_kind == "fixed_amount":
        row["fixed"] = money(rule.base_amount * rule.rate / HUNDRED)
    return row


@replica_reads
def penalty(request):
    form = PenaltyForm(request.GET if "period" in request.GET else None)
    if form.is_bound:
        form.is_valid()
    return render(request, "contributions/penalty.html", {"form": form})
