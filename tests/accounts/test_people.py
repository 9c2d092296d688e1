from django.core import mail
from django.urls import reverse

from lotse.accounts.models import Membership, User
from lotse.audit.models import AuditAction, AuditEntry


def add(client, world, *, organisation="A1", role="counsellor", email="neu@example.org"):
    return client.post(
        reverse("accounts:people"),
        {
            "email": email,
            "full_name": "Neue Person",
            "role": role,
            "organisation": world.organisations[organisation].pk,
        },
    )


def test_organisation_admin_adds_a_new_person_who_gets_a_set_password_mail(world, client):
    client.force_login(world.users["organisation_admin"])
    response = add(client, world, email="Neu@Example.org")
    assert response.status_code == 302
    user = User.objects.get(email="neu@example.org")
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (world.organisations["A1"], "counsellor")
    actions = set(
        AuditEntry.objects.filter(actor=world.users["organisation_admin"]).values_list(
            "action", flat=True
        )
    )
    assert {AuditAction.CREATE, AuditAction.GRANT} <= actions
    assert mail.outbox and mail.outbox[0].to == ["neu@example.org"]


def test_an_existing_account_gets_the_extra_role_without_a_second_account(world, client):
    client.force_login(world.users["network_coordinator"])
    existing = world.users["counsellor@A2"]
    add(client, world, email=existing.email, role="business_liaison")
    assert User.objects.filter(email=existing.email).count() == 1
    assert existing.memberships.filter(
        role="business_liaison", organisation=world.organisations["A1"]
    ).exists()


def test_organisation_admin_cannot_hand_out_wider_roles(world, client):
    client.force_login(world.users["organisation_admin"])
    response = add(client, world, role="network_coordinator")
    assert response.status_code == 400
    assert (
        "You may not give this role" in response.content.decode()
        or response.context["form"].errors["role"]
    )
    assert not User.objects.filter(email="neu@example.org").exists()


def test_organisation_admin_cannot_add_people_to_other_organisations(world, client):
    client.force_login(world.users["organisation_admin"])
    response = add(client, world, organisation="A2")
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(email="neu@example.org").exists()


def test_bad_input_keeps_what_was_typed_and_saves_nothing(world, client):
    client.force_login(world.users["organisation_admin"])
    response = add(client, world, email="kein-email")
    assert response.status_code == 400
    assert 'value="Neue Person"' in response.content.decode()
    assert Membership.objects.count() == len(world.memberships)


def test_roles_without_management_rights_do_not_find_the_page(world, client):
    client.force_login(world.users["counsellor"])
    assert client.get(reverse("accounts:people")).status_code == 404


def test_ending_a_role_is_audited_and_the_person_loses_access(world, client):
    client.force_login(world.users["organisation_admin"])
    membership = world.memberships["A1:counsellor"]
    response = client.post(reverse("accounts:end_membership", args=[membership.pk]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert AuditEntry.objects.filter(
        action=AuditAction.REVOKE, target_id=str(membership.pk)
    ).exists()
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
