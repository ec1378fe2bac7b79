"""The trilingual shell: language prefixes, the switcher, security headers."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "prefix"), [("ru-RU,ru;q=0.9", "/ru/"), ("en-GB", "/en/"), ("", "/kk/")]
)
def test_root_redirects_by_the_browser_language(client, accept_language, prefix):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == prefix


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("kk", "Міндетті әлеуметтік медициналық сақтандыру"),
        ("ru", "Обязательное социальное медицинское страхование"),
        ("en", "Compulsory social health insurance"),
    ],
)
def test_home_page_speaks_each_language(client, language, title):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text
    assert title in response.text


def test_language_switcher_keeps_the_page(client):
    page = "/en/"
    form = client.get(page).text
    assert 'action="/en/i18n/setlang/"' in form
    response = client.post("/en/i18n/setlang/", {"language": "ru", "next": page})
    assert response.status_code == 302
    assert response["Location"] == "/ru/"
    assert client.get("/").headers["Location"] == "/ru/", "the choice is remembered"


def test_every_page_offers_the_other_languages(client):
    response = client.get("/kk/")
    assert 'value="ru"' in response.text and 'value="en"' in response.text
    assert 'name="next" type="hidden" value="/kk/"' in response.text


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_switcher_names_each_language_in_itself(client, language):
    page = client.get(f"/{language}/").text
    for code, name in (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")):
        assert f'value="{code}" lang="{code}"' in page
        assert f">{name}</button>" in page
    assert ">Қазақ</button>" not in page


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_load_nothing_from_other_sites(client):
    # Links to the Fund's other channels are fine; scripts, styles and images are not.
    html = client.get("/en/").text
    for attribute in ("src=", 'rel="stylesheet" href=', 'rel="icon" href='):
        for value in html.split(attribute)[1:]:
            assert value[1:].startswith("/"), f"{attribute}{value[:60]}"
