import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from lotse.core.middleware import LAST_SEEN, STARTED
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(client, user, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def reauthenticate(client):
    """allauth asks for the password again before MFA settings change (ASVS V7.5.1)."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def test_login_with_mfa_asks_for_the_code_and_then_lands_on_the_dashboard(world, client):
    user = world.users["counsellor"]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = log_in(client, user)
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert client.get(reverse("dashboard")).status_code == 302  # not logged in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_wrong_password_is_refused_with_a_message(world, client):
    response = log_in(client, world.users["counsellor"], password="falsch")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get(reverse("dashboard")).status_code == 302


def test_failed_logins_are_rate_limited_per_client_and_address(world, client):
    user = world.users["counsellor"]
    for _ in range(5):
        log_in(client, user, password="falsch")
    response = log_in(client, user)  # even the right password is refused for now
    assert response.status_code == 200
    assert client.get(reverse("dashboard")).status_code == 302
    # The owner, from their own computer, is not locked out by a stranger's attempts.
    owner = Client(REMOTE_ADDR="192.0.2.10")
    assert log_in(owner, user).status_code == 302
    assert owner.get(reverse("dashboard")).status_code == 200


def test_the_technical_admin_has_no_login_of_its_own(world, client):
    """/admin/login/ hands over to the one login, with its second factor and rate limits."""
    admin = world.users["platform_admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    TOTP.activate(admin, generate_totp_secret())
    response = client.post(
        "/admin/login/?next=/admin/", {"username": admin.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert client.get("/admin/").status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302
    assert client.get("/api/accounts/me").status_code == 401
    # Through the one login the code is asked before any session exists.
    assert log_in(client, admin).url == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302


def test_wrong_passwords_on_the_admin_address_are_rate_limited_too(world, client):
    admin = world.users["platform_admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    for _ in range(30):
        client.post("/admin/login/", {"username": admin.email, "password": "falsch"})
    client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302
    for _ in range(5):
        log_in(client, admin, password="falsch")
    assert log_in(client, admin).status_code == 200  # refused for now


@override_settings(LOTSE_REQUIRE_MFA=True)
def test_production_requires_mfa_setup_before_anything_else(world, client):
    user = world.users["counsellor"]
    log_in(client, user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code == 302  # password first
    reauthenticate(client)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    TOTP.activate(user, generate_totp_secret())
    assert client.get(reverse("dashboard")).status_code == 200


def test_mfa_setup_page_offers_totp_and_recovery_codes(world, client):
    user = world.users["counsellor"]
    log_in(client, user)
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200 and b"svg" in page.content  # the QR code is inline
    TOTP.activate(user, generate_totp_secret())
    assert client.get(reverse("mfa_generate_recovery_codes")).status_code == 200
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@override_settings(LOTSE_SESSION_IDLE_SECONDS=60, LOTSE_SESSION_ABSOLUTE_SECONDS=3600)
def test_session_expires_after_idle_time(world, client):
    client.force_login(world.users["counsellor"])
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    session[LAST_SEEN] = time.time() - 120
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("account_login") in response.url
    assert client.get(reverse("dashboard")).status_code == 302


@override_settings(LOTSE_SESSION_IDLE_SECONDS=600, LOTSE_SESSION_ABSOLUTE_SECONDS=3600)
def test_session_expires_after_its_absolute_lifetime_even_when_active(world, client):
    client.force_login(world.users["counsellor"])
    client.get(reverse("dashboard"))
    session = client.session
    session[STARTED] = time.time() - 3700
    session.save()
    assert client.get(reverse("dashboard")).status_code == 302


def test_password_reset_sends_an_email(world, client):
    user = world.users["counsellor"]
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]


def test_nobody_can_sign_up(db, client):
    response = client.get(reverse("account_signup"))
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    client.post(
        reverse("account_signup"),
        {"email": "x@example.org", "password1": "Abc-123456789x", "password2": "Abc-123456789x"},
    )
    from lotse.accounts.models import User

    assert not User.objects.filter(email="x@example.org").exists()
