"""Every message the portal shows exists in Kazakh, Russian and English."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(
    path
    for locale_path in settings.LOCALE_PATHS
    for path in Path(locale_path).glob("*/LC_MESSAGES/django.po")
)


def test_the_three_languages_have_catalogues():
    languages = {path.parts[-3] for path in CATALOGUES}
    assert {"kk", "ru", "en"} <= languages


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: "/".join(path.parts[-4:-2]))
def test_catalogue_is_complete(catalogue):
    po = polib.pofile(str(catalogue))
    assert not po.metadata_is_fuzzy, "the header is marked fuzzy: plural forms would be lost"
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {catalogue}"
    assert fuzzy == [], f"fuzzy in {catalogue}"
