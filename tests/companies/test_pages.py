"""The liaison's pages: list with filters, pipeline board, a new company with the duplicate
question, the company's page; other organisations' ids and forged forms get refusals."""

import pytest
from django.urls import reverse

from lotse.companies.models import Company, Contact
from tests.companies.conftest import new_company

pytestmark = pytest.mark.django_db


def test_the_board_shows_each_stage_and_the_list_filters(world, client, company):
    new_company(world, name="Hotel am See", is_craft=False, sector="I", postcode="45879",
                owner_data_agreed=True, migrant_owned=True)  # fmt: skip
    client.force_login(world.users["business_liaison"])
    board = client.get(reverse("companies:board")).content.decode()
    assert "ready to train" in board or "ausbildungsbereit" in board
    assert "Tischlerei Nord" in board and "Hotel am See" in board
    listed = client.get(reverse("companies:list"), {"migrant_owned": "yes"}).content.decode()
    assert "Hotel am See" in listed and "Tischlerei Nord" not in listed
    assert (
        "Hotel am See"
        not in client.get(reverse("companies:list"), {"q": "Tischler"}).content.decode()
    )


def test_a_new_company_that_looks_known_asks_before_saving(world, client, company):
    client.force_login(world.users["business_liaison"])
    form = {"name": "Tischlerei Nord GmbH", "postcode": "19053", "sector": "C"}
    asked = client.post(reverse("companies:new"), form)
    assert asked.status_code == 400
    assert reverse("companies:detail", args=[company.pk]) in asked.content.decode()
    assert Company.objects.count() == 1
    saved = client.post(reverse("companies:new"), {**form, "not_a_duplicate": "yes"})
    assert saved.status_code == 302 and Company.objects.count() == 2


def test_the_liaison_works_the_company_page(world, client, company):
    client.force_login(world.users["business_liaison"])
    url = reverse("companies:detail", args=[company.pk])
    assert client.post(url, {"action": "stage", "stage": "contacted"}).status_code == 302
    assert client.post(url, {"action": "event", "kind": "call", "happened_on": "2026-12-01",
                             "note": "Interesse an Azubi", "next_contact_on": "2026-12-10"}).status_code == 302  # fmt: skip
    assert (
        client.post(
            url, {"action": "contact", "name": "Frau Lange", "role": "Inhaberin"}
        ).status_code
        == 302
    )
    company.refresh_from_db()
    assert company.stage == "contacted" and str(company.next_contact_on) == "2026-12-10"
    page = client.get(url).content.decode()
    assert "Interesse an Azubi" in page and "Frau Lange" in page


@pytest.mark.parametrize(
    "who",
    ["counsellor", "researcher", "multiplier", "company_user", "platform_admin", "counsellor@B1"],
)
def test_people_without_a_liaison_role_get_404(world, client, company, who):
    client.force_login(world.users[who])
    assert client.get(reverse("companies:detail", args=[company.pk])).status_code == 404
    assert client.get(reverse("companies:board")).status_code == 404


def test_the_coordinator_reads_but_cannot_change(world, client, company):
    client.force_login(world.users["network_coordinator"])
    url = reverse("companies:detail", args=[company.pk])
    page = client.get(url).content.decode()
    assert "Tischlerei Nord" in page and 'value="save"' not in page
    assert client.post(url, {"action": "stage", "stage": "filled"}).status_code == 404
    assert client.get(reverse("companies:new")).status_code == 404


@pytest.mark.parametrize(
    "form",
    [
        {"action": "explode"},
        {"action": "stage", "stage": "nowhere"},
        {"action": "remove_contact", "part": "99999999"},
        {"action": "remove_contact", "part": "x" * 40},
        {"action": "save", "name": "", "postcode": "19053"},
        {"action": "save", "name": "A" * 5000},
        {"action": "save", "name": "Firma", "postcode": "00000"},
        {"action": "event", "kind": "call", "happened_on": "2026-02-31"},
    ],
)
def test_forged_forms_get_a_clear_refusal(world, client, company, form):
    client.force_login(world.users["business_liaison"])
    response = client.post(reverse("companies:detail", args=[company.pk]), form)
    assert response.status_code in {400, 404}
    company.refresh_from_db()
    assert company.name == "Tischlerei Nord" and company.stage == "identified"


def test_a_contact_of_another_company_cannot_be_removed_through_this_one(world, client, company):
    other = new_company(world, name="Andere Firma")
    contact = Contact.objects.create(company=other, name="Herr Kaya")
    client.force_login(world.users["business_liaison"])
    response = client.post(reverse("companies:detail", args=[company.pk]),
                           {"action": "remove_contact", "part": contact.pk})  # fmt: skip
    assert response.status_code == 404
    assert Contact.objects.filter(pk=contact.pk).exists()
