"""Companies in the ``world``: looked after by organisation A1 (whose business liaison works
them) and one by B1 in the other network."""

import pytest

from lotse.companies import services
from lotse.permissions import SYSTEM, Role
from tests.factories import MembershipFactory


def new_company(world, organisation="A1", **values):
    values = {
        "name": "Tischlerei Nord",
        "postcode": "19053",
        "sector": "C",
        "is_craft": True,
    } | values
    return services.create_company(
        actor=SYSTEM,
        organisation=world.organisations[organisation],
        values=values,
        not_a_duplicate=True,
    )


@pytest.fixture
def company(world):
    return new_company(world)


@pytest.fixture
def liaison_b1(world):
    membership = MembershipFactory(
        organisation=world.organisations["B1"], role=Role.BUSINESS_LIAISON
    )
    return membership.user
