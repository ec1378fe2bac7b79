"""The guide's answer: who pays for you and how much this month, whether the state pays,
what care you get insured and uninsured, how to attach to a polyclinic
(docs/domain.md §2, §4, §7, §8).

The situations and which payer types or categories they mean are listed here (codes only);
every amount comes from the contribution rules of the month, every text from the content tables.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from contributions import selectors as contribution_selectors
from contributions.calculator import HUNDRED, calculate, first_of_month, money
from contributions.errors import NoRule
from status.models import Category, CategoryKind, Residency

from . import selectors
from .models import GvfmcScope, Package


@dataclass(frozen=True)
class Situation:
    code: str
    label: str
    payer_types: tuple[str, ...] = ()  # who pays while the person is in this situation
    category: str | None = None  # the status app's Category code (state-paid or exempt)
    exemption: str | None = None  # the contributions app's Exemption code (employer frees)


SITUATIONS = [
    Situation("employee", _("I work under a labour contract"), ("employer", "employee")),
    Situation("civil_contract", _("I earn under civil-law contracts"), ("civil_contract",)),
    Situation(
        "entrepreneur",
        _("I am an individual entrepreneur, in private practice or run a peasant farm"),
        ("individual_entrepreneur",),
    ),
    Situation(
        "platform_worker",
        _("I earn through a digital platform (taxi apps and the like)"),
        ("platform_worker",),
    ),
    Situation(
        "registered_unemployed",
        _("I am unemployed and registered at an employment centre"),
        category="registered_unemployed",
    ),
    Situation(
        "no_income",
        _("I have no income and am not registered as unemployed"),
        ("self_payer",),
    ),
    Situation("pensioner", _("I receive a pension"), category="pensioner", exemption="pensioner"),
    Situation(
        "student",
        _("I am a full-time student"),
        category="fulltime_student",
        exemption="fulltime_student",
    ),
    Situation("pregnant", _("I am pregnant and not working"), category="pregnant_nonworking"),
    Situation(
        "parent",
        _("I do not work and raise a child under 3, or I am on childcare leave"),
        category="parent_child_under_3",
    ),
    Situation("child", _("I am under 18"), category="child", exemption="child"),
    Situation(
        "disability",
        _("I have a disability"),
        category="disabled_nonworking",
        exemption="disability",
    ),
    Situation(
        "many_children",
        _("I am a mother of many children with «Алтын алқа», «Күміс алқа» or «Ана даңқы»"),
        category="mother_many_children",
        exemption="mother_many_children",
    ),
    Situation(
        "service",
        _("I serve in the military, a special state body or law enforcement"),
        category="military",
    ),
]
BY_CODE = {s.code: s for s in SITUATIONS}
WORKING = {"employee", "civil_contract", "entrepreneur", "platform_worker"}
# Categories for people who do not work: working ends them.
NON_WORKING_CATEGORIES = {
    "registered_unemployed",
    "pregnant_nonworking",
    "parent_child_under_3",
    "disabled_nonworking",
}
OTHER_RESIDENCY = "other"


@dataclass
class PayLine:
    payer_type: str
    name: str
    amount: Decimal | None = None  # a fixed monthly amount
    rate: Decimal | None = None  # a share of income
    maximum: Decimal | None = None  # the largest monthly amount (capped base)
    exempt: str = ""  # name of the exemption that makes this line 0
    no_rule: str = ""  # the NoRule message when the month has no rule


@dataclass
class Answer:
    period: datetime.date
    residency: str
    residency_label: str
    situations: list[Situation]
    rule: object  # ResidencyRule | None
    lines: list[PayLine] = field(default_factory=list)
    state_categories: list[Category] = field(default_factory=list)
    exempt_categories: list[Category] = field(default_factory=list)
    insured_by_state: bool = False
    exempt: bool = False
    mshi_possible: bool = True
    gvfmc_scope: str = GvfmcScope.FULL
    gvfmc_scope_label: str = ""
    care: dict = field(default_factory=dict)

    @property
    def several_sources(self) -> bool:
        return len({s.code for s in self.situations} & WORKING) > 1

    @property
    def nobody_pays(self) -> bool:
        return not self.lines and not self.insured_by_state and not self.exempt


def answer(*, residency: str, situations: list[str], on: datetime.date) -> Answer:
    period = first_of_month(on)
    chosen = [BY_CODE[code] for code in situations if code in BY_CODE]
    codes = {s.code for s in chosen}
    rule = selectors.residency_rule(residency=residency)
    residency_label = Residency(residency).label if residency in Residency.values else _("Other")
    result = Answer(
        period=period,
        residency=residency,
        residency_label=str(residency_label),
        situations=chosen,
        rule=rule,
        care=selectors.care_lists(),
    )
    if rule is None:  # "other" or a row staff removed: only what every foreigner gets
        result.mshi_possible = False
        result.gvfmc_scope = GvfmcScope.DANGEROUS_AND_AGREEMENT
    else:
        result.mshi_possible = rule.mshi
        result.gvfmc_scope = rule.gvfmc
    result.gvfmc_scope_label = str(GvfmcScope(result.gvfmc_scope).label)

    working = bool(codes & WORKING)
    category_codes = [
        s.category
        for s in chosen
        if s.category and not (working and s.category in NON_WORKING_CATEGORIES)
    ]
    if rule is not None and rule.state_paid and category_codes:
        found = {c.code: c for c in Category.objects.filter(code__in=category_codes)}
        for code in category_codes:
            category = found.get(code)
            if category is None:
                continue
            if category.kind == CategoryKind.EXEMPT:
                result.exempt_categories = list(Category.objects.filter(kind=CategoryKind.EXEMPT))
                result.exempt = True
            else:
                result.state_categories.append(category)
        result.insured_by_state = bool(result.state_categories)

    if result.mshi_possible and not result.exempt:
        payer_types: list[str] = []
        for situation in chosen:
            for payer_type in situation.payer_types:
                if payer_type == "self_payer" and result.insured_by_state:
                    continue  # the state already pays for the months without income
                if payer_type not in payer_types:
                    payer_types.append(payer_type)
        exemption_codes = [s.exemption for s in chosen if s.exemption]
        result.lines = _pay_lines(
            payer_types=payer_types, period=period, exemption_codes=exemption_codes
        )
    return result


def _pay_lines(*, payer_types, period, exemption_codes) -> list[PayLine]:
    if not payer_types:
        return []
    book = contribution_selectors.rule_book(start=period, end=period, payer_types=payer_types)
    frees: dict[str, str] = {}
    for code in exemption_codes:
        for payer_type, name in contribution_selectors.exemption_names(code=code).items():
            frees.setdefault(payer_type, name)
    lines = []
    for payer_type in payer_types:
        line = PayLine(
            payer_type=payer_type, name=book.payer_type_names.get(payer_type, payer_type)
        )
        lines.append(line)
        if payer_type in frees:
            line.exempt = frees[payer_type]
            continue
        try:
            rule = book.rule(payer_type, period)
            mw = book.minimum_wage(payer_type, period)
            if rule.base_kind == "income":
                line.rate = rule.rate
                if rule.cap_mw_multiple is not None:
                    line.maximum = money(money(rule.cap_mw_multiple * mw) * rule.rate / HUNDRED)
            else:
                line.amount = calculate(
                    payer_type=payer_type, period=period, income=None, rules=book
                ).amount
        except NoRule as error:
            line.no_rule = error.message
    return lines


def care_items(answer_: Answer, *, insured: bool) -> list:
    """Uninsured: the GVFMC list (when the person's documents give it in full). Insured: what
    the MSHI package adds on top of it."""
    care = answer_.care
    if insured:
        return list(care.get(Package.MSHI, [])) if answer_.mshi_possible else []
    return list(care.get(Package.GVFMC, [])) if answer_.gvfmc_scope == GvfmcScope.FULL else []
