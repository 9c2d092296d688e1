import pytest
from django.apps import apps
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from lotse.core.demo import load_demo
from lotse.permissions import Role
from tests.factories import MembershipFactory

EVERYONE = {"network-directory", "accounts-account", "audit-my_activity"}
ADMINISTERING = EVERYONE | {"accounts-people", "audit-latest_changes"}
DAILY_WORK = EVERYONE | {"accounts-colleagues"}
COMPANY_WORK = {"companies-next_contacts", "companies-open_requests"}
CASES = {
    "participants-next_steps",
    "participants-caseload",
    "participants-referrals",
    "recognition-deadlines",
}
PANELS = {
    Role.PLATFORM_ADMIN: ADMINISTERING,
    Role.NETWORK_COORDINATOR: ADMINISTERING
    | {"network-partners", "participants-referrals", "participants-network_counts"},
    Role.ORGANISATION_ADMIN: ADMINISTERING | CASES | COMPANY_WORK,
    Role.COUNSELLOR: DAILY_WORK | CASES,
    Role.BUSINESS_LIAISON: DAILY_WORK | COMPANY_WORK,
    Role.RESEARCHER: DAILY_WORK,
    Role.MULTIPLIER: DAILY_WORK,
    Role.COMPANY_USER: DAILY_WORK,
}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_role_sees_the_panels_it_may_see(db, client, role):
    membership = MembershipFactory(role=role)
    client.force_login(membership.user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert {panel.key for panel in response.context["panels"]} == PANELS[role]
    assert f"<h1>{role.label}</h1>" in response.content.decode()


def test_the_menu_shows_what_the_role_may_open(world, client):
    client.force_login(world.users["counsellor"])
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("occupations:search") in page
    assert reverse("accounts:people") not in page and reverse("audit:list") not in page
    client.force_login(world.users["organisation_admin"])
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("accounts:people") in page and reverse("audit:list") in page


def test_a_user_without_role_is_told_so(world, client):
    client.force_login(world.users["nobody"])
    response = client.get(reverse("dashboard"))
    assert "core/dashboard/no_role.html" in [t.name for t in response.templates]


def test_dashboard_requires_login(db, client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("account_login") in response.url


@pytest.mark.parametrize(
    ("language", "direction", "phrase"),
    [
        ("de", "ltr", "Anmelden"),
        ("en", "ltr", "Log in"),
        ("ar", "rtl", "تسجيل الدخول"),
        ("tr", "ltr", "Giriş yap"),
        ("uk", "ltr", "Увійти"),
        ("ru", "ltr", "Войти"),
    ],
)
def test_language_switch_sets_language_and_direction(db, client, language, direction, phrase):
    response = client.post(
        reverse("set_language"), {"language": language, "next": "/accounts/login/"}
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert phrase in page


def test_german_is_the_default(db, client):
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="de" dir="ltr">' in page


def test_public_home_lists_networks_and_partners(db, client):
    load_demo()
    page = client.get(reverse("home")).content.decode()
    assert "NQ-Netz-MV" in page and "BQN Emscher-Lippe" in page
    assert "Schweriner Ausbildungszentrum e.V." in page and "amoN" in page


def test_no_asset_comes_from_elsewhere(db, client):
    page = client.get(reverse("account_login")).content.decode()
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page and "//cdn" not in page


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for model in apps.get_models():
            table = model._meta.db_table
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608  table names are ours
            counts[table] = cursor.fetchone()[0]
        return counts


def test_demo_loader_is_idempotent(db):
    first = load_demo()
    assert first.written > 0
    before = table_counts()
    second = load_demo()
    assert second.written == 0
    assert table_counts() == before
    roles = {login.role for login in second.logins}
    assert roles == set(Role)


def test_demo_users_can_log_in(db, client):
    result = load_demo()
    login = result.logins[0]
    response = client.post(
        reverse("account_login"), {"login": login.email, "password": result.password}
    )
    assert response.status_code == 302


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_checks_database_and_migrations(db, client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["status"] == "ready"


def test_readyz_reports_pending_migrations(db, client, monkeypatch):
    monkeypatch.setattr("lotse.core.health.pending_migrations", lambda: 3)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["pending_migrations"] == 3


@override_settings(LOTSE_REQUIRE_MFA=True)
def test_health_endpoints_answer_a_user_without_mfa_whom_pages_send_to_set_it_up(world, client):
    client.force_login(world.users["counsellor"])
    assert client.get(reverse("dashboard")).url == reverse("mfa_activate_totp")
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_staff_search_finds_people_within_reach_only(world, client):
    client.force_login(world.users["organisation_admin"])
    inside, outside = world.users["counsellor"], world.users["counsellor@B1"]
    page = client.get(reverse("search"), {"q": "Person"}).content.decode()
    assert inside.full_name in page and outside.full_name not in page
    assert client.get(reverse("search"), {"q": "x" * 201}).status_code == 400


def test_huge_ids_in_addresses_answer_404(world, client):
    client.force_login(world.users["platform_admin"])
    for path in ("/people/users/99999999999999999999/", f"/people/users/{2**63}/"):
        assert client.get(path).status_code == 404
    assert client.get(f"/people/users/{2**63 - 1}/").status_code == 404


def test_pages_forbid_loading_anything_from_elsewhere(db, client):
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
