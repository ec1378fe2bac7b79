"""The portal's online services (the status check, the calculator, the clinic finder…) as
search results: searching "calculator", "статус" or "емхана" finds the service itself, not
only pages that mention it. Titles and the words each is found by are translated UI strings.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tool:
    url_name: str
    title: Promise
    summary: Promise
    # More words people search the service by, besides those of its title and summary.
    words: Promise

    @property
    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


TOOLS = (
    Tool(
        "status:check",
        _("Am I insured?"),
        _("Check the MSHI status by IIN: which months are paid and what to pay."),
        _("status insured insurance check IIN debt unpaid"),
    ),
    Tool(
        "contributions:calculator",
        _("Contributions calculator"),
        _("Work out how much to pay for any month and payer, vacation pay included."),
        _("calculator amount how much pay contributions deductions self-payer entrepreneur"),
    ),
    Tool(
        "contributions:penalty",
        _("Penalty for late payment"),
        _("Work out the penalty an employer owes for paying deductions late."),
        _("penalty late employer arrears"),
    ),
    Tool(
        "clinics:find",
        _("Find a polyclinic"),
        _("Find the polyclinic serving your address, and clinics with free places."),
        _("polyclinic clinic attach attachment address free places"),
    ),
    Tool(
        "clinics:mine",
        _("Which polyclinic am I attached to?"),
        _("See the polyclinic an IIN is attached to and since when."),
        _("polyclinic clinic attached attachment"),
    ),
    Tool(
        "refunds:new",
        _("Apply for a refund"),
        _("Get back money paid twice, too much, or for the wrong person or month."),
        _("refund money back paid by mistake overpaid application"),
    ),
    Tool(
        "refunds:cancellation_new",
        _("Apply to cancel a debt"),
        _("For debt from before a residence permit or before entering Kazakhstan."),
        _("debt cancel write off foreigner residence permit labour migrant application"),
    ),
    Tool(
        "refunds:track",
        _("Track an application"),
        _("See where a refund or debt-cancellation application stands."),
        _("track application number refund state"),
    ),
    Tool(
        "information:guide",
        _("What care can I get?"),
        _("Answer a few questions to see the care you get and who pays for you."),
        _("guide care free medical help foreigner"),
    ),
)
