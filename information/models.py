"""The information section's content (docs/domain.md §3, §4, §7, §8), edited by Fund staff.

Texts are translated with django-modeltranslation (kk, ru, en; translation.py). Figures are
never typed into them: a text names a placeholder such as {{ self_payer_amount }} and the page
fills it in from the contribution rules of the current month (placeholders.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from status import selectors as status_selectors
from status.models import Residency

from .placeholders import unknown_names
from .translations import languages, missing_translations, translated_fields


class TranslatedContent(models.Model):
    """Content whose translated fields may be checked for a missing language."""

    class Meta:
        abstract = True

    def clean(self):
        """Refuse placeholders the pages cannot fill (they would show as "—")."""
        errors = {}
        for field in translated_fields(type(self)):
            for code in languages():
                name = f"{field}_{code}"
                unknown = unknown_names(getattr(self, name, "") or "")
                if unknown:
                    errors[name] = _("Unknown placeholder: %(names)s.") % {
                        "names": ", ".join(f"{{{{ {name} }}}}" for name in unknown)
                    }
        if errors:
            raise ValidationError(errors)

    def missing_translations(self) -> dict[str, list[str]]:
        """{field: [languages missing]} for every translated field filled in another language."""
        return missing_translations(self)


class Page(TranslatedContent):
    """An information page: a title, a one-line summary and a body in light markup.

    Body markup: paragraphs are separated by a blank line, a line starting with "- " is a list
    item, a line starting with "## " is a heading; addresses become links.
    """

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    body = models.TextField(_("text"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    published = models.BooleanField(_("published"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.title or self.slug

    def get_absolute_url(self) -> str:
        return reverse("information:page", kwargs={"slug": self.slug})


class FaqCategory(TranslatedContent):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("FAQ category")
        verbose_name_plural = _("FAQ categories")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self) -> str:
        return reverse("information:faq") + f"#{self.slug}"


class FaqEntry(TranslatedContent):
    category = models.ForeignKey(
        FaqCategory, on_delete=models.PROTECT, related_name="entries", verbose_name=_("category")
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    question = models.CharField(_("question"), max_length=400)
    answer = models.TextField(_("answer"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    published = models.BooleanField(_("published"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["category__position", "position", "slug"]

    def __str__(self) -> str:
        return self.question or self.slug

    def get_absolute_url(self) -> str:
        return reverse("information:faq") + f"#{self.slug}"


class Package(models.TextChoices):
    GVFMC = "gvfmc", _("Guaranteed volume of free medical care (GVFMC)")
    MSHI = "mshi", _("MSHI package")


class CareItem(TranslatedContent):
    """One line of the GVFMC list or of the MSHI package (docs/domain.md §8)."""

    package = models.CharField(_("list"), max_length=8, choices=Package)
    text = models.CharField(_("text"), max_length=400)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("care list item")
        verbose_name_plural = _("care list items")
        ordering = ["package", "position", "id"]

    def __str__(self) -> str:
        return self.text


class GvfmcScope(models.TextChoices):
    FULL = "full", _("GVFMC in full")
    DANGEROUS_AND_EMERGENCY = (
        "limited",
        _("GVFMC only for diseases dangerous to others and emergencies"),
    )
    DANGEROUS_AND_AGREEMENT = (
        "agreement",
        _(
            "GVFMC only for diseases dangerous to others; emergency care if their country "
            "has an agreement with Kazakhstan"
        ),
    )


class ResidencyRule(TranslatedContent):
    """One row of the foreigners' table (docs/domain.md §7), plus citizens: who gets what care,
    how they attach to a polyclinic and with which documents."""

    residency = models.CharField(_("residency"), max_length=32, choices=Residency, unique=True)
    gvfmc = models.CharField(_("free care"), max_length=16, choices=GvfmcScope)
    state_paid = models.BooleanField(
        _("may be in a state-paid category"),
        help_text=_("The state pays contributions for those in a state-paid category."),
    )
    attachment = models.TextField(_("how to attach to a polyclinic"))
    documents = models.TextField(_("documents"), blank=True)
    care = models.TextField(_("care"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("residency rule")
        verbose_name_plural = _("residency rules (foreigners' table)")
        ordering = ["position", "residency"]

    def __str__(self) -> str:
        return self.get_residency_display()

    @property
    def mshi(self) -> bool:
        """Whether this residency gets the MSHI package when insured: the status app's table
        (status.ResidencyCare, staff edit it there), read through the rule cache."""
        return self.residency in status_selectors.mshi_residencies()


class ChannelKind(models.TextChoices):
    CHECK = "check", _("Check your status")
    PAY = "pay", _("Pay")
    CONTACT = "contact", _("Contact the Fund")


class Channel(TranslatedContent):
    """A way to check the status, to pay, or to reach the Fund (docs/domain.md §2.4, §3)."""

    kind = models.CharField(_("kind"), max_length=8, choices=ChannelKind)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("how"), blank=True)
    url = models.URLField(_("address"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels (check, pay, contact)")
        ordering = ["kind", "position", "id"]

    def __str__(self) -> str:
        return self.name


class SearchSynonym(models.Model):
    """A word readers search for that the texts of one language say otherwise: Kazakh pages
    say "емхана" where people type "поликлиника". Searching the word also searches its
    synonyms (information.selectors.search)."""

    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    word = models.CharField(_("word people type"), max_length=100)
    synonyms = models.CharField(
        _("words the texts use"),
        max_length=300,
        help_text=_("Separated by commas, e.g. емхана, МСАК."),
    )

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["language", "word"]
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="search_synonym_unique")
        ]

    def __str__(self) -> str:
        return f"{self.word} → {self.synonyms}"

    def synonym_list(self) -> list[str]:
        return [word.strip() for word in self.synonyms.split(",") if word.strip()]
