"""Fund staff edit the content with the three languages side by side, row by row; a field
filled in one language but not in another is flagged in the list and in the change form."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import CareItem, Channel, FaqCategory, FaqEntry, Page, ResidencyRule, SearchSynonym
from .placeholders import PLACEHOLDERS, Figures
from .translations import languages, translated_fields


def side_by_side(*fields) -> list[tuple[str, ...]]:
    """Each translated field as one row of its kk, ru, en variants."""
    return [tuple(f"{name}_{code}" for code in languages()) for name in fields]


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("translations")
    parameter_name = "translations"

    def lookups(self, request, model_admin):
        return [("missing", _("Missing a translation")), ("complete", _("Complete"))]

    def queryset(self, request, queryset):
        if self.value() not in ("missing", "complete"):
            return queryset
        ids = [obj.pk for obj in queryset if obj.missing_translations()]
        if self.value() == "missing":
            return queryset.filter(pk__in=ids)
        return queryset.exclude(pk__in=ids)


class ContentAdmin(TranslationAdmin):
    """Side-by-side languages (not tabs), a missing-translation marker, placeholder help."""

    translated: tuple[str, ...] = ()
    other_fields: tuple = ()
    list_filter = (MissingTranslationFilter,)
    readonly_fields = ("translation_check",)

    class Media:
        css = {"all": ("information/admin.css",)}

    def get_fieldsets(self, request, obj=None):
        translated = self.translated or translated_fields(self.model)
        return [
            (None, {"fields": ["translation_check", *self.other_fields]}),
            (
                _("Texts: Kazakh · Russian · English"),
                {
                    "fields": side_by_side(*translated),
                    "classes": ["information-side-by-side"],
                    "description": self.placeholder_help(),
                },
            ),
        ]

    def placeholder_help(self):
        figures = Figures(on=timezone.localdate())
        return format_html(
            "{}<br>{}",
            gettext(
                "Do not type amounts or rates into texts: write a placeholder such as "
                "{{ self_payer_amount }} and the page shows the current month's figure."
            ),
            format_html_join(
                " · ",
                "<code>{{{{ {} }}}}</code> = {} ({})",
                ((name, figures.value(name), text) for name, text in PLACEHOLDERS.items()),
            ),
        )

    @admin.display(description=_("translations"))
    def translation_check(self, obj):
        missing = obj.missing_translations() if obj is not None and obj.pk else {}
        if not missing:
            if obj is None or not obj.pk:
                return "—"
            return format_html('<span class="information-ok">✔ {}</span>', gettext("complete"))
        return format_html(
            '<span class="information-missing" role="status">⚠ {} {}</span>',
            gettext("Missing translation:"),
            "; ".join(
                f"{self.model._meta.get_field(field).verbose_name} ({', '.join(codes)})"
                for field, codes in missing.items()
            ),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        missing = obj.missing_translations()
        if missing:
            messages.warning(
                request,
                gettext("Saved, but some texts are not translated yet: %(fields)s.")
                % {
                    "fields": "; ".join(
                        f"{field} ({', '.join(codes)})" for field, codes in missing.items()
                    )
                },
            )


@admin.register(Page)
class PageAdmin(ContentAdmin):
    list_display = ("title", "slug", "position", "published", "translation_check")
    list_editable = ("position", "published")
    search_fields = ("slug", "title_kk", "title_ru", "title_en")
    other_fields = ("slug", "position", "published", "source")


@admin.register(FaqCategory)
class FaqCategoryAdmin(ContentAdmin):
    list_display = ("name", "slug", "position", "translation_check")
    other_fields = ("slug", "position")


@admin.register(FaqEntry)
class FaqEntryAdmin(ContentAdmin):
    list_display = ("question", "category", "position", "published", "translation_check")
    list_filter = ("category", "published", MissingTranslationFilter)
    search_fields = ("slug", "question_kk", "question_ru", "question_en")
    other_fields = ("category", "slug", "position", "published", "source")


@admin.register(CareItem)
class CareItemAdmin(ContentAdmin):
    list_display = ("text", "package", "position", "translation_check")
    list_filter = ("package", MissingTranslationFilter)
    other_fields = ("package", "position")


@admin.register(ResidencyRule)
class ResidencyRuleAdmin(ContentAdmin):
    list_display = ("residency", "gvfmc", "mshi", "state_paid", "translation_check")
    other_fields = ("residency", "gvfmc", "state_paid", "position")

    # Shown here, edited in the status app's "care by residency" table: the status's care reads it.
    @admin.display(boolean=True, description=_("MSHI package when insured"))
    def mshi(self, rule):
        return rule.mshi


@admin.register(Channel)
class ChannelAdmin(ContentAdmin):
    list_display = ("name", "kind", "url", "position", "translation_check")
    list_filter = ("kind", MissingTranslationFilter)
    other_fields = ("kind", "url", "position")


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["language", "word", "synonyms"]
    list_filter = ["language"]
    search_fields = ["word", "synonyms"]
