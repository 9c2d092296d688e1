"""The public navigator page and its PDF: every language, right-to-left Arabic, refusals that keep
what was typed, counselling offers nearby, and nothing stored."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lotse.audit.models import AuditEntry
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

NURSE_IN_GELSENKIRCHEN = {
    "occupation": "",
    "occupation__text": "de:regulated:pflegefachmann",
    "country": "SY",
    "place": "45879",
}
LANGUAGES = {
    "de": ("Wer entscheidet", "ltr"),
    "en": ("Who decides", "ltr"),
    "ar": ("من يقرر", "rtl"),
    "tr": ("Kim karar verir", "ltr"),
    "uk": ("Хто вирішує", "ltr"),
    "ru": ("Кто решает", "ltr"),
}


def _page(client, language="de", **params):
    client.cookies["lotse_language"] = language
    return client.get("/recognition/", params)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_answer_reads_in_every_language_of_lotse(client, language):
    heading, direction = LANGUAGES[language]
    response = _page(client, language, **NURSE_IN_GELSENKIRCHEN)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'dir="{direction}"' in html
    assert heading in html
    assert "Domplatz 1–3" in html and "B2" in html


def test_the_empty_page_asks_the_questions(client):
    html = _page(client).content.decode()
    assert 'name="country"' in html and 'name="place"' in html and 'name="state"' in html
    assert "article" not in html


def test_nothing_is_stored_when_someone_asks(client):
    before = AuditEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        _page(client, **NURSE_IN_GELSENKIRCHEN)
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"place": "99999"}, "„99999“ ist keine deutsche Postleitzahl."),
        ({"place": "", "state": ""}, "Geben Sie eine Postleitzahl oder einen Ort ein"),
        ({"country": "XX"}, "XX"),
        ({"occupation__text": ""}, "Geben Sie Ihren Beruf ein."),
        ({"state": "DE-QQ", "place": ""}, "DE-QQ"),
    ],
)
def test_a_bad_answer_is_named_and_what_was_typed_stays(client, change, message):
    response = _page(client, **{**NURSE_IN_GELSENKIRCHEN, **change})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "<article" not in html
    if change.get("place"):
        assert f'value="{change["place"]}"' in html


def test_hostile_input_is_escaped_and_refused(client):
    hostile = "<script>alert(1)</script>" + "x" * 500
    html = _page(client, **{**NURSE_IN_GELSENKIRCHEN, "place": hostile}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html or "höchstens" in html


def test_the_nearest_counselling_offers_come_first(client):
    OrganisationFactory(
        name="Beratung Gelsenkirchen", city="Gelsenkirchen", counsels_on_recognition=True
    )
    OrganisationFactory(name="Beratung Schwerin", city="Schwerin", counsels_on_recognition=True)
    OrganisationFactory(name="Keine Beratung", city="Gelsenkirchen")
    OrganisationFactory(
        name="Geschlossen", city="Gelsenkirchen", counsels_on_recognition=True, is_active=False
    )
    html = _page(client, **NURSE_IN_GELSENKIRCHEN).content.decode()
    assert html.index("Beratung Gelsenkirchen") < html.index("Beratung Schwerin")
    assert "Keine Beratung" not in html and "Geschlossen" not in html


def test_the_navigator_is_in_the_public_menu(client):
    html = client.get("/").content.decode()
    assert 'href="/recognition/"' in html


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_answer_prints_as_a_pdf_with_the_script_of_its_language(client, language):
    client.cookies["lotse_language"] = language
    response = client.get("/recognition/answer.pdf", NURSE_IN_GELSENKIRCHEN)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if language == "ar":
        from pypdf import PdfReader

        pdf = PdfReader(io.BytesIO(response.content))
        fonts = {
            str(font["/BaseFont"])
            for page in pdf.pages
            for font in page["/Resources"]["/Font"].values()
        }
        assert any("Arabic" in font for font in fonts), fonts  # shaped with an Arabic font
        assert "يقرر" in "".join(page.extract_text() for page in pdf.pages)


def test_a_pdf_of_a_bad_question_is_refused(client):
    response = client.get("/recognition/answer.pdf", {**NURSE_IN_GELSENKIRCHEN, "place": "00000"})
    assert response.status_code == 400
    assert "00000" in response.content.decode()
