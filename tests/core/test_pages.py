import pytest
from django.apps import apps
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from lotse.accounts.roles import Role
from lotse.core.demo import load_demo


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_role_lands_on_its_own_dashboard(world, client, role):
    client.force_login(world.role_user(role))
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert f"core/dashboard/{role.value}.html" in [t.name for t in response.templates]


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
def test_health_endpoints_need_no_login(db, client):
    assert client.get("/healthz").status_code == 200


def test_pages_forbid_loading_anything_from_elsewhere(db, client):
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
