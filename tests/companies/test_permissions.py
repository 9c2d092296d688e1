"""Role × action × company file (tests/permissions/matrix.py): the business liaisons and
admins of the organisation that looks after a company work it, the network's coordinators see
it, nobody else does; its parts follow it."""

import pytest

from lotse.companies import services
from lotse.companies.models import Company, Contact, Obstacle
from lotse.permissions import SYSTEM, Role
from tests.companies.conftest import new_company
from tests.permissions.matrix import check_expectation, expand
from tests.permissions.records import NC, OA

BL = Role.BUSINESS_LIAISON


def company_of(key):
    return lambda world: new_company(world, organisation=key, name=f"Firma {key}")


def new_company_in(key):
    return lambda world: Company(organisation=world.organisations[key], name="Neu")


def contact_of(key):
    def pick(world):
        return services.save_part(
            actor=SYSTEM,
            record=Contact(company=company_of(key)(world)),
            values={"name": "Herr Kaya"},
        )

    return pick


def new_obstacle_of(key):
    return lambda world: Obstacle(company=company_of(key)(world), kind="cost")


RECORDS = {
    "company:A1": company_of("A1"),
    "company:A2": company_of("A2"),
    "company:B1": company_of("B1"),
    "new-company:A1": new_company_in("A1"),
    "new-company:B1": new_company_in("B1"),
    "contact:A1": contact_of("A1"),
    "contact:B1": contact_of("B1"),
    "new-obstacle:A1": new_obstacle_of("A1"),
    "new-obstacle:A2": new_obstacle_of("A2"),
}

MATRIX = expand(
    {
        ("view", "company:A1"): {BL, OA, NC},
        ("change", "company:A1"): {BL, OA},
        ("delete", "company:A1"): {BL, OA},
        # Another organisation of the same network: only its coordinators look in.
        ("view", "company:A2"): {NC},
        ("change", "company:A2"): set(),
        ("view", "company:B1"): set(),
        ("add", "new-company:A1"): {BL, OA},
        ("add", "new-company:B1"): set(),
        ("view", "contact:A1"): {BL, OA, NC},
        ("change", "contact:A1"): {BL, OA},
        ("delete", "contact:A1"): {BL, OA},
        ("view", "contact:B1"): set(),
        ("add", "new-obstacle:A1"): {BL, OA},
        ("add", "new-obstacle:A2"): set(),
    }
)


@pytest.mark.django_db
@pytest.mark.parametrize("expectation", MATRIX, ids=lambda e: e.id)
def test_company_permission_matrix(world, expectation):
    check_expectation(world, expectation, RECORDS)
