"""Reads of the information section: content, search, and the guide's answer."""

import datetime
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import get_language

from contributions import selectors as contribution_selectors
from contributions.errors import NoRule
from status.models import Category, CategoryKind

from .models import (
    CareItem,
    Channel,
    ChannelKind,
    FaqCategory,
    FaqEntry,
    Package,
    Page,
    ResidencyRule,
)
from .placeholders import PLACEHOLDER, Figures

# Case- and diacritic-insensitive matching: Kazakh letters fold onto their plain Cyrillic
# neighbours (мәмс, мамс → мамс), ё onto е. The same map runs in SQL (translate) and Python.
FOLD_FROM = "әғқңөұүһіё"
FOLD_TO = "агкноууһие"
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
_TOKEN = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    return PLACEHOLDER.sub(" ", text or "").casefold().translate(_FOLD)


def figures(*, on: datetime.date | None = None) -> Figures:
    return Figures(on=on or timezone.localdate())


def pages() -> list[Page]:
    return list(Page.objects.filter(published=True))


def page(*, slug: str) -> Page | None:
    return Page.objects.filter(published=True, slug=slug).first()


def faq_categories() -> list[FaqCategory]:
    """Categories with their published entries (two queries), empty categories left out."""
    categories = list(FaqCategory.objects.all())
    by_category: dict[int, list[FaqEntry]] = {}
    for entry in FaqEntry.objects.filter(published=True).order_by("position", "slug"):
        by_category.setdefault(entry.category_id, []).append(entry)
    for category in categories:
        category.published_entries = by_category.get(category.pk, [])
    return [c for c in categories if c.published_entries]


def care_lists() -> dict[str, list[CareItem]]:
    lists: dict[str, list[CareItem]] = {Package.GVFMC: [], Package.MSHI: []}
    for item in CareItem.objects.all():
        lists.setdefault(item.package, []).append(item)
    return lists


def categories() -> dict[str, list[Category]]:
    """The state-paid and exempt categories of the status app (their names are translated)."""
    grouped: dict[str, list[Category]] = {CategoryKind.STATE_PAID: [], CategoryKind.EXEMPT: []}
    for category in Category.objects.all():
        grouped.setdefault(category.kind, []).append(category)
    return grouped


def residency_rules() -> list[ResidencyRule]:
    return list(ResidencyRule.objects.all())


def residency_rule(*, residency: str) -> ResidencyRule | None:
    return ResidencyRule.objects.filter(residency=residency).first()


def channels(*, kind: str | None = None) -> list[Channel]:
    rows = Channel.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows)


def payment_due_day(*, on: datetime.date) -> int | None:
    """The day of the next month by which a month is paid (the penalty rule); None without one."""
    try:
        return contribution_selectors.payment_due_day(on=on)
    except NoRule:
        return None


def call_centre_number() -> str | None:
    """The Fund's call centre: the number of the first contact channel whose address is a
    telephone number (tel:…), as staff list them; None when there is none."""
    url = (
        Channel.objects.filter(kind=ChannelKind.CONTACT, url__startswith="tel:")
        .values_list("url", flat=True)
        .first()
    )
    return url.removeprefix("tel:") if url else None


# --- search -----------------------------------------------------------------------------------


@dataclass
class Hit:
    kind: str  # "page" | "faq"
    title: str
    text: str
    url: str
    rank: float = 0.0
    obj: object = field(default=None, repr=False)


def query_terms(query: str) -> list[str]:
    return _TOKEN.findall(fold(query))[:10]


def _folded(expression):
    text = Coalesce(expression, Value(""), output_field=TextField())
    # Placeholders ({{ self_payer_amount }}) are not words of the text.
    text = Func(
        text,
        Value(PLACEHOLDER.pattern),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )
    return Func(
        Lower(text, output_field=TextField()),
        Value(FOLD_FROM),
        Value(FOLD_TO),
        function="translate",
        output_field=TextField(),
    )


def _language(language: str | None) -> str:
    from django.conf import settings

    codes = [code for code, _name in settings.LANGUAGES]
    language = (language or get_language() or codes[0]).split("-")[0]
    return language if language in codes else codes[0]


def search(*, query: str, language: str | None = None, limit: int = 30) -> list[Hit]:
    """Published pages and FAQ entries matching every word of `query` (as a word prefix) in
    the given language's texts, best first. PostgreSQL: full-text search with the 'simple'
    configuration over lower()ed and folded text; other databases: word-prefix match in Python.
    """
    terms = query_terms(query)
    if not terms:
        return []
    language = _language(language)
    sources = [
        (
            Page.objects.filter(published=True),
            "page",
            f"title_{language}",
            f"body_{language}",
            f"summary_{language}",
        ),
        (
            FaqEntry.objects.filter(published=True),
            "faq",
            f"question_{language}",
            f"answer_{language}",
            None,
        ),
    ]
    hits: list[Hit] = []
    for queryset, kind, title, body, summary in sources:
        if connection.vendor == "postgresql":
            found = _postgres_search(queryset, terms, title, body, summary)
        else:
            found = _python_search(queryset, terms, title, body, summary)
        for obj, rank in found:
            hits.append(
                Hit(
                    kind=kind,
                    title=getattr(obj, title) or "",
                    text=getattr(obj, body) or "",
                    url=obj.get_absolute_url(),
                    rank=rank,
                    obj=obj,
                )
            )
    hits.sort(key=lambda hit: (-hit.rank, hit.kind, hit.title))
    return hits[:limit]


def _postgres_search(queryset, terms, title, body, summary):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector(_folded(F(title)), config="simple", weight="A") + SearchVector(
        _folded(F(body)), config="simple", weight="B"
    )
    if summary:
        vector = vector + SearchVector(_folded(F(summary)), config="simple", weight="A")
    tsquery = SearchQuery(
        " & ".join(f"{term}:*" for term in terms), config="simple", search_type="raw"
    )
    rows = queryset.annotate(document=vector, search_rank=SearchRank(vector, tsquery)).filter(
        document=tsquery
    )
    return [(obj, float(obj.search_rank)) for obj in rows.order_by("-search_rank")]


def _python_search(queryset, terms, title, body, summary):
    found = []
    for obj in queryset:
        title_text = fold(getattr(obj, title))
        words = _TOKEN.findall(
            " ".join(fold(getattr(obj, name) or "") for name in (title, body, summary) if name)
        )
        if all(any(word.startswith(term) for word in words) for term in terms):
            rank = 1.0 + sum(term in title_text for term in terms)
            found.append((obj, rank))
    return found
