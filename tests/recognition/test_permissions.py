"""Role × action × recognition procedure (tests/permissions/matrix.py): a procedure, its pauses
and its differences follow the case file they belong to. The statistics are a named permission
for coordinators, researchers and organisation admins."""

from datetime import date

import pytest

from lotse import permissions
from lotse.occupations.models import Occupation
from lotse.permissions import SYSTEM, Role, actor_for
from lotse.recognition import services
from lotse.recognition.models import Difference, RecognitionCase, RecognitionPause
from tests.participants.test_permissions import case
from tests.permissions.matrix import check_expectation, expand
from tests.permissions.records import OA, C
from tests.recognition.conftest import NURSE, add_qualification


def procedure_of(key):
    def pick(world):
        participant = case(key)(world)
        return services.open_procedure(
            actor=SYSTEM,
            participant=participant,
            qualification_id=add_qualification(participant).pk,
            occupation_id=Occupation.objects.get(key=NURSE).pk,
            authority_key="lagus-mv",
            state_code="DE-MV",
            submitted_on=date(2026, 1, 5),
        )

    return pick


def new_procedure_of(key):
    def pick(world):
        participant = case(key)(world)
        return RecognitionCase(
            participant=participant,
            qualification=add_qualification(participant),
            occupation=Occupation.objects.get(key=NURSE),
            authority_key="lagus-mv",
            state_code="DE-MV",
        )

    return pick


def pause_of(key):
    def pick(world):
        return RecognitionPause.objects.create(
            recognition=procedure_of(key)(world),
            kind="skills_analysis",
            started_on=date(2026, 2, 1),
        )

    return pick


def new_difference_of(key):
    return lambda world: Difference(recognition=procedure_of(key)(world), area="Praxis")


RECORDS = {
    "procedure:A1:assigned": procedure_of("A1:assigned"),
    "procedure:A1:unassigned": procedure_of("A1:unassigned"),
    "procedure:A2": procedure_of("A2"),
    "new-procedure:A1:assigned": new_procedure_of("A1:assigned"),
    "new-procedure:A2": new_procedure_of("A2"),
    "pause:A1:assigned": pause_of("A1:assigned"),
    "pause:A2": pause_of("A2"),
    "new-difference:A1:assigned": new_difference_of("A1:assigned"),
    "new-difference:A2": new_difference_of("A2"),
}

MATRIX = expand(
    {
        ("view", "procedure:A1:assigned"): {C, OA},
        ("change", "procedure:A1:assigned"): {C, OA},
        ("delete", "procedure:A1:assigned"): {C, OA},
        ("view", "procedure:A1:unassigned"): {OA},
        ("change", "procedure:A1:unassigned"): {OA},
        ("view", "procedure:A2"): set(),
        ("change", "procedure:A2"): set(),
        ("add", "new-procedure:A1:assigned"): {C, OA},
        ("add", "new-procedure:A2"): set(),
        ("view", "pause:A1:assigned"): {C, OA},
        ("delete", "pause:A1:assigned"): {C, OA},
        ("view", "pause:A2"): set(),
        ("add", "new-difference:A1:assigned"): {C, OA},
        ("add", "new-difference:A2"): set(),
    }
)


@pytest.mark.django_db
@pytest.mark.parametrize("expectation", MATRIX, ids=lambda e: e.id)
def test_recognition_permission_matrix(world, expectation):
    check_expectation(world, expectation, RECORDS)


STATISTICS = {Role.NETWORK_COORDINATOR, Role.RESEARCHER, Role.ORGANISATION_ADMIN}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_who_sees_the_statistics(world, role):
    allowed = permissions.has(actor_for(world.role_user(role)), "recognition.view_statistics")
    assert allowed is (role in STATISTICS)
