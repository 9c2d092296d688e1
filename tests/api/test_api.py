import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from lotse.accounts.services import create_api_token, revoke_api_token
from lotse.audit.models import AuditEntry
from lotse.core.management.commands.openapi import current_schema
from lotse.network import services as network
from lotse.permissions import SYSTEM, actor_for

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
    token, secret = create_api_token(actor=actor_for(user), user=user, name="Skript")
    assert client.get("/api/accounts/me", headers=bearer(secret)).json()["email"] == user.email
    assert client.get("/api/accounts/me", headers=bearer(secret + "x")).status_code == 401
    revoke_api_token(actor=actor_for(user), token=token)
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
    """Entries about both networks exist; each caller gets exactly those within reach."""
    for key in ("A1", "A2", "B1"):
        network.save_organisation(
            actor=SYSTEM,
            network=world.organisations[key].network,
            slug=world.organisations[key].slug,
            name=f"Umbenannt {key}",
        )
    counsellor = world.users["counsellor"]
    client.force_login(counsellor)
    client.get(reverse("user_detail", args=[counsellor.pk]))  # an entry of their own
    assert AuditEntry.objects.exclude(actor=counsellor).count() >= 3

    def listed(user):
        client.force_login(user)
        items = client.get("/api/audit/entries", {"limit": 200}).json()["items"]
        return {(e["target_type"], e["target_id"], e["actor_id"]) for e in items}

    assert listed(counsellor) == {("accounts.user", str(counsellor.pk), counsellor.pk)}
    renamed = {
        ("network.organisation", str(world.organisations[key].pk), None) for key in ("A1", "A2")
    }
    coordinator = listed(world.users["network_coordinator"])
    assert renamed <= coordinator
    assert ("network.organisation", str(world.organisations["B1"].pk), None) not in coordinator


@pytest.mark.parametrize(
    "path",
    [
        "/api/network/organisations?offset=100000000000000000000",
        "/api/network/organisations?limit=100000000000000000000",
        "/api/network/organisations?limit=0",
        "/api/network/organisations?offset=-1",
        "/api/network/organisations?network=1000000000000000000000000000000000000000",
        "/api/network/organisations?network=-5",
        "/api/audit/entries?offset=100000000000000000000",
        "/api/audit/entries?limit=100000000000000000000",
        f"/api/network/organisations/{2**63}",
        f"/api/occupations/{10**40}",
    ],
)
def test_out_of_range_numbers_are_refused_with_422(world, client, path):
    client.force_login(world.users["platform_admin"])
    response = client.get(path)
    assert response.status_code == 422, response.content


def test_the_largest_id_is_simply_not_found(world, client):
    client.force_login(world.users["platform_admin"])
    assert client.get(f"/api/network/organisations/{2**63 - 1}").status_code == 404
    listed = client.get("/api/network/organisations", {"network": 2**63 - 1, "offset": 10**9})
    assert listed.status_code == 200 and listed.json()["items"] == []


def test_openapi_document_is_served(db, client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert json.loads(current_schema()) == response.json()


def test_committed_openapi_document_matches_the_api(db):
    committed = REPOSITORY / "openapi.json"
    if not committed.exists():
        pytest.fail("openapi.json is missing: run `lotse openapi` and commit it")
    call_command("openapi", "--check", "--path", str(committed))
