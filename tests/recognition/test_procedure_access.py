"""Who reaches a recognition procedure: the case's people only. Another organisation's ids,
other roles, forged forms and foreign parts get a refusal, never a 500 or a leak; the procedure
goes into the access report, with the merged case and out with the erased one."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from lotse.occupations.models import Occupation
from lotse.participants import rights
from lotse.participants import services as cases
from lotse.permissions import Role, actor_for
from lotse.recognition import services
from lotse.recognition.models import RecognitionCase
from lotse.recognition.tasks import remind_deadlines
from tests.participants.conftest import open_case
from tests.recognition.conftest import NURSE, add_qualification

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(world, nurse):
    participant, qualification = nurse
    return services.open_procedure(
        actor=actor_for(world.users["counsellor"]),
        participant=participant,
        qualification_id=qualification.pk,
        occupation_id=Occupation.objects.get(key=NURSE).pk,
        authority_key="lagus-mv",
        state_code="DE-MV",
        submitted_on=date(2026, 1, 5),
    )


@pytest.mark.parametrize(
    "who",
    [
        "counsellor@A2",
        "counsellor@B1",
        *(r.value for r in Role if r not in {Role.COUNSELLOR, Role.ORGANISATION_ADMIN}),
    ],
)
def test_people_outside_the_case_get_404(world, client, procedure, who):
    client.force_login(world.users[who])
    for url in (
        reverse("recognition:procedure", args=[procedure.pk]),
        reverse("recognition:case", args=[procedure.participant_id]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "remove"}).status_code == 404
    assert RecognitionCase.objects.filter(pk=procedure.pk).exists()


def test_the_organisation_admin_sees_the_procedure(world, client, procedure):
    client.force_login(world.users["organisation_admin"])
    assert client.get(reverse("recognition:procedure", args=[procedure.pk])).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login(client, procedure):
    response = client.get(reverse("recognition:procedure", args=[procedure.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_opening_a_procedure_on_another_persons_qualification_is_refused(world, client, nurse):
    participant, _ = nurse
    other = open_case(world, "A1", "counsellor", given_names="Omar", family_names="Nasser")
    foreign = add_qualification(other)
    client.force_login(world.users["counsellor"])
    response = client.post(
        reverse("recognition:case", args=[participant.pk]),
        {"qualification": foreign.pk, "occupation": Occupation.objects.get(key=NURSE).pk,
         "authority_key": "lagus-mv", "state_code": "DE-MV"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not RecognitionCase.objects.exists()


@pytest.mark.parametrize(
    "form",
    [
        {"action": "explode"},
        {"action": "remove_pause", "part": "99999999"},
        {"action": "remove_difference", "part": "1" * 40},
        {"action": "end_pause", "part": "abc"},
        {"action": "save", "fee_eur": "9" * 30, "authority_key": "lagus-mv", "state_code": "DE-MV"},
        {"action": "save", "authority_key": "<script>", "extension_months": "0"},
        {"action": "pause", "kind": "holiday", "started_on": "2026-13-45"},
    ],
)
def test_forged_forms_get_a_clear_refusal(world, client, procedure, form):
    client.force_login(world.users["counsellor"])
    response = client.post(reverse("recognition:procedure", args=[procedure.pk]), form)
    assert response.status_code in {400, 404}
    procedure.refresh_from_db()
    assert procedure.fee_eur is None and procedure.authority_key == "lagus-mv"


def test_a_pause_of_another_procedure_cannot_be_touched(world, client, procedure):
    other_case = open_case(world, "A1", "counsellor", given_names="Omar", family_names="Nasser")
    other = services.open_procedure(
        actor=actor_for(world.users["counsellor"]), participant=other_case,
        qualification_id=add_qualification(other_case).pk,
        occupation_id=Occupation.objects.get(key=NURSE).pk, authority_key="lagus-mv",
        state_code="DE-MV", submitted_on=date(2026, 1, 5),
    )  # fmt: skip
    pause = services.add_pause(
        actor=actor_for(world.users["counsellor"]), procedure=other, kind="skills_analysis",
        started_on=date(2026, 2, 1), ended_on=None,
    )  # fmt: skip
    client.force_login(world.users["counsellor"])
    response = client.post(
        reverse("recognition:procedure", args=[procedure.pk]),
        {"action": "remove_pause", "part": pause.pk},
    )
    assert response.status_code == 404
    assert other.pauses.count() == 1


def test_the_procedure_is_in_the_access_report_moves_on_merge_and_goes_with_erasure(
    world, procedure, nurse
):
    participant, _ = nurse
    counsellor = actor_for(world.users["counsellor"])
    report = rights.access_report(actor=counsellor, participant_id=participant.pk)
    assert report["recognition_procedures"][0]["authority_name"].startswith("Landesamt")
    keep = open_case(world, "A1", "counsellor", given_names="Rania", family_names="Khalil")
    cases.merge_cases(actor=counsellor, keep=keep, duplicate=participant)
    procedure.refresh_from_db()
    assert procedure.participant_id == keep.pk
    rights.erase(actor=counsellor, participant=keep, reason="request")
    assert not RecognitionCase.objects.exists()


def test_due_deadlines_reach_the_dashboard_and_a_reminder_once(world, client, procedure):
    # Submitted on 5 January: the receipt is due on 5 February.
    client.force_login(world.users["counsellor"])
    import time_machine

    with time_machine.travel(date(2026, 1, 28), tick=False):
        html = client.get(reverse("dashboard")).content.decode()
        assert reverse("recognition:procedure", args=[procedure.pk]) in html
        assert remind_deadlines() == 1
        assert remind_deadlines() == 0  # once per deadline and due date
    message = mail.outbox[0]
    assert str(procedure.participant_id) in message.subject
    assert "Rania" not in message.body and "Khalil" not in message.body
    with time_machine.travel(date(2026, 2, 10), tick=False):
        assert remind_deadlines() == 1  # now overdue: told once more
