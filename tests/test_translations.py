"""Every message the portal shows exists in Kazakh, Russian and English."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from msqory import catalog_gaps

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


@pytest.mark.parametrize("language", catalog_gaps.LANGUAGES)
def test_no_library_message_falls_back_to_another_language(language):
    # A Django (or DRF, simple-history, axes, otp…) upgrade with new untranslated messages
    # fails here until `make messages` adds them to locale/overrides and someone translates them.
    assert catalog_gaps.untranslated_gaps(language) == [], (
        f"run `make messages` and fill in locale/overrides/{language}"
    )


def test_make_messages_adds_new_library_gaps_and_drops_filled_ones(tmp_path):
    messages = catalog_gaps.library_messages()
    gaps = catalog_gaps.gaps("kk", messages)
    translated = catalog_gaps.translated_by_libraries("kk") - catalog_gaps.translated_by_us("kk")
    catalogue = polib.pofile(str(catalog_gaps.override_path("kk")))
    present = {(e.msgctxt, e.msgid) for e in catalogue}
    candidates = sorted((k for k in messages if k in translated - present), key=lambda k: k[1])
    filled_by_library, corrected = candidates[:2]
    removed = next(e for e in catalogue if (e.msgctxt, e.msgid) in gaps)
    catalogue.remove(removed)
    kept = next(e for e in catalogue if (e.msgctxt, e.msgid) in gaps)
    for key, comment in ((filled_by_library, ""), (corrected, catalog_gaps.CORRECTION)):
        catalogue.append(
            polib.POEntry(msgctxt=key[0], msgid=key[1], msgstr="ескі", tcomment=comment)
        )
    path = tmp_path / "django.po"
    catalogue.save(str(path))

    counts = catalog_gaps.update_overrides("kk", messages, path=path)

    after = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path))}
    assert after[(removed.msgctxt, removed.msgid)].msgstr == "", "a new gap waits for a translator"
    assert after[(kept.msgctxt, kept.msgid)].msgstr == kept.msgstr
    assert filled_by_library not in after, "the library's own translation takes over"
    assert after[corrected].msgstr == "ескі", "a correction stays"
    assert counts == {"kept": len(after) - 1, "added": 1, "dropped": 1, "untranslated": 1}


def admin_names(client, language):
    """{(app label, model or None): name} of every app and model on the admin index."""
    response = client.get(f"/{language}/admin/")
    assert response.status_code == 200
    with translation.override(language):
        names = {}
        for app in response.context["app_list"]:
            names[(app["app_label"], None)] = str(app["name"])
            for model in app["models"]:
                names[(app["app_label"], model["object_name"])] = str(model["name"])
    return names, response.text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_app_and_model_on_the_admin_index_is_translated(client, django_user_model, language):
    client.force_login(django_user_model.objects.create_superuser("root", password="not-used"))
    english, _page = admin_names(client, "en")
    names, page = admin_names(client, language)
    assert names.keys() == english.keys()
    assert {("axes", None), ("otp_totp", "TOTPDevice")} <= names.keys()
    untranslated = {key: name for key, name in names.items() if name == english[key]}
    assert untranslated == {}
    for name in names.values():
        assert escape(name) in page, "the index and the sidebar show the translated name"
