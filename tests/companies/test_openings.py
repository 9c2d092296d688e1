"""Openings of a company and the public list of training places: place from the company,
filled places leave the public list, filters by occupation (any language), area and start,
nothing personal shown."""

from datetime import date

import pytest
from django.urls import reverse

from lotse.companies import services
from lotse.companies.models import Contact, Opening
from lotse.occupations.models import Occupation
from lotse.permissions import SYSTEM
from tests.companies.conftest import new_company
from tests.occupations.conftest import catalogue as catalogue  # the fixture

pytestmark = pytest.mark.django_db


def _opening(company, key="de:training:tischler", **values):
    return services.save_part(
        actor=SYSTEM,
        record=Opening(company=company),
        values={"kind": "training", "occupation": Occupation.objects.get(key=key),
                "starts_on": date(2027, 8, 1), "published": True} | values,
    )  # fmt: skip


def test_the_liaison_adds_an_opening_on_the_company_page(world, client, company):
    client.force_login(world.users["business_liaison"])
    response = client.post(
        reverse("companies:detail", args=[company.pk]),
        {"action": "opening", "kind": "training", "occupation": Occupation.objects.get(key="de:training:tischler").pk,
         "starts_on": "2027-08-01", "places": "2", "min_german": "B1"},
    )  # fmt: skip
    assert response.status_code == 302
    opening = Opening.objects.get()
    assert (opening.municipality, opening.district, opening.places) == ("Schwerin", "Schwerin", 2)


def test_an_opening_needs_a_reference_occupation_and_sane_numbers(world, client, company):
    client.force_login(world.users["business_liaison"])
    url = reverse("companies:detail", args=[company.pk])
    for bad in (
        {"places": "0"},
        {"places": "99999"},
        {"occupation": "999999"},
        {"starts_on": "2027-02-30"},
    ):
        form = {"action": "opening", "kind": "training", "places": "1",
                "occupation": Occupation.objects.get(key="de:training:tischler").pk} | bad  # fmt: skip
        assert client.post(url, form).status_code == 400
    assert not Opening.objects.exists()


def test_a_filled_place_leaves_the_public_list_and_names_who_won_it(world, client, company):
    opening = _opening(company)
    assert opening in set(Opening.objects.filter(published=True))
    client.force_login(world.users["business_liaison"])
    client.post(
        reverse("companies:detail", args=[company.pk]),
        {"action": "opening_filled", "part": opening.pk},
    )
    opening.refresh_from_db()
    assert (opening.status, opening.published, opening.won_by) == (
        "filled",
        False,
        world.users["business_liaison"],
    )
    assert opening.filled_on is not None


def test_the_public_list_shows_published_open_training_places_only(world, client, company):
    _opening(company, other_requirements="Freude am Holz")
    _opening(company, published=False, other_requirements="unveröffentlicht")
    _opening(company, kind="job", other_requirements="eine Stelle")
    _opening(company, status="withdrawn", other_requirements="zurückgezogen")
    services.save_part(
        actor=SYSTEM, record=Contact(company=company), values={"name": "Frau Geheim"}
    )
    html = client.get(reverse("companies:public_places")).content.decode()
    assert "Freude am Holz" in html
    assert "Gegend" in html and "Beginn ab" in html and "1 Ausbildungsplatz" in html  # German
    for hidden in ("unveröffentlicht", "eine Stelle", "zurückgezogen", "Frau Geheim"):
        assert hidden not in html


def test_the_public_list_filters_by_area_and_start(world, client, company):
    gelsenkirchen = new_company(
        world, name="Hotel Zeche", postcode="45879", sector="I", is_craft=False
    )
    _opening(company, starts_on=date(2027, 8, 1))
    _opening(gelsenkirchen, key="de:training:koch", starts_on=date(2028, 8, 1))
    by_area = client.get(
        reverse("companies:public_places"), {"district": "Schwerin"}
    ).content.decode()
    assert "Tischler/-in" in by_area and "Koch/Köchin" not in by_area
    later = client.get(
        reverse("companies:public_places"), {"starts_from": "2028-01-01"}
    ).content.decode()
    assert "Koch/Köchin" in later and "Tischler/-in" not in later


def test_the_public_list_finds_an_occupation_typed_in_another_language(
    world, client, company, catalogue
):
    _opening(company, key="de:training:koch")
    _opening(company)
    client.cookies["lotse_language"] = "ar"
    html = client.get(reverse("companies:public_places"), {"q": "طباخ"}).content.decode()
    assert 'dir="rtl"' in html
    assert "Koch/Köchin" in html and "Tischler/-in" not in html
    nothing = client.get(reverse("companies:public_places"), {"q": "xyzzy"}).content.decode()
    assert "Tischler/-in" not in nothing


def test_the_public_list_is_in_the_public_menu(client):
    assert reverse("companies:public_places") in client.get("/").content.decode()
