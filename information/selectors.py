"""Reads of the information section: content, search, and the guide's answer."""

import datetime
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone, translation
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
    SearchSynonym,
)
from .placeholders import PLACEHOLDER, Figures
from .tools import TOOLS

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


# Common Kazakh case and plural endings (folded like the text), so that "емханаға" also finds
# "емхана", "емханалар" and the rest; a word keeps at least _KK_STEM letters.
_KK_ENDING_WORDS = (
    "лардың лердің дардың дердің тардың тердің лары лері дары дері тары тері "
    "ларға лерге дарға дерге тарға терге лар лер дар дер тар тер "
    "ның нің дың дің тың тің ға ге қа ке на не нда нде да де та те "
    "нан нен дан ден тан тен ны ні ды ді ты ті"
)
_KK_ENDINGS = sorted({fold(ending) for ending in _KK_ENDING_WORDS.split()}, key=len, reverse=True)
_KK_STEM = 4
# PostgreSQL's text search configuration for a language: its stemmer where it has one.
_TS_CONFIG = {"ru": "russian"}


def _kk_stem(term: str) -> str:
    for ending in _KK_ENDINGS:
        if term.endswith(ending) and len(term) - len(ending) >= _KK_STEM:
            return term[: -len(ending)]
    return term


def search_alternatives(terms: list[str], *, language: str) -> list[list[tuple[str, ...]]]:
    """For each query term, what may stand for it in the texts: the term itself (its Kazakh
    stem), or any of its synonyms (SearchSynonym rows of the language), each a run of words."""
    synonyms: dict[str, list[tuple[str, ...]]] = {}
    for row in SearchSynonym.objects.filter(language=language):
        word = fold(row.word)
        synonyms[word] = [tuple(query_terms(s)) for s in row.synonym_list() if query_terms(s)]
    alternatives = []
    for term in terms:
        own = _kk_stem(term) if language == "kk" else term
        found = [(own,)]
        for word, others in synonyms.items():
            # A word typed in part, or with an ending, matches too: "поликлиникаға".
            partial = len(min(word, term, key=len)) >= _KK_STEM and (
                word.startswith(term) or term.startswith(word)
            )
            if word == term or partial:
                found += [other for other in others if other not in found]
        alternatives.append(found)
    return alternatives


def search(*, query: str, language: str | None = None, limit: int = 30) -> list[Hit]:
    """The portal's services (information.tools), published pages and FAQ entries matching
    every word of `query` (as a word prefix, or one of its synonyms) in the given language,
    best first. PostgreSQL: full-text search over lower()ed and folded text, with the Russian
    stemmer for Russian (any form of a word finds the others) and the 'simple' configuration
    otherwise; other databases: word-prefix match in Python.
    """
    terms = query_terms(query)
    if not terms:
        return []
    language = _language(language)
    alternatives = search_alternatives(terms, language=language)
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
    hits: list[Hit] = _tool_hits(alternatives, language=language)
    for queryset, kind, title, body, summary in sources:
        if connection.vendor == "postgresql":
            found = _postgres_search(queryset, alternatives, title, body, summary, language)
        else:
            found = _python_search(queryset, alternatives, title, body, summary)
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
    hits.sort(key=lambda hit: (-hit.rank, hit.kind != "tool", hit.kind, hit.title))
    return hits[:limit]


def _matches(words: list[str], alternatives: list[list[tuple[str, ...]]]) -> bool:
    """Every term has an alternative whose words each begin some word of the text."""
    return all(
        any(all(any(word.startswith(t) for word in words) for t in run) for run in options)
        for options in alternatives
    )


def _tool_hits(alternatives, *, language: str) -> list[Hit]:
    hits = []
    with translation.override(language):
        for tool in TOOLS:
            url = tool.url
            title = str(tool.title)
            words = _TOKEN.findall(fold(f"{title} {tool.summary} {tool.words}"))
            if url and _matches(words, alternatives):
                # Above the pages when the title itself matches: the reader looks for it.
                title_words = _TOKEN.findall(fold(title))
                rank = 2.0 if _matches(title_words, alternatives) else 0.5
                text = str(tool.summary)
                hits.append(Hit(kind="tool", title=title, text=text, url=url, rank=rank))
    return hits


def _tsquery(alternatives) -> str:
    return " & ".join(
        "(" + " | ".join("(" + " & ".join(f"{t}:*" for t in run) + ")" for run in options) + ")"
        for options in alternatives
    )


def _postgres_search(queryset, alternatives, title, body, summary, language):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = _TS_CONFIG.get(language, "simple")
    vector = SearchVector(_folded(F(title)), config=config, weight="A") + SearchVector(
        _folded(F(body)), config=config, weight="B"
    )
    if summary:
        vector = vector + SearchVector(_folded(F(summary)), config=config, weight="A")
    tsquery = SearchQuery(_tsquery(alternatives), config=config, search_type="raw")
    rows = queryset.annotate(document=vector, search_rank=SearchRank(vector, tsquery)).filter(
        document=tsquery
    )
    return [(obj, float(obj.search_rank)) for obj in rows.order_by("-search_rank")]


def _python_search(queryset, alternatives, title, body, summary):
    found = []
    for obj in queryset:
        title_words = _TOKEN.findall(fold(getattr(obj, title)))
        words = _TOKEN.findall(
            " ".join(fold(getattr(obj, name) or "") for name in (title, body, summary) if name)
        )
        if _matches(words, alternatives):
            rank = 1.0 + sum(_matches(title_words, [options]) for options in alternatives)
            found.append((obj, rank))
    return found
