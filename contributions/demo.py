"""Demo data: the rule table itself comes from the data migrations, so there is nothing to add;
this only reports what the calculator will use (and fails loudly if the rules are missing)."""

from .models import ContributionRule, MinimumWage, PayerType


def seed(*, rng, persons: int, stdout) -> None:
    rules = ContributionRule.objects.count()
    years = list(MinimumWage.objects.order_by("year").values_list("year", flat=True))
    if not rules or not years:
        raise RuntimeError("No contribution rules: run `manage.py migrate` first.")
    stdout.write(
        f"contributions: {PayerType.objects.count()} payer types, {rules} rules, "
        f"minimum wages {years[0]}–{years[-1]} (loaded by migrations)"
    )
