from django.urls import reverse

from lotse.occupations.models import Occupation
from tests.occupations.esco_fixtures import NURSE


def test_search_page_is_public_and_shows_results_with_attribution(catalogue, client):
    page = client.get(reverse("occupations:search"), {"q": "spawacz"}).content.decode()
    assert "Schweißer/<wbr>Schweißerin" in page and "spawacz" in page
    assert "ESCO classification of the European Commission" in page


def test_typing_updates_only_the_results(catalogue, client):
    response = client.get(
        reverse("occupations:search"), {"q": "Pflegefachkraft"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body and "Krankenpfleger/<wbr>Krankenschwester" in body


def test_nothing_found_says_so_in_the_users_language(catalogue, client):
    client.cookies["lotse_language"] = "ar"
    page = client.get(reverse("occupations:search"), {"q": "qqqqxxxx"}).content.decode()
    assert 'dir="rtl"' in page and "qqqqxxxx" in page
    assert "ESCO classification" not in page


def test_too_long_input_is_refused_without_failing(catalogue, client):
    response = client.get(reverse("occupations:search"), {"q": "x" * 500})
    assert response.status_code == 200


def test_occupation_page_shows_titles_facts_and_attribution(catalogue, client):
    nurse = Occupation.objects.get(key=NURSE)
    client.cookies["lotse_language"] = "en"
    page = client.get(reverse("occupations:detail", args=[nurse.pk])).content.decode()
    assert "nurse responsible for general care" in page
    assert "Nurses care for the sick." in page and "2221" in page
    assert (
        "Pflegefachkraft" in page and "Krankenpfleger/-in" not in page
    )  # hidden labels stay hidden
    assert "ESCO classification of the European Commission" in page
    assert client.get(reverse("occupations:detail", args=[999999])).status_code == 404


def test_titles_may_break_between_their_gender_forms():
    from lotse.occupations.templatetags.occupation_titles import breakable

    assert breakable("Schweißer/Schweißerin") == "Schweißer/<wbr>Schweißerin"
    assert breakable("Konstruktionsmechaniker/-in") == "Konstruktionsmechaniker/-in"
    assert breakable("<i>A/B") == "&lt;i&gt;A/<wbr>B"  # escaped first


def test_too_long_input_says_why_and_keeps_the_text(catalogue, client):
    client.cookies["lotse_language"] = "de"
    page = client.get(reverse("occupations:search"), {"q": "Koch " * 60}).content.decode()
    assert "höchstens 200 Zeichen" in page  # Django's own message, in the user's language
    assert 'value="Koch Koch' in page  # what was typed stays in the field
