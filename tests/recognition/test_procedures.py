"""Recognition procedures in the case file: opening one with the navigator's authority, the
legal timeline, the outcome, costs and funding, one open procedure per qualification."""

from datetime import date

import pytest
from django.urls import reverse

from lotse.audit.models import AuditEntry
from lotse.occupations.models import Occupation
from lotse.participants import services as cases
from lotse.participants.models import PathwayStep, StepKind
from lotse.permissions import actor_for
from lotse.recognition import selectors, services
from lotse.recognition.models import RecognitionCase
from tests.recognition.conftest import NURSE, add_qualification

pytestmark = pytest.mark.django_db


def _open(world, participant, qualification, **values):
    return services.open_procedure(
        actor=actor_for(world.users["counsellor"]),
        participant=participant,
        qualification_id=qualification.pk,
        occupation_id=Occupation.objects.get(key=NURSE).pk,
        authority_key="lagus-mv",
        state_code="DE-MV",
        **values,
    )


def _change(world, procedure, **values):
    return services.change_procedure(
        actor=actor_for(world.users["counsellor"]), procedure=procedure, values=values
    )


def test_the_page_suggests_the_navigators_authority_and_opens_the_procedure(world, client, nurse):
    participant, qualification = nurse
    client.force_login(world.users["counsellor"])
    page = client.get(reverse("recognition:case", args=[participant.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="lagus-mv" selected' in html  # Schwerin, nursing: the LAGuS
    response = client.post(
        reverse("recognition:case", args=[participant.pk]),
        {
            "qualification": qualification.pk,
            "occupation": Occupation.objects.get(key=NURSE).pk,
            "authority_key": "lagus-mv",
            "state_code": "DE-MV",
            "submitted_on": "2026-03-02",
        },
    )
    procedure = RecognitionCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("recognition:procedure", args=[procedure.pk])
    assert procedure.authority_name.startswith("Landesamt für Gesundheit")
    assert procedure.eu_qualification is False
    detail = client.get(response["Location"]).content.decode()
    assert "Receipt to be confirmed" in detail or "Eingang" in detail


def test_the_case_page_links_to_the_recognition_procedures(world, client, nurse):
    participant, _ = nurse
    client.force_login(world.users["counsellor"])
    html = client.get(reverse("participants:case", args=[participant.pk])).content.decode()
    assert reverse("recognition:case", args=[participant.pk]) in html


def test_only_one_procedure_per_qualification_may_be_open(world, nurse):
    participant, qualification = nurse
    first = _open(world, participant, qualification)
    with pytest.raises(services.ProcedureRefused) as refused:
        _open(world, participant, qualification)
    assert refused.value.field == "qualification"
    assert "nur eines zur gleichen Zeit" in refused.value.message
    _change(
        world, first, submitted_on=date(2026, 1, 5), decided_on=date(2026, 4, 1), outcome="partial"
    )
    second = _open(world, participant, qualification)  # after the notice: a new application
    assert second.pk != first.pk


def test_reopening_a_decided_procedure_beside_an_open_one_is_refused(world, nurse):
    participant, qualification = nurse
    first = _open(world, participant, qualification, submitted_on=date(2026, 1, 5))
    _change(world, first, decided_on=date(2026, 4, 1), outcome="none")
    _open(world, participant, qualification)
    with pytest.raises(services.ProcedureRefused) as refused:
        _change(world, first, decided_on=None, outcome="")
    assert refused.value.field == "qualification"
    first.refresh_from_db()
    assert first.decided_on == date(2026, 4, 1)  # nothing half-saved


def test_the_timeline_follows_the_dates_entered(world, nurse):
    participant, qualification = nurse
    procedure = _open(world, participant, qualification, submitted_on=date(2026, 1, 31))
    receipt, decision = selectors.view_of(procedure, today=date(2026, 2, 20)).deadlines
    assert (receipt.due_on, receipt.state) == (date(2026, 2, 28), "due_soon")
    assert decision.state == "waiting"
    _change(
        world, procedure, receipt_confirmed_on=date(2026, 2, 10), file_complete_on=date(2026, 3, 31)
    )
    services.add_pause(
        actor=actor_for(world.users["counsellor"]),
        procedure=procedure,
        kind="skills_analysis",
        started_on=date(2026, 4, 10),
        ended_on=date(2026, 4, 19),
    )
    _change(world, procedure, extension_months=1, extension_reason="Gutachten der Kammer")
    receipt, decision = selectors.view_of(procedure, today=date(2026, 5, 1)).deadlines
    assert receipt.state == "met"
    # 31 March + 3 months and 1 month of extension = 31 July, + 10 paused days
    assert decision.due_on == date(2026, 8, 10)


def test_an_extension_needs_a_reason_and_is_limited_for_eu_qualifications(world, nurse):
    participant, _ = nurse
    french = add_qualification(participant, country="FR")
    procedure = _open(world, participant, french, submitted_on=date(2026, 1, 5))
    assert procedure.eu_qualification
    with pytest.raises(services.ProcedureRefused) as refused:
        _change(world, procedure, extension_months=1)
    assert refused.value.field == "extension_reason"
    with pytest.raises(services.ProcedureRefused) as refused:
        _change(world, procedure, extension_months=2, extension_reason="Gutachten")
    assert refused.value.field == "extension_months"
    assert "höchstens um einen Monat" in refused.value.message


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"receipt_confirmed_on": date(2025, 12, 1)}, "receipt_confirmed_on"),
        ({"decided_on": date(2026, 5, 1)}, "outcome"),
        ({"outcome": "full"}, "decided_on"),
        ({"decided_on": date(2026, 5, 1), "outcome": "full", "compensation": "knowledge_exam"}, "compensation"),
        ({"authority_key": "not-an-authority"}, "authority_key"),
        ({"fee_eur": 10**9}, "fee_eur"),
        ({"decided_on": date(2026, 5, 1), "outcome": "none", "withdrawn_on": date(2026, 5, 2)}, "withdrawn_on"),
    ],
)  # fmt: skip
def test_contradicting_values_are_refused_naming_the_field(world, nurse, values, field):
    participant, qualification = nurse
    procedure = _open(world, participant, qualification, submitted_on=date(2026, 1, 5))
    with pytest.raises(services.ProcedureRefused) as refused:
        _change(world, procedure, **values)
    assert refused.value.field == field
    procedure.refresh_from_db()
    assert procedure.outcome == "" and procedure.fee_eur is None


def test_partial_equivalence_records_differences_and_the_adaptation_in_the_pathway(world, nurse):
    participant, qualification = nurse
    procedure = _open(world, participant, qualification, submitted_on=date(2026, 1, 5))
    counsellor = actor_for(world.users["counsellor"])
    with pytest.raises(services.ProcedureRefused):
        services.add_difference(actor=counsellor, procedure=procedure, area="Pädiatrie")
    step = cases.save_record(
        actor=counsellor,
        record=PathwayStep(participant=participant),
        values={"kind": StepKind.ADAPTATION, "title": "Anpassungslehrgang Pflege"},
    )
    _change(world, procedure, decided_on=date(2026, 4, 2), outcome="partial",
            compensation="adaptation_course", adaptation_step=step)  # fmt: skip
    services.add_difference(
        actor=counsellor, procedure=procedure, area="Pädiatrie", description="120 h Praxis"
    )
    services.add_difference(actor=counsellor, procedure=procedure, area="Psychiatrie")
    assert [d.area for d in procedure.differences.all()] == ["Pädiatrie", "Psychiatrie"]
    other = add_qualification(participant)  # another person's step would be refused too
    foreign_step = PathwayStep.objects.create(
        participant=participant, kind=StepKind.LANGUAGE_COURSE
    )
    second = _open(world, participant, other, submitted_on=date(2026, 1, 5))
    with pytest.raises(services.ProcedureRefused) as refused:
        _change(world, second, adaptation_step=foreign_step)
    assert refused.value.field == "adaptation_step"


def test_costs_before_the_funding_application_are_warned_about(world, nurse):
    participant, qualification = nurse
    procedure = _open(world, participant, qualification)
    _change(world, procedure, funding="grant", fee_eur=400, first_cost_on=date(2026, 2, 1))
    assert selectors.view_of(procedure).cost_warning  # not applied for at all
    _change(world, procedure, funding_applied_on=date(2026, 2, 10))
    assert selectors.view_of(procedure).cost_warning  # applied for after the costs
    _change(world, procedure, funding_applied_on=date(2026, 1, 20))
    assert not selectors.view_of(procedure).cost_warning


def test_every_read_and_write_is_audited_with_the_organisation(world, nurse):
    participant, qualification = nurse
    procedure = _open(world, participant, qualification)
    _change(world, procedure, submitted_on=date(2026, 1, 5))
    selectors.procedure_for_view(
        actor=actor_for(world.users["counsellor"]), procedure_id=procedure.pk
    )
    entries = AuditEntry.objects.filter(
        target_type="recognition.recognitioncase", target_id=str(procedure.pk)
    )
    assert sorted(entries.values_list("action", flat=True)) == ["create", "update", "view"]
    assert set(entries.values_list("organisation_id", flat=True)) == {world.organisations["A1"].pk}
