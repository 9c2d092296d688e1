"""Role × action × case file: who may open, change and add to a case (tests/permissions/matrix.py).

A counsellor sees the cases of their organisation they are assigned to (all of them where the
organisation opened cases to its team), an organisation admin every case of the organisation,
and nobody else any: not platform admins, coordinators, liaisons, researchers, multipliers or
company users. Parts of a case follow the case.
"""

from datetime import date

import pytest

from lotse import permissions
from lotse.participants import services
from lotse.participants.models import (
    CaseAccess,
    Consent,
    CounsellingSession,
    ErasureRecord,
    EsfRecord,
    LanguageSkill,
    NextStep,
    Participant,
)
from lotse.permissions import SYSTEM, Role, actor_for
from tests.participants.conftest import open_case
from tests.permissions.matrix import check_expectation, expand
from tests.permissions.records import OA, C

A1_CASE = {"given_names": "Test", "family_names": "Person"}


def case(key):
    def pick(world):
        organisation_key, _, assignment = key.partition(":")
        counsellor = {"A1": "counsellor", "A2": "counsellor@A2", "B1": "counsellor@B1"}[
            organisation_key
        ]
        if assignment == "unassigned":
            counsellor = "organisation_admin"
        return open_case(world, organisation_key, counsellor)

    return pick


def new_case_in(key):
    return lambda world: Participant(organisation=world.organisations[key], **A1_CASE)


def language_of(key):
    def pick(world):
        participant = case(key)(world)
        return services.save_record(
            actor=SYSTEM,
            record=LanguageSkill(participant=participant, language="ar", is_native=True),
            values={},
        )

    return pick


def new_language_of(key):
    return lambda world: LanguageSkill(participant=case(key)(world), language="de", level="B1")


def consent_of(key):
    def pick(world):
        participant = case(key)(world)
        return services.record_consent(
            actor=actor_for(world.users["organisation_admin"]),
            participant=participant,
            purpose="counselling",
            text_version="2026-12",
            text_language="de",
            method="signature",
        )

    return pick


def referral_to_a2(world):
    participant = case("A1:assigned")(world)
    Consent.objects.create(
        participant=participant,
        purpose="sharing",
        recipient=world.organisations["A2"],
        text_version="2026-12",
        text_language="de",
        method="signature",
        recorded_by=world.users["counsellor"],
    )
    return services.refer(
        actor=actor_for(world.users["counsellor"]),
        participant=participant,
        recipient=world.organisations["A2"],
        offer="Sprachkurs",
    )


def esf_of(key):
    def pick(world):
        participant = case(key)(world)
        return EsfRecord.objects.create(
            participant=participant,
            entered_on=date(2026, 1, 1),
            employment_status="unemployed",
            gender="female",
            third_country_national=True,
            recorded_by=world.users["organisation_admin"],
        )

    return pick


def erasure_in(key):
    return lambda world: ErasureRecord.objects.create(
        organisation=world.organisations[key], case_number=999, reason="request"
    )


RECORDS = {
    "case:A1:assigned": case("A1:assigned"),
    "case:A1:unassigned": case("A1:unassigned"),
    "case:A2": case("A2"),
    "new-case:A1": new_case_in("A1"),
    "new-case:A2": new_case_in("A2"),
    "language:A1:assigned": language_of("A1:assigned"),
    "language:A1:unassigned": language_of("A1:unassigned"),
    "new-language:A1:assigned": new_language_of("A1:assigned"),
    "new-language:A2": new_language_of("A2"),
    "consent:A1:assigned": consent_of("A1:assigned"),
    "referral:A1->A2": referral_to_a2,
    "esf:A1:assigned": esf_of("A1:assigned"),
    "esf:A2": esf_of("A2"),
    "erasure:A1": erasure_in("A1"),
    "erasure:A2": erasure_in("A2"),
}
# The receiving organisation's counsellor (in A2) is not a role of A1's matrix users; the
# receiving side is proven in tests/participants/test_referrals.py.

MATRIX = expand(
    {
        ("view", "case:A1:assigned"): {C, OA},
        ("change", "case:A1:assigned"): {C, OA},
        ("delete", "case:A1:assigned"): set(),
        ("view", "case:A1:unassigned"): {OA},
        ("change", "case:A1:unassigned"): {OA},
        ("view", "case:A2"): set(),
        ("change", "case:A2"): set(),
        ("add", "new-case:A1"): {C, OA},
        ("add", "new-case:A2"): set(),
        ("view", "language:A1:assigned"): {C, OA},
        ("delete", "language:A1:assigned"): {C, OA},
        ("view", "language:A1:unassigned"): {OA},
        ("add", "new-language:A1:assigned"): {C, OA},
        ("add", "new-language:A2"): set(),
        ("view", "consent:A1:assigned"): {C, OA},
        ("change", "consent:A1:assigned"): {C, OA},
        ("delete", "consent:A1:assigned"): set(),
        # The sender sees the referral; only the receiving organisation answers it.
        ("view", "referral:A1->A2"): {C, OA},
        ("change", "referral:A1->A2"): set(),
        ("delete", "referral:A1->A2"): set(),
        # ESF+ monitoring follows the case and is never removed on its own.
        ("view", "esf:A1:assigned"): {C, OA},
        ("change", "esf:A1:assigned"): {C, OA},
        ("delete", "esf:A1:assigned"): set(),
        ("view", "esf:A2"): set(),
        # The erasure ledger: the organisation's admins read it, nobody changes it.
        ("view", "erasure:A1"): {OA},
        ("change", "erasure:A1"): set(),
        ("view", "erasure:A2"): set(),
    }
)


@pytest.mark.parametrize("expectation", MATRIX, ids=lambda e: e.id)
def test_case_file_permission_matrix(world, expectation):
    check_expectation(world, expectation, RECORDS)


def test_team_access_opens_every_case_of_the_organisation_to_its_counsellors(world, cases):
    counsellor = actor_for(world.users["counsellor"])
    unassigned = cases["A1:unassigned"]
    assert not permissions.can(counsellor, "view", unassigned)
    services.set_case_access(
        actor=actor_for(world.users["organisation_admin"]),
        organisation=world.organisations["A1"],
        team_access=True,
        confidential_reader_ids=[],
    )
    assert permissions.can(counsellor, "view", unassigned)
    # …and never those of another organisation.
    assert not permissions.can(counsellor, "view", cases["A2"])


def test_only_an_organisation_admin_sets_case_access_and_only_for_their_organisation(world):
    access = CaseAccess(organisation=world.organisations["A1"])
    assert permissions.can(actor_for(world.users["organisation_admin"]), "add", access)
    assert not permissions.can(actor_for(world.users["counsellor"]), "add", access)
    elsewhere = CaseAccess(organisation=world.organisations["A2"])
    assert not permissions.can(actor_for(world.users["organisation_admin"]), "add", elsewhere)
    with pytest.raises(ValueError):
        services.set_case_access(
            actor=actor_for(world.users["organisation_admin"]),
            organisation=world.organisations["A1"],
            team_access=False,
            confidential_reader_ids=[world.users["counsellor@B1"].pk],
        )


def test_confidential_notes_are_read_by_their_author_and_the_named_readers_only(world, cases):
    from lotse.participants.selectors import may_read_confidential

    world.users["counsellor"]
    session = services.record_session(
        actor=actor_for(world.users["counsellor"]),
        participant=cases["A1:assigned"],
        values={"notes": "Termin", "confidential_notes": "vertraulich"},
    )
    admin = actor_for(world.users["organisation_admin"])
    assert may_read_confidential(actor=actor_for(world.users["counsellor"]), session=session)
    assert not may_read_confidential(actor=admin, session=session)
    services.set_case_access(
        actor=admin,
        organisation=world.organisations["A1"],
        team_access=False,
        confidential_reader_ids=[world.users["organisation_admin"].pk],
    )
    assert may_read_confidential(actor=admin, session=session)


def test_next_steps_follow_the_case(world, cases):
    step = NextStep.objects.create(
        participant=cases["A1:assigned"], description="Zeugnisse", due_on=date(2030, 1, 1)
    )
    assert permissions.can(actor_for(world.users["counsellor"]), "change", step)
    assert not permissions.can(actor_for(world.users["counsellor@A2"]), "view", step)
    for role in (Role.NETWORK_COORDINATOR, Role.PLATFORM_ADMIN, Role.RESEARCHER, Role.COMPANY_USER):
        assert not permissions.can(actor_for(world.role_user(role)), "view", step)
    assert CounsellingSession.objects.count() == 0 and Consent.objects.count() == 0
