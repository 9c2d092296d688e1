"""The case-file API: the same permissions, validation and audit as the pages."""

import pytest

from lotse.accounts.services import create_api_token
from lotse.audit.models import AuditAction, AuditEntry
from lotse.participants.models import Consent, CounsellingSession, NextStep, Participant
from lotse.permissions import actor_for


@pytest.fixture
def api(world, client):
    def call(verb, path, user="counsellor", language="de", **body):
        person = world.users[user]
        _, secret = create_api_token(actor=actor_for(person), user=person, name="test")
        headers = {"Authorization": f"Bearer {secret}", "Accept-Language": language}
        send = getattr(client, verb)
        if verb == "get":
            return send(path, headers=headers)
        return send(path, body, content_type="application/json", headers=headers)

    return call


def test_open_a_case_read_it_and_change_it(world, api):
    created = api(
        "post",
        "/api/participants",
        given_name="Ayşe",
        family_name="Öztürk",
        date_of_birth="1999-12-01",
        email="ayse@example.org",
        phone="+49 209 1234",
        postcode="45879",
        nationalities=["TR"],
    )
    assert created.status_code == 201, created.json()
    case_id = created.json()["id"]
    participant = Participant.objects.get(pk=case_id)
    assert participant.organisation == world.organisations["A1"]
    assert participant.district == "Gelsenkirchen, Stadt"
    body = api("get", f"/api/participants/{case_id}").json()
    assert body["given_name"] == "Ayşe" and body["state_code"] == "DE-NW"
    assert body["nationalities"] == ["TR"] and body["languages"] == []
    changed = api("patch", f"/api/participants/{case_id}", phone="+49 209 999", status="closed")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["phone"] == "+49 209 999" and changed.json()["status"] == "closed"
    participant.refresh_from_db()
    assert participant.closed_on is not None and participant.email == "ayse@example.org"
    update = AuditEntry.objects.get(
        action=AuditAction.UPDATE, target_type="participants.participant"
    )
    assert update.changed_fields == ["closed_on", "phone", "status"]
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, target_id=str(case_id)).count() == 2


@pytest.mark.parametrize(
    ("body", "field", "german"),
    [
        (
            {"given_name": "A", "family_name": "B", "date_of_birth": "2999-01-01"},
            "date_of_birth",
            "Zukunft",
        ),
        (
            {"given_name": "A", "family_name": "B", "date_of_birth": "1990-02-30"},
            "date_of_birth",
            "gültigen Wert",
        ),
        ({"given_name": "A", "family_name": "B", "postcode": "00000"}, "postcode", "Postleitzahl"),
        ({"given_name": "A", "family_name": "B", "email": "kein-at"}, "email", "E-Mail"),
        ({"given_name": "A", "family_name": "B", "gender": "robot"}, "gender", "gültige Auswahl"),
        ({"given_name": "A", "family_name": "B", "birth_year": 10**30}, "birth_year", ""),
        ({"family_name": "B"}, "given_name", "erforderlich"),
    ],
)
def test_bad_input_answers_422_naming_the_field_in_the_callers_language(
    world, api, body, field, german
):
    response = api("post", "/api/participants", **body)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert field in [error["loc"][-1] for error in errors], errors
    assert german in " ".join(error["msg"] for error in errors)
    assert Participant.objects.count() == 0


def test_messages_follow_the_callers_language(world, api):
    response = api(
        "post",
        "/api/participants",
        language="ar",
        given_name="A",
        family_name="B",
        postcode="00000",
    )
    message = response.json()["detail"][0]["msg"]
    assert any("\u0600" <= c <= "\u06ff" for c in message), message


def test_a_likely_duplicate_answers_409_until_confirmed(world, api, cases):
    body = {"given_name": "Mohamed", "family_name": "Alhassan", "date_of_birth": "1990-03-04"}
    response = api("post", "/api/participants", **body)
    assert response.status_code == 409
    assert response.json()["likely_duplicates"] == [cases["A1:assigned"].pk]
    assert api("post", "/api/participants", not_a_duplicate=True, **body).status_code == 201


def test_sessions_and_consents_are_recorded(world, api, cases):
    case_id = cases["A1:assigned"].pk
    session = api(
        "post",
        f"/api/participants/{case_id}/sessions",
        notes="Anerkennung besprochen",
        topics=["recognition"],
        next_step="Termin bei der IHK",
        next_step_due_on="2099-01-01",
    )
    assert session.status_code == 201, session.json()
    assert CounsellingSession.objects.get().notes == "Anerkennung besprochen"
    assert NextStep.objects.get().description == "Termin bei der IHK"
    bad = api("post", f"/api/participants/{case_id}/sessions", topics=["astrology"])
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "topics"]
    consent = api(
        "post",
        f"/api/participants/{case_id}/consents",
        purpose="matching",
        text_language="ar",
        method="online",
    )
    assert consent.status_code == 201
    assert Consent.objects.get().purpose == "matching"
    unknown = api(
        "post",
        f"/api/participants/{case_id}/consents",
        purpose="sharing",
        text_language="xx",
        method="online",
    )
    assert unknown.status_code == 422
    assert {e["loc"][-1] for e in unknown.json()["detail"]} == {"recipient_id", "text_language"}


def test_other_organisations_and_other_roles_get_404(world, api, cases):
    foreign = cases["A2"].pk
    assert api("get", f"/api/participants/{foreign}").status_code == 404
    assert api("patch", f"/api/participants/{foreign}", phone="1").status_code == 404
    assert api("post", f"/api/participants/{foreign}/sessions", notes="x").status_code == 404
    assert api("get", f"/api/participants/{'9' * 30}").status_code == 422
    for role in ("network_coordinator", "researcher", "company_user", "platform_admin"):
        assert (
            api("get", f"/api/participants/{cases['A1:assigned'].pk}", user=role).status_code == 404
        )
        assert (
            api("post", "/api/participants", user=role, given_name="A", family_name="B").status_code
            == 404
        )
    listed = api("get", "/api/participants?status=open").json()
    assert {item["id"] for item in listed["items"]} == {cases["A1:assigned"].pk}
    assert CounsellingSession.objects.count() == 0
