"""Every demo role logs in through the real login page in headless Chromium, in German and in
Arabic, and its dashboard is photographed (test-output/screenshots/)."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail

from lotse.core.demo import load_demo
from lotse.permissions import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = {"de": ("ltr", "Übersicht"), "ar": ("rtl", "لوحة المعلومات")}


def external_requests(page, base_url):
    host = urlparse(base_url).hostname
    seen = []
    page.on(
        "request",
        lambda request: (
            seen.append(request.url)
            if urlparse(request.url).hostname not in {host, None}
            and not request.url.startswith("data:")
            else None
        ),
    )
    return seen


def console_problems(page):
    """Console errors such as blocked resources or Content-Security-Policy violations."""
    problems = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def switch_language(page, language):
    page.select_option("#language-select", language)
    page.locator(".language-switch button[type=submit]").click()
    page.wait_for_load_state()


def log_in(page, email, password):
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_role_logs_in_and_sees_its_dashboard(
    browser, live_server, screenshots, axe, language
):
    demo = load_demo()
    direction, dashboard_word = LANGUAGES[language]
    seen_roles = set()
    for login in demo.logins:
        # bypass_csp only lets the test inject axe-core; the app's own pages never need it.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page = context.new_page()
        outside = external_requests(page, live_server.url)
        problems = console_problems(page)
        page.goto(f"{live_server.url}/accounts/login/")
        switch_language(page, language)
        assert page.locator("html").get_attribute("dir") == direction
        assert axe(page) == [], "login page"
        log_in(page, login.email, demo.password)
        assert page.url.endswith("/dashboard/"), page.url
        assert page.locator("html").get_attribute("lang") == language
        assert dashboard_word in page.content()
        assert page.locator("h1").inner_text().strip()
        page.screenshot(
            path=screenshots / f"dashboard-{login.role.value}-{language}.png", full_page=True
        )
        assert axe(page) == [], f"dashboard of {login.role.value}"
        assert outside == [], f"requests left the app: {outside}"
        assert problems == [], problems
        seen_roles.add(login.role)
        context.close()
    assert seen_roles == set(Role)


def test_phone_layout_in_arabic_and_keyboard_skip_link(browser, live_server, screenshots, axe):
    demo = load_demo()
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, bypass_csp=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    switch_language(page, "ar")
    page.screenshot(path=screenshots / "login-ar-phone.png", full_page=True)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    log_in(page, "koordination@nq-netz-mv.example", demo.password)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page is wider than the phone: {width}px"
    page.screenshot(path=screenshots / "dashboard-network_coordinator-ar-phone.png", full_page=True)
    assert axe(page) == []
    context.close()


def test_audit_log_filters_without_reload(browser, live_server, screenshots):
    demo = load_demo()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    problems = console_problems(page)
    log_in(page, "admin@lotse.example", demo.password)
    for path in (
        "/admin/",
        "/admin/network/organisation/",
        "/admin/accounts/user/1/change/",
        "/accounts/2fa/",
        "/accounts/password/change/",
    ):
        page.goto(live_server.url + path)
        assert page.locator("h1").count(), path
    page.goto(f"{live_server.url}/audit/")
    page.select_option("#id_action", "login")
    page.wait_for_url("**/audit/?*action=login*")
    rows = page.locator("#audit-results tbody tr")
    assert rows.count() >= 1
    texts = [rows.nth(i).inner_text() for i in range(rows.count())]
    assert all("angemeldet" in text for text in texts), texts
    page.screenshot(path=screenshots / "audit-log-de.png", full_page=True)
    assert problems == [], problems
    context.close()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_organisation_admin_gives_a_role_in_the_browser(
    browser, live_server, screenshots, axe, language
):
    demo = load_demo()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    switch_language(page, language)
    log_in(page, "leitung@afz-rostock.example", demo.password)
    page.goto(f"{live_server.url}/people/")
    page.fill("#id_email", f"neu-{language}@example.org")
    roles = page.locator("#id_role option").evaluate_all("options => options.map(o => o.value)")
    assert "network_coordinator" not in roles and "platform_admin" not in roles
    page.fill("#id_full_name", "Yusuf Karimi")
    page.fill("#id_email", "kein-e-mail")
    page.locator("main form.stack button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".field-error").count() == 1
    assert page.input_value("#id_full_name") == "Yusuf Karimi"
    page.screenshot(path=screenshots / f"people-refused-{language}.png", full_page=True)
    assert axe(page) == []
    page.fill("#id_email", f"neu-{language}@example.org")
    page.select_option("#id_role", "counsellor")
    page.locator("main form.stack button[type=submit]").click()
    page.wait_for_load_state()
    invitations = page.locator("section[aria-labelledby=invitations-heading] table")
    assert "Yusuf Karimi" in invitations.inner_text()
    page.screenshot(path=screenshots / f"people-{language}.png", full_page=True)
    context.close()

    # The invited person opens the link from the e-mail on a phone and accepts.
    link = re.search(r"http://\S+/people/invitations/\S+/", mail.outbox[-1].body).group(0)
    phone = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, bypass_csp=True
    )
    page = phone.new_page()
    page.goto(live_server.url + urlparse(link).path)
    switch_language(page, language)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=screenshots / f"invitation-{language}-phone.png", full_page=True)
    assert axe(page) == []
    page.fill("#id_password1", "Ein-neues-Passwort-2026")
    page.fill("#id_password2", "Ein-neues-Passwort-2026")
    page.locator("button[value=accept]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/accounts/login/")
    log_in(page, f"neu-{language}@example.org", "Ein-neues-Passwort-2026")
    assert page.url.endswith("/dashboard/"), page.url
    phone.close()
