import pytest
from django.contrib.sessions.models import Session
from django.http import Http404
from hypothesis import given, settings
from hypothesis import strategies as st

from lotse import permissions
from lotse.audit.models import AuditEntry
from lotse.network.models import Organisation
from lotse.permissions import Role, actor_for
from lotse.permissions.base import UnknownAction
from lotse.permissions.registry import NoPolicy
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def test_a_model_without_policy_is_unreachable(world):
    with pytest.raises(NoPolicy):
        permissions.visible(actor_for(world.users["platform_admin"]), "view", Session.objects.all())


def test_anonymous_sees_nothing(world):
    assert not permissions.visible(
        permissions.ANONYMOUS, "view", Organisation.objects.all()
    ).exists()
    assert not permissions.can(permissions.ANONYMOUS, "view", world.organisations["A1"])


def test_inactive_user_and_ended_membership_lose_access(world):
    counsellor = world.users["counsellor"]
    organisation = world.organisations["A1"]
    world.memberships["A1:counsellor"].is_active = False
    world.memberships["A1:counsellor"].save()
    permissions.forget_actor(counsellor)
    assert not permissions.can(actor_for(counsellor), "view", organisation)
    admin = world.users["platform_admin"]
    admin.is_active = False
    permissions.forget_actor(admin)
    assert not permissions.can(actor_for(admin), "view", organisation)


def test_forbidden_and_missing_records_answer_alike(world):
    counsellor = actor_for(world.users["counsellor"])
    hidden = world.organisations["B1"]
    queryset = Organisation.objects.all()
    for lookup in ({"pk": hidden.pk}, {"pk": 999_999}, {"pk": "not-a-number"}):
        with pytest.raises(Http404) as raised:
            permissions.get_or_404(counsellor, "view", queryset, **lookup)
        assert str(raised.value) == ""


def test_audit_entries_know_no_change_or_delete_action(world):
    entry = AuditEntry.objects.first() or AuditEntry.objects.create(action="view", target_type="x")
    for action in ("change", "delete", "add"):
        with pytest.raises(UnknownAction):
            permissions.can(actor_for(world.users["platform_admin"]), action, entry)


@settings(max_examples=25, deadline=None)
@given(
    roles=st.lists(st.sampled_from(list(Role)), max_size=3, unique=True),
    action=st.sampled_from(["view", "change", "delete"]),
)
@pytest.mark.django_db
def test_object_check_and_queryset_filter_agree(roles, action):
    """Whatever roles a user holds, can() and visible() give the same answer for every record."""
    user = UserFactory()
    home = OrganisationFactory()
    elsewhere = OrganisationFactory()
    for role in roles:
        MembershipFactory(user=user, organisation=home, role=role)
    actor = actor_for(user)
    visible = set(
        permissions.visible(actor, action, Organisation.objects.all()).values_list("pk", flat=True)
    )
    for organisation in (home, elsewhere):
        assert permissions.can(actor, action, organisation) is (organisation.pk in visible)


def test_every_model_of_our_apps_has_a_policy():
    """Deny by default is only safe if nobody can forget a policy: every Lotse model has one."""
    from django.apps import apps

    ours = [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("lotse.")
        for model in config.get_models()
    ]
    assert ours
    missing = [m.__name__ for m in ours if m not in permissions.registered_models()]
    assert missing == []
