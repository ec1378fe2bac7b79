"""The admin start page: today's figures for Fund staff, one panel per app.

An app with figures for the start page has a dashboard.py whose `panel(*, user, today)` gives a
Panel (its figures, read through the app's selectors, rendered by the app's own template) or
None when the user may see none of the tables behind them. This module lists the panels in the
order staff read them; the admin site (admin_site.py) shows them above the list of tables.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.module_loading import import_string

# Dotted paths, so that the project names the apps' panels without importing them at load time.
PANELS = (
    "status.dashboard.panel",
    "refunds.dashboard.panel",
    "contributions.dashboard.panel",
)


@dataclass(frozen=True)
class Figure:
    """A number on the start page and the admin list that shows what it counts."""

    value: object
    url: str


@dataclass(frozen=True)
class Panel:
    template: str
    figures: object


def admin_url(name: str, *args, **query) -> str:
    """The admin page `name` (without the "admin:" prefix), filtered by `query`."""
    url = reverse(f"admin:{name}", args=args)
    return f"{url}?{urlencode(query)}" if query else url


def panels_for(user, *, today: datetime.date) -> list[Panel]:
    panels = (import_string(path)(user=user, today=today) for path in PANELS)
    return [panel for panel in panels if panel is not None]
