import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.http import Http404
from django.urls import reverse

from lotse.accounts import services as accounts
from lotse.audit.models import AuditAction, AuditEntry, AuditLogIsAppendOnly
from lotse.network import services as network
from lotse.permissions import Role, actor_for


def test_a_change_writes_an_entry_in_the_same_transaction(world):
    coordinator = world.users["network_coordinator"]
    organisation = world.organisations["A2"]
    network.save_organisation(
        actor=actor_for(coordinator),
        network=world.networks["A"],
        slug="a2",
        name="Umbenannt",
        kind=organisation.kind,
        city="Rostock",
        state=organisation.state,
    )
    entry = AuditEntry.objects.get(target_type="network.organisation", action=AuditAction.UPDATE)
    assert entry.actor == coordinator
    assert entry.target_id == str(organisation.pk)
    assert entry.changed_fields == ["city", "name"]
    assert entry.network_id == world.networks["A"].pk


def test_a_refused_change_leaves_no_entry_and_no_change(world):
    counsellor = world.users["counsellor"]
    before = AuditEntry.objects.count()
    with pytest.raises(Http404):  # an existing record beyond reach answers like a missing one
        network.save_organisation(
            actor=actor_for(counsellor),
            network=world.networks["A"],
            slug="a2",
            name="Gekapert",
            kind="school",
            city="X",
            state="Y",
        )
    world.organisations["A2"].refresh_from_db()
    assert world.organisations["A2"].name != "Gekapert"
    assert AuditEntry.objects.count() == before


def test_a_failing_change_rolls_back_its_entry(world):
    """A role granted twice in one transaction fails; neither the row nor the entry stays."""
    admin = world.users["platform_admin"]
    before = AuditEntry.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        accounts.grant_role(
            actor=actor_for(admin),
            user=world.users["nobody"],
            organisation=world.organisations["A1"],
            role=Role.COUNSELLOR,
        )
        from lotse.accounts.models import Membership

        Membership.objects.create(
            user=world.users["nobody"], organisation=world.organisations["A1"], role=Role.COUNSELLOR
        )
    assert AuditEntry.objects.count() == before


def test_reading_a_persons_record_is_audited_without_personal_values(world, client):
    coordinator = world.users["network_coordinator"]
    person = world.users["counsellor@A2"]
    client.force_login(coordinator)
    response = client.get(reverse("user_detail", args=[person.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW).latest("id")
    assert (entry.actor, entry.target_type, entry.target_id) == (
        coordinator,
        "accounts.user",
        str(person.pk),
    )
    stored = " ".join([entry.target_label, entry.note, str(entry.changed_fields)])
    assert person.email not in stored and person.full_name not in stored


def test_a_denied_read_answers_404_and_is_not_logged_as_a_view(world, client):
    client.force_login(world.users["counsellor"])
    response = client.get(reverse("user_detail", args=[world.users["counsellor@B1"].pk]))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def test_entries_cannot_be_changed_or_deleted(world):
    entry = AuditEntry.objects.create(action=AuditAction.VIEW, target_type="accounts.user")
    entry.note = "edited"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(note="edited")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()


def test_the_database_refuses_updates_too(world):
    entry = AuditEntry.objects.create(action=AuditAction.VIEW, target_type="accounts.user")
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditentry SET note = 'x' WHERE id = %s", [entry.pk])


def test_the_admin_cannot_add_change_or_delete_entries(world, client):
    admin = world.users["platform_admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    entry = AuditEntry.objects.create(action=AuditAction.VIEW, target_type="accounts.user")
    client.force_login(admin)
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.get(reverse("admin:audit_auditentry_delete", args=[entry.pk])).status_code == 403
    response = client.post(reverse("admin:audit_auditentry_change", args=[entry.pk]), {"note": "x"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.note == ""


def test_audit_browser_filters_and_keeps_to_the_viewers_reach(world, client):
    for key in ("A1", "B1"):
        org = world.organisations[key]
        AuditEntry.objects.create(
            action=AuditAction.UPDATE,
            target_type="network.organisation",
            target_id=str(org.pk),
            organisation_id=org.pk,
            network_id=org.network_id,
        )
    client.force_login(world.users["organisation_admin"])
    page = client.get(reverse("audit:list"), {"action": "update"}).content.decode()
    assert f"#{world.organisations['A1'].pk}" in page
    assert f"#{world.organisations['B1'].pk}" not in page
    partial = client.get(
        reverse("audit:list"), {"action": "update"}, headers={"HX-Request": "true"}
    )
    assert b"<html" not in partial.content and b"network.organisation" in partial.content


def test_audit_browser_is_missing_for_roles_without_audit_rights(world, client):
    client.force_login(world.users["counsellor"])
    assert client.get(reverse("audit:list")).status_code == 404


def test_logins_and_failed_logins_are_audited(world, client):
    from tests.factories import PASSWORD

    user = world.users["counsellor"]
    client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == [AuditAction.LOGIN_FAILED, AuditAction.LOGIN]
    assert not AuditEntry.objects.filter(note__contains=user.email).exists()


def test_opening_a_person_in_the_technical_admin_is_audited(world, client):
    admin = world.users["platform_admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    person = world.users["counsellor@B1"]
    client.force_login(admin)
    assert client.get(reverse("admin:accounts_user_change", args=[person.pk])).status_code == 200
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW).latest("id")
    assert (entry.actor, entry.target_id, entry.note) == (admin, str(person.pk), "technical admin")
