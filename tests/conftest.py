"""Shared fixtures. ``world`` is the small network every permission test reasons about:

network A with organisations A1 and A2, network B with organisation B1, one user of every role
in A1, and a counsellor each in A2 and B1.
"""

from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.utils import translation

from lotse.accounts.models import Membership, User
from lotse.network.models import Network, Organisation
from lotse.permissions import Role
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language, whatever ran before it in the same
    process (a management command switches translations off, to English, for good)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@dataclass
class World:
    networks: dict[str, Network] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    memberships: dict[str, Membership] = field(default_factory=dict)

    def role_user(self, role: Role) -> User:
        return self.users[role.value]


@pytest.fixture
def world(db) -> World:
    w = World()
    w.networks["A"] = NetworkFactory(slug="a", short_name="A")
    w.networks["B"] = NetworkFactory(slug="b", short_name="B")
    w.organisations["A1"] = OrganisationFactory(network=w.networks["A"], slug="a1")
    w.organisations["A2"] = OrganisationFactory(network=w.networks["A"], slug="a2")
    w.organisations["B1"] = OrganisationFactory(network=w.networks["B"], slug="b1")
    for role in Role:
        membership = MembershipFactory(organisation=w.organisations["A1"], role=role)
        w.users[role.value] = membership.user
        w.memberships[f"A1:{role.value}"] = membership
    for key in ("A2", "B1"):
        membership = MembershipFactory(organisation=w.organisations[key], role=Role.COUNSELLOR)
        w.users[f"counsellor@{key}"] = membership.user
        w.memberships[f"{key}:counsellor"] = membership
    w.users["nobody"] = UserFactory()
    return w
