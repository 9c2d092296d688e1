"""Role × action × company file (tests/permissions/matrix.py): the business liaisons and
admins of the organisation that looks after a company work it, the network's coordinators see
it, nobody else does; its parts follow it. The company's own users (its portal organisation)
see the company and its portal parts only: openings (add, change), proposals, feedback (add),
support requests (add)."""

from datetime import date

import pytest

from lotse.companies import services
from lotse.companies.models import (
    Company,
    Contact,
    Obstacle,
    Opening,
    Proposal,
    ProposalFeedback,
    SupportRequest,
)
from lotse.occupations.models import Occupation
from lotse.permissions import SYSTEM, Role
from tests.companies.conftest import new_company
from tests.permissions.matrix import check_expectation, expand
from tests.permissions.records import NC, OA

BL = Role.BUSINESS_LIAISON
CU = Role.COMPANY_USER


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


def portal_company(world):
    """Looked after by A2; its portal is A1, where the world's company user holds the role."""
    company = new_company(world, organisation="A2", name="Portalfirma")
    company.portal = world.organisations["A1"]
    company.save()
    return company


def opening_of_portal(world):
    return services.save_part(
        actor=SYSTEM,
        record=Opening(company=portal_company(world)),
        values={"kind": "job", "occupation": Occupation.objects.get(key="de:training:tischler")},
    )


def proposal_of_portal(world):
    from tests.participants.conftest import open_case

    opening = opening_of_portal(world)
    participant = open_case(world, "A2", "counsellor@A2")
    return Proposal.objects.create(
        company=opening.company, opening=opening, participant=participant
    )


def part_of_portal(model, **values):
    return lambda world: model(company=portal_company(world), **values)


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
    "company:portal": portal_company,
    "opening:portal": opening_of_portal,
    "new-opening:portal": part_of_portal(Opening, kind="job"),
    "new-opening:A1": lambda world: Opening(company=company_of("A1")(world), kind="job"),
    "obstacle:portal": lambda world: Obstacle.objects.create(
        company=portal_company(world), kind="cost", noted_on=date(2026, 1, 1)
    ),
    "proposal:portal": proposal_of_portal,
    "new-feedback:portal": part_of_portal(ProposalFeedback, status="interview"),
    "new-request:portal": part_of_portal(SupportRequest, topic="other", message="Hilfe"),
    "request:portal": lambda world: SupportRequest.objects.create(
        company=portal_company(world), topic="other", message="Hilfe"
    ),
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
        ("view", "company:portal"): {NC, CU},
        ("change", "company:portal"): set(),
        ("delete", "company:portal"): set(),
        ("view", "opening:portal"): {NC, CU},
        ("change", "opening:portal"): {CU},
        ("delete", "opening:portal"): set(),
        ("add", "new-opening:portal"): {CU},
        ("add", "new-opening:A1"): {BL, OA},
        ("view", "obstacle:portal"): {NC},
        ("change", "obstacle:portal"): set(),
        ("view", "proposal:portal"): {NC, CU},
        ("change", "proposal:portal"): set(),
        ("add", "new-feedback:portal"): {CU},
        ("add", "new-request:portal"): {CU},
        ("view", "request:portal"): {NC, CU},
        ("change", "request:portal"): set(),
    }
)


@pytest.mark.django_db
@pytest.mark.parametrize("expectation", MATRIX, ids=lambda e: e.id)
def test_company_permission_matrix(world, expectation):
    check_expectation(world, expectation, RECORDS)
