"""Public pages: the calculator, the rules of a year, the penalty estimate. GET forms only:
a calculation changes nothing, and its address can be bookmarked or shared."""

from django.shortcuts import render
from django.utils import timezone

from msqory.db_router import replica_reads

from . import selectors
from .calculator import base_cap, fixed_amount, largest_amount
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
    """A rule as the table shows it, with the amounts it gives in the year's MW terms."""
    if wage is None:
        return {"rule": rule, "cap": None, "fixed": None, "maximum": None}
    return {
        "rule": rule,
        "cap": base_cap(rule, wage.amount),
        "fixed": fixed_amount(rule, wage.amount),
        "maximum": largest_amount(rule, wage.amount),
    }


@replica_reads
def penalty(request):
    form = PenaltyForm(request.GET if "period" in request.GET else None)
    if form.is_bound:
        form.is_valid()
    return render(request, "contributions/penalty.html", {"form": form})
