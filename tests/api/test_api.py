import json
from pathlib import Path

import pytest
from django.core.management import call_command

from lotse.accounts.services import create_api_token, revoke_api_token
from lotse.core.management.commands.openapi import current_schema

REPOSITORY = Path(__file__).resolve().parents[2]


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def test_api_requires_authentication(db, client):
    assert client.get("/api/accounts/me").status_code == 401


def test_session_authentication(world, client):
    client.force_login(world.users["counsellor"])
    body = client.get("/api/accounts/me").json()
    assert body["primary_role"] == "counsellor"


def test_token_authentication_and_revocation(world, client):
    user = world.users["counsellor"]
    token, secret = create_api_token(actor=user, user=user, name="Skript")
    assert client.get("/api/accounts/me", headers=bearer(secret)).json()["email"] == user.email
    assert client.get("/api/accounts/me", headers=bearer(secret + "x")).status_code == 401
    revoke_api_token(actor=user, token=token)
    assert client.get("/api/accounts/me", headers=bearer(secret)).status_code == 401


def test_lists_are_permission_filtered_and_forbidden_records_answer_404(world, client):
    client.force_login(world.users["counsellor"])
    listed = {o["id"] for o in client.get("/api/network/organisations").json()["items"]}
    assert listed == {world.organisations["A1"].pk, world.organisations["A2"].pk}
    hidden = client.get(f"/api/network/organisations/{world.organisations['B1'].pk}")
    missing = client.get("/api/network/organisations/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_audit_entries_through_the_api_stay_within_reach(world, client):
    client.force_login(world.users["counsellor"])
    client.get("/api/accounts/me")
    entries = client.get("/api/audit/entries").json()["items"]
    assert all(e["actor_id"] == world.users["counsellor"].pk for e in entries)


def test_openapi_document_is_served(db, client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert json.loads(current_schema()) == response.json()


def test_committed_openapi_document_matches_the_api(db):
    committed = REPOSITORY / "openapi.json"
    if not committed.exists():
        pytest.fail("openapi.json is missing: run `lotse openapi` and commit it")
    call_command("openapi", "--check", "--path", str(committed))
