"""The company portal: a company user sees only their own company, of its file only the
openings, proposals and requests, and of a proposed person only the consented profile; they
change openings, give feedback and ask for support, which reaches the liaisons as a task."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from lotse import permissions
from lotse.accounts.models import Invitation
from lotse.companies import selectors, services
from lotse.companies.models import (
    COMPANY_PARTS,
    PORTAL_PARTS,
    Company,
    Obstacle,
    Opening,
    Proposal,
    SupportRequest,
)
from lotse.network.models import Organisation
from lotse.occupations.models import Occupation
from lotse.participants import services as participant_services
from lotse.participants.models import Consent
from lotse.permissions import SYSTEM, Role, actor_for
from tests.companies.conftest import new_company
from tests.companies.test_proposals import TISCHLER, person
from tests.factories import MembershipFactory, OrganisationFactory
from tests.participants.conftest import run_due_tasks

pytestmark = pytest.mark.django_db


def with_portal(world, company):
    portal = OrganisationFactory(network=world.networks["A"], kind="company")
    company.portal = portal
    company.save()
    return MembershipFactory(organisation=portal, role=Role.COMPANY_USER).user


def _opening(company, **values):
    return services.save_part(
        actor=SYSTEM,
        record=Opening(company=company),
        values={"kind": "training", "occupation": Occupation.objects.get(key=TISCHLER),
                "starts_on": date(2027, 8, 1)} | values,
    )  # fmt: skip


@pytest.fixture
def portal_user(world, company):
    return with_portal(world, company)


def test_a_company_user_sees_only_their_company_and_its_portal_parts(world, company, portal_user):
    other = new_company(world, name="Bäckerei Süd", postcode="45879")
    with_portal(world, other)
    services.save_part(actor=SYSTEM, record=Obstacle(company=company), values={"kind": "cost"})
    actor = actor_for(portal_user)
    assert list(permissions.visible(actor, permissions.VIEW, Company.objects.all())) == [company]
    for model in COMPANY_PARTS:
        visible = permissions.visible(actor, permissions.VIEW, model._default_manager.all())
        if model not in PORTAL_PARTS:
            assert not visible.exists(), model
    assert not permissions.can(actor, permissions.CHANGE, company)
    assert permissions.can(actor, permissions.ADD, Opening(company=company))
    assert not permissions.can(actor, permissions.ADD, Opening(company=other))
    assert not permissions.can(actor, permissions.DELETE, _opening(company))
    assert not permissions.can(actor, permissions.ADD, Proposal(company=company))


def test_the_liaison_pages_stay_closed_to_company_users(world, client, company, portal_user):
    client.force_login(portal_user)
    for url in (
        reverse("companies:list"),
        reverse("companies:board"),
        reverse("companies:detail", args=[company.pk]),
        reverse("companies:export", args=["csv"]),
        reverse("companies:import"),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("companies:portal")).status_code == 200
    client.force_login(world.users["counsellor"])
    assert client.get(reverse("companies:portal")).status_code == 404


def test_the_portal_adds_and_changes_openings_of_the_own_company_only(
    world, client, company, portal_user
):
    other = new_company(world, name="Bäckerei Süd", postcode="45879")
    client.force_login(portal_user)
    url = reverse("companies:portal")
    occupation = Occupation.objects.get(key=TISCHLER).pk
    form = {"action": "opening", "kind": "training", "occupation": occupation, "places": "2"}
    assert client.post(url, form | {"company": company.pk}).status_code == 302
    assert client.post(url, form | {"company": other.pk}).status_code == 404
    assert client.post(url, form | {"company": company.pk, "places": "0"}).status_code == 400
    opening = Opening.objects.get()
    assert opening.company == company and opening.places == 2
    page = reverse("companies:opening", args=[opening.pk])
    changed = client.post(
        page, {"action": "save", "kind": "training", "occupation": occupation, "places": "3",
               "published": "on"},
    )  # fmt: skip
    assert changed.status_code == 302
    opening.refresh_from_db()
    assert (opening.places, opening.published) == (3, True)
    foreign = _opening(other)
    assert client.get(reverse("companies:opening", args=[foreign.pk])).status_code == 404


def test_a_company_user_sees_the_consented_profile_and_nothing_more(
    world, client, company, portal_user
):
    opening = _opening(company)
    participant = person(world, phone="+49 170 1234567")
    liaison = actor_for(world.users["business_liaison"])
    proposal = services.propose(actor=liaison, opening=opening, participant_id=participant.pk)
    client.force_login(portal_user)
    url = reverse("companies:opening", args=[opening.pk])
    page = client.get(url).content.decode()
    for secret in ("Amal", "Haddad", "amal@example.org", "1234567"):
        assert secret not in page
    assert 'class="profile"' in page and "Arabisch (Erstsprache)" in page
    assert "Für diese Stelle vorschlagen" not in page  # the candidate search is the liaisons'
    answer = client.post(url, {"action": "feedback", "proposal": proposal.pk, "status": "offer"})
    assert answer.status_code == 302
    participant_services.withdraw_consent(
        actor=actor_for(world.users["counsellor"]),
        consent=Consent.objects.get(participant=participant),
    )
    page = client.get(url).content.decode()
    assert 'class="profile"' not in page and "widerrufen" in page


def test_a_support_request_reaches_the_liaisons(
    world, client, company, portal_user, django_capture_on_commit_callbacks
):
    client.force_login(portal_user)
    url = reverse("companies:portal")
    form = {"action": "support", "company": company.pk, "topic": "trainer"}
    assert client.post(url, form | {"message": ""}).status_code == 400
    assert client.post(url, form | {"message": "x" * 2001}).status_code == 400
    assert client.post(url, form | {"topic": "bogus", "message": "Hallo"}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url, form | {"message": "Wir möchten ausbilden. <script>x</script>"})
    assert answer.status_code == 302
    run_due_tasks()
    assert [message.to for message in mail.outbox] == [[world.users["business_liaison"].email]]
    liaison = actor_for(world.users["business_liaison"])
    (request,) = selectors.open_requests(actor=liaison)
    client.force_login(world.users["business_liaison"])
    detail = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert "&lt;script&gt;" in detail and "<script>x" not in detail
    assert client.get(reverse("dashboard")).content.decode().count("Tischlerei Nord") >= 1
    done = client.post(
        reverse("companies:detail", args=[company.pk]),
        {"action": "request_done", "part": request.pk},
    )
    assert done.status_code == 302
    assert SupportRequest.objects.get().done_on is not None
    assert selectors.open_requests(actor=liaison) == []


def test_the_liaison_opens_the_portal_by_inviting_a_company_user(world, client, company):
    client.force_login(world.users["business_liaison"])
    url = reverse("companies:detail", args=[company.pk])
    bad = client.post(url, {"action": "portal", "full_name": "Eva", "email": "no-address"})
    assert bad.status_code == 400 and not Organisation.objects.filter(kind="company").exists()
    form = {"action": "portal", "full_name": "Eva Nord", "email": "eva@tischlerei.example"}
    assert client.post(url, form).status_code == 302
    company.refresh_from_db()
    assert company.portal.kind == "company" and company.portal.network == world.networks["A"]
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.role) == (company.portal, Role.COMPANY_USER)
    assert client.post(url, form).status_code == 302  # a second one replaces the first
    assert Organisation.objects.filter(kind="company").count() == 1
    client.force_login(world.users["counsellor"])
    assert client.post(url, form).status_code == 404
