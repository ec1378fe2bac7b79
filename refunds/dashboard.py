"""The applications panel of the admin start page: open applications due this week and those
overdue, each count a link to the filtered list of applications."""

import datetime
from dataclasses import dataclass

from msqory.dashboard import Figure, Panel, admin_url

from . import selectors


@dataclass(frozen=True)
class ApplicationFigures:
    due_this_week: Figure
    overdue: Figure


def panel(*, user, today: datetime.date) -> Panel | None:
    if not user.has_perm("refunds.view_application"):
        return None
    return Panel(
        template="refunds/dashboard_panel.html",
        figures=ApplicationFigures(
            due_this_week=Figure(
                selectors.due_this_week(today=today).count(),
                admin_url("refunds_application_changelist", due="week"),
            ),
            overdue=Figure(
                selectors.overdue_applications(today=today).count(),
                admin_url("refunds_application_changelist", overdue="yes"),
            ),
        ),
    )
