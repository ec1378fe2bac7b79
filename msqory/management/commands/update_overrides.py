from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from msqory import catalog_gaps


class Command(BaseCommand):
    help = (
        "Rewrite locale/overrides from the installed libraries' catalogues: every message "
        "without a Kazakh or Russian translation, new ones with an empty msgstr to fill in."
    )

    def handle(self, **options):
        messages = catalog_gaps.library_messages()
        for language in catalog_gaps.LANGUAGES:
            counts = catalog_gaps.update_overrides(language, messages)
            self.stdout.write(
                _(
                    "%(path)s: %(kept)d kept, %(added)d added, %(dropped)d dropped, "
                    "%(untranslated)d to translate"
                )
                % {"path": catalog_gaps.override_path(language), **counts}
            )
