"""Proposals: the liaison proposes only people of the network whose consent to matching stands;
the company's feedback runs forward; a contract writes the outcome, a pathway step and the ESF+
result into the case, fills the place and ends the other proposals, all in one transaction or
not at all."""

from datetime import date, timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditEntry
from lotse.companies import services
from lotse.companies.models import Opening, Proposal, ProposalStatus, Stage
from lotse.occupations.models import Occupation
from lotse.participants import services as participant_services
from lotse.participants.models import (
    Consent,
    EsfRecord,
    LanguageSkill,
    Participant,
    PathwayStep,
    WishedOccupation,
)
from lotse.permissions import SYSTEM, actor_for
from tests.companies.conftest import new_company
from tests.participants.conftest import open_case

pytestmark = pytest.mark.django_db

TISCHLER = "de:training:tischler"


def consent_to_matching(world, participant, counsellor="counsellor"):
    return participant_services.record_consent(
        actor=actor_for(world.users[counsellor]),
        participant=participant,
        purpose="matching",
        text_version="2026-01",
        text_language="de",
        method="signature",
        given_at=timezone.now() - timedelta(minutes=1),
    )


def person(world, organisation="A1", counsellor="counsellor", consent=True, **values):
    participant = open_case(world, organisation, counsellor, email="amal@example.org", **values)
    LanguageSkill.objects.create(participant=participant, language="de", level="B1")
    LanguageSkill.objects.create(participant=participant, language="ar", is_native=True)
    WishedOccupation.objects.create(
        participant=participant, occupation=Occupation.objects.get(key=TISCHLER)
    )
    if consent:
        consent_to_matching(world, participant, counsellor)
    return participant


@pytest.fixture
def opening(company):
    return services.save_part(
        actor=SYSTEM,
        record=Opening(company=company),
        values={"kind": "training", "occupation": Occupation.objects.get(key=TISCHLER),
                "starts_on": date(2027, 8, 1), "places": 1},
    )  # fmt: skip


@pytest.fixture
def liaison(world):
    return actor_for(world.users["business_liaison"])


def test_only_people_who_consented_in_the_network_are_candidates(world, liaison, opening):
    from lotse.companies import selectors

    willing = person(world)
    person(world, consent=False, given_names="Ohne")
    person(world, organisation="B1", counsellor="counsellor@B1", given_names="Fremd")
    withdrawn = person(world, given_names="Zurück")
    participant_services.withdraw_consent(
        actor=actor_for(world.users["counsellor"]),
        consent=Consent.objects.get(participant=withdrawn),
    )
    found = selectors.candidates_for(actor=liaison, opening=opening, language="de")
    assert [profile.participant_id for profile in found] == [willing.pk]
    profile = found[0]
    assert profile.german_level == "B1" and ("ar", "native") in profile.languages
    assert profile.pseudonym.startswith("K-") and "Amal" not in repr(profile)
    assert "amal@example.org" not in repr(profile)
    read = AuditEntry.objects.filter(target_type="participants.participant", action="view")
    assert read.filter(organisation_id=willing.organisation_id).count() == 1


def test_a_proposal_needs_standing_consent_the_same_network_and_a_liaison(world, liaison, opening):
    unwilling = person(world, consent=False)
    foreign = person(world, organisation="B1", counsellor="counsellor@B1")
    for participant_id in (unwilling.pk, foreign.pk):
        with pytest.raises(services.CompanyRefused):
            services.propose(actor=liaison, opening=opening, participant_id=participant_id)
    willing = person(world)
    services.propose(actor=liaison, opening=opening, participant_id=willing.pk)
    with pytest.raises(services.CompanyRefused):  # once per opening
        services.propose(actor=liaison, opening=opening, participant_id=willing.pk)
    for role in ("counsellor", "network_coordinator", "company_user"):
        with pytest.raises(Http404):
            services.propose(
                actor=actor_for(world.users[role]), opening=opening, participant_id=willing.pk
            )
    assert Proposal.objects.count() == 1


def _proposed(world, liaison, opening, **values):
    participant = person(world, **values)
    return participant, services.propose(
        actor=liaison, opening=opening, participant_id=participant.pk
    )


def test_feedback_runs_forward_and_a_decline_says_why(world, liaison, opening):
    _, proposal = _proposed(world, liaison, opening)
    services.give_feedback(actor=liaison, proposal=proposal, status="interview")
    with pytest.raises(services.CompanyRefused):
        services.give_feedback(actor=liaison, proposal=proposal, status="proposed")
    with pytest.raises(services.CompanyRefused):
        services.give_feedback(actor=liaison, proposal=proposal, status="declined")
    with pytest.raises(services.CompanyRefused):
        services.give_feedback(
            actor=liaison,
            proposal=proposal,
            status="trial_day",
            on=timezone.localdate() + timedelta(days=3),
        )
    services.give_feedback(
        actor=liaison, proposal=proposal, status="declined", decline_reason="language"
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decline_reason) == ("declined", "language")
    assert services.next_steps(proposal) == []
    assert [f.status for f in proposal.feedback.all()] == ["proposed", "interview", "declined"]


def test_a_contract_updates_the_case_fills_the_place_and_ends_the_others(world, liaison, opening):
    participant, proposal = _proposed(world, liaison, opening)
    _, other = _proposed(world, liaison, opening, given_names="Bilal")
    counsellor = actor_for(world.users["counsellor"])
    esf = participant_services.record_esf_entry(
        actor=counsellor,
        participant=participant,
        values={"entered_on": date(2026, 1, 15), "employment_status": "unemployed"},
    )
    signed = timezone.localdate()
    participant_services.record_esf_exit(
        actor=counsellor, record=esf, exited_on=signed - timedelta(days=10)
    )
    services.give_feedback(actor=liaison, proposal=proposal, status="offer")
    services.give_feedback(actor=liaison, proposal=proposal, status="contract", on=signed)

    participant.refresh_from_db()
    assert (participant.outcome, participant.outcome_on) == ("training", date(2027, 8, 1))
    step = PathwayStep.objects.get(participant=participant)
    assert (step.kind, step.occupation.key, step.title) == (
        "apprenticeship", TISCHLER, "Tischlerei Nord")  # fmt: skip
    assert EsfRecord.objects.get(pk=esf.pk).immediate_result == "education"
    opening.refresh_from_db()
    assert (opening.status, opening.filled_on, opening.won_by_id) == (
        "filled", signed, world.users["business_liaison"].pk)  # fmt: skip
    other.refresh_from_db()
    assert (other.status, other.decline_reason) == ("declined", "place_taken")
    opening.company.refresh_from_db()
    assert opening.company.stage == Stage.FILLED
    case_writes = AuditEntry.objects.filter(
        target_type="participants.participant", action="update", target_id=str(participant.pk)
    )
    assert case_writes.get().organisation_id == participant.organisation_id


def test_a_contract_after_the_consent_was_withdrawn_writes_nothing(world, liaison, opening):
    participant, proposal = _proposed(world, liaison, opening)
    services.give_feedback(actor=liaison, proposal=proposal, status="offer")
    participant_services.withdraw_consent(
        actor=actor_for(world.users["counsellor"]),
        consent=Consent.objects.get(participant=participant),
    )
    with pytest.raises(services.CompanyRefused):
        services.give_feedback(actor=liaison, proposal=proposal, status="contract")
    proposal.refresh_from_db()
    opening.refresh_from_db()
    assert proposal.status == "offer" and opening.status == "open"
    assert not Participant.objects.get(pk=participant.pk).outcome
    assert not PathwayStep.objects.exists()
    assert proposal.feedback.count() == 2  # proposed, offer: the contract's entry rolled back


def test_a_later_exit_takes_the_result_from_the_placement(world, liaison, opening):
    participant, proposal = _proposed(world, liaison, opening)
    services.give_feedback(actor=liaison, proposal=proposal, status="contract")
    counsellor = actor_for(world.users["counsellor"])
    esf = participant_services.record_esf_entry(
        actor=counsellor,
        participant=Participant.objects.get(pk=participant.pk),
        values={"entered_on": date(2026, 1, 15), "employment_status": "unemployed"},
    )
    participant_services.record_esf_exit(
        actor=counsellor, record=esf, exited_on=timezone.localdate()
    )
    assert EsfRecord.objects.get(pk=esf.pk).immediate_result == "education"


def test_the_opening_page_shows_candidates_and_takes_feedback(world, client, opening):
    participant = person(world)
    client.force_login(world.users["business_liaison"])
    url = reverse("companies:opening", args=[opening.pk])
    page = client.get(url).content.decode()
    assert "Für diese Stelle vorschlagen" in page and "Amal" not in page
    assert client.post(url, {"action": "propose", "person": participant.pk}).status_code == 302
    proposal = Proposal.objects.get()
    answer = client.post(url, {"action": "feedback", "proposal": proposal.pk, "status": "declined"})
    assert answer.status_code == 400 and "Grund" in answer.content.decode()
    for forged in ("", "abc", "9" * 30, str(proposal.pk + 999)):
        assert client.post(url, {"action": "feedback", "proposal": forged}).status_code == 404
    assert client.post(url, {"action": "hack"}).status_code == 400
    answer = client.post(
        url, {"action": "feedback", "proposal": proposal.pk, "status": "interview"}
    )
    assert answer.status_code == 302
    assert Proposal.objects.get().status == ProposalStatus.INTERVIEW


def test_other_organisations_cannot_reach_the_opening_page(world, client, opening):
    other = new_company(world, organisation="B1", name="Fremdbetrieb")
    foreign = services.save_part(
        actor=SYSTEM,
        record=Opening(company=other),
        values={"kind": "job", "occupation": Occupation.objects.get(key=TISCHLER)},
    )
    client.force_login(world.users["business_liaison"])
    assert client.get(reverse("companies:opening", args=[foreign.pk])).status_code == 404
    for role in ("counsellor", "researcher", "company_user"):
        client.force_login(world.users[role])
        assert client.get(reverse("companies:opening", args=[opening.pk])).status_code == 404


def test_the_counsellor_sees_the_placement_and_the_pseudonym_in_the_case(
    world, client, liaison, opening
):
    from lotse.participants.selectors import pseudonym

    participant, proposal = _proposed(world, liaison, opening)
    services.give_feedback(actor=liaison, proposal=proposal, status="contract")
    client.force_login(world.users["counsellor"])
    url = reverse("participants:case", args=[participant.pk])
    assert "vermittelt: Ausbildungsplatz ab 01.08.2027" in client.get(url).content.decode()
    consents = client.get(url + "?tab=consents").content.decode()
    assert pseudonym(participant.pk) in consents
