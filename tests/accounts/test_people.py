import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from lotse.accounts.models import Invitation, Membership, User
from lotse.audit.models import AuditAction, AuditEntry
from tests.factories import PASSWORD

NEW_PASSWORD = "Ein-neues-Passwort-2026"


@pytest.fixture
def add(client, world, django_capture_on_commit_callbacks):
    """Posts the People form; the e-mail the service sends once its transaction has committed
    leaves when the request ends, as it would in production."""

    def post(*, organisation="A1", role="counsellor", email="neu@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("accounts:people"),
                {
                    "email": email,
                    "full_name": "Neue Person",
                    "role": role,
                    "organisation": world.organisations[organisation].pk,
                },
            )

    return post


def invitation_link(message) -> str:
    return re.search(r"http://\S+/people/invitations/\S+/", message.body).group(0)


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_new_person_gets_an_invitation_and_sets_their_password_when_accepting(world, client, add):
    admin = world.users["organisation_admin"]
    client.force_login(admin)
    response = add(email="Neu@Example.org")
    assert response.status_code == 302
    user = User.objects.get(email="neu@example.org")
    assert not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()  # nothing before they accept
    created = AuditEntry.objects.filter(actor=admin, action=AuditAction.CREATE)
    assert {e.target_type for e in created} == {"accounts.user", "accounts.invitation"}
    assert all(e.organisation_id == world.organisations["A1"].pk for e in created)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["neu@example.org"]
    link = invitation_link(mail.outbox[0])

    client.logout()
    assert client.get(link).status_code == 200
    refused = client.post(link, {"answer": "accept", "password1": NEW_PASSWORD, "password2": "x"})
    assert refused.status_code == 400
    assert not Membership.objects.filter(user=user).exists()
    accepted = client.post(
        link, {"answer": "accept", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert accepted.status_code == 302
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role, membership.is_active) == (
        world.organisations["A1"],
        "counsellor",
        True,
    )
    assert EmailAddress.objects.get(user=user).verified
    assert (
        client.post(
            reverse("account_login"), {"login": user.email, "password": NEW_PASSWORD}
        ).status_code
        == 302
    )
    assert client.get(link).status_code == 404  # used once


def test_an_existing_account_is_invited_and_never_attached_unasked(world, client, add):
    coordinator = world.users["network_coordinator"]
    existing = world.users["counsellor@A2"]
    client.force_login(coordinator)
    response = add(email=existing.email, role="business_liaison")
    assert response.status_code == 302
    assert User.objects.filter(email=existing.email).count() == 1
    assert not existing.memberships.filter(role="business_liaison").exists()
    link = invitation_link(mail.outbox[0])

    client.logout()
    to_login = client.get(link)
    assert to_login.status_code == 302 and reverse("account_login") in to_login.url
    client.force_login(world.users["counsellor@B1"])
    assert client.get(link).status_code == 403
    assert client.post(link, {"answer": "accept"}).status_code == 403
    client.force_login(existing)
    assert client.post(link, {"answer": "accept"}).status_code == 302
    assert existing.memberships.filter(
        role="business_liaison", organisation=world.organisations["A1"], is_active=True
    ).exists()


def test_the_answer_does_not_tell_whether_an_address_had_an_account(world, client, add):
    admin = world.users["organisation_admin"]
    known = world.users["counsellor@B1"]  # in the other network
    client.force_login(admin)
    answers = []
    for email in (known.email, "unbekannt@example.org"):
        response = add(email=email)
        assert response.status_code == 302
        answers.append(flashed(response)[-1].replace(email, "…"))
    assert answers[0] == answers[1]
    page = client.get(reverse("accounts:people")).content.decode()
    assert known.full_name not in page  # the list shows the name the admin typed
    assert page.count("Neue Person") >= 2
    assert not known.memberships.filter(organisation=world.organisations["A1"]).exists()


def test_declined_withdrawn_and_expired_invitations_cannot_be_used(world, client, add):
    client.force_login(world.users["organisation_admin"])
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        add(email=email)
    declined, withdrawn, expired = (invitation_link(m) for m in mail.outbox)
    client.post(declined, {"answer": "decline"})
    invitation = Invitation.objects.get(user__email="b@example.org")
    response = client.post(reverse("accounts:withdraw_invitation", args=[invitation.pk]))
    assert response.status_code == 302
    Invitation.objects.filter(user__email="c@example.org").update(expires_at=timezone.now())
    client.logout()
    for link in (declined, withdrawn, expired):
        assert client.get(link).status_code == 404
        client.post(
            link, {"answer": "accept", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
    assert (
        not Membership.objects.filter(user__email__endswith="@example.org")
        .filter(user__email__in=["a@example.org", "b@example.org", "c@example.org"])
        .exists()
    )
    assert client.get("/people/invitations/made-up-secret/").status_code == 404


def test_an_invitation_lapses_when_its_inviter_loses_the_right_to_give_the_role(world, client, add):
    client.force_login(world.users["organisation_admin"])
    add()
    link = invitation_link(mail.outbox[0])
    admin_role = world.memberships["A1:organisation_admin"]
    admin_role.is_active = False
    admin_role.save()
    client.logout()
    assert client.get(link).status_code == 404


def test_organisation_admin_cannot_hand_out_wider_roles(world, client, add):
    client.force_login(world.users["organisation_admin"])
    response = add(role="network_coordinator")
    assert response.status_code == 400
    assert response.context["form"].errors["role"]
    assert not User.objects.filter(email="neu@example.org").exists()
    assert not Invitation.objects.exists() and not mail.outbox


def test_organisation_admin_cannot_add_people_to_other_organisations(world, client, add):
    client.force_login(world.users["organisation_admin"])
    response = add(organisation="A2")
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(email="neu@example.org").exists()


def test_inviting_someone_to_a_role_they_hold_says_so(world, client, add):
    client.force_login(world.users["organisation_admin"])
    response = add(email=world.users["counsellor"].email)
    assert response.status_code == 400
    assert response.context["form"].errors["role"] == [
        gettext("This person already holds this role there.")
    ]
    assert not mail.outbox


def test_bad_input_keeps_what_was_typed_and_saves_nothing(world, client, add):
    client.force_login(world.users["organisation_admin"])
    response = add(email="kein-email")
    assert response.status_code == 400
    assert 'value="Neue Person"' in response.content.decode()
    assert Membership.objects.count() == len(world.memberships)
    assert not Invitation.objects.exists()


def test_roles_without_management_rights_do_not_find_the_page(world, client, add):
    client.force_login(world.users["counsellor"])
    assert client.get(reverse("accounts:people")).status_code == 404
    assert add().status_code == 404


def test_ending_a_role_is_audited_and_the_person_loses_access(world, client):
    client.force_login(world.users["organisation_admin"])
    membership = world.memberships["A1:counsellor"]
    response = client.post(reverse("accounts:end_membership", args=[membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    entry = AuditEntry.objects.get(action=AuditAction.REVOKE, target_id=str(membership.pk))
    assert entry.organisation_id == world.organisations["A1"].pk
    client.force_login(world.users["counsellor"])
    assert "core/dashboard/no_role.html" in [
        t.name for t in client.get(reverse("dashboard")).templates
    ]


def test_ending_a_role_elsewhere_answers_404(world, client):
    client.force_login(world.users["organisation_admin"])
    membership = world.memberships["B1:counsellor"]
    assert client.post(reverse("accounts:end_membership", args=[membership.pk])).status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_nobody_manages_their_own_addresses(world, client):
    """Taking over an address: adding someone else's and making it primary is not offered."""
    user = world.users["company_user"]
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    page = client.get(reverse("account_email"))
    assert page.status_code == 200 and user.email in page.content.decode()
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "someone.else@example.org"}
    )
    assert response.status_code == 405
    response = client.post(
        "/accounts/email/", {"action_primary": "", "email": "someone.else@example.org"}
    )
    assert response.status_code == 405
    assert not EmailAddress.objects.filter(email="someone.else@example.org").exists()
    assert client.get("/api/accounts/me").json()["email"] == user.email
