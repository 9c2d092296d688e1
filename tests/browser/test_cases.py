"""A counsellor works a case in headless Chromium: opens it, records a session with a next step,
adds a language and a consent, in German on a desktop and in Arabic on a phone; every page passes
axe and is photographed (test-output/screenshots/)."""

import pytest

from lotse.core.demo import load_demo
from lotse.participants.models import Consent, CounsellingSession, LanguageSkill, Participant
from tests.browser.test_dashboards import (
    console_problems,
    external_requests,
    log_in,
    switch_language,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"de": {"width": 1280, "height": 900}, "ar": {"width": 390, "height": 844}}


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_counsellor_opens_and_works_a_case(browser, live_server, screenshots, axe, language):
    demo = load_demo()
    context = browser.new_context(
        viewport=VIEWPORTS[language], is_mobile=language == "ar", bypass_csp=True
    )
    page = context.new_page()
    problems = console_problems(page)
    outside = external_requests(page, live_server.url)
    page.goto(f"{live_server.url}/accounts/login/")
    if language == "ar":
        switch_language(page, "ar")
    log_in(page, "beratung@saz-schwerin.example", demo.password)
    page.goto(f"{live_server.url}/cases/new/")
    page.fill("#id_given_names", "يوسف")
    page.fill("#id_family_names", "المصري")
    page.fill("#id_given_names_latin", "Youssef")
    page.fill("#id_family_names_latin", "Al-Masri")
    page.fill("#id_date_of_birth", "1994-06-02")
    page.fill("#id_postcode", "19053")
    page.select_option("#id_preferred_language", "ar")
    assert axe(page) == [], "open a case"
    page.locator("main form button.primary").click()
    page.wait_for_url("**/cases/*/")
    participant = Participant.objects.get(family_names="المصري")
    assert participant.district == "Schwerin"
    page.screenshot(path=screenshots / f"case-overview-{language}.png", full_page=True)
    assert axe(page) == [], "case overview"
    if language == "ar":
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS["ar"]["width"], f"wider than the phone: {width}px"

    # Tabs load in place (htmx) and keep their own address.
    page.locator(".tabs a").nth(2).click()
    page.wait_for_url("**tab=sessions")
    page.fill("#id_notes", "Zeugnisse besprochen")
    page.fill("#id_next_step", "Übersetzung beauftragen")
    page.fill("#id_next_step_due_on", "2099-01-15")
    page.locator("#new-session-heading ~ form button.primary").click()
    page.wait_for_url("**tab=sessions")
    assert CounsellingSession.objects.filter(participant=participant).count() == 1
    page.screenshot(path=screenshots / f"case-sessions-{language}.png", full_page=True)
    assert axe(page) == [], "sessions"

    page.goto(page.url.split("?")[0] + "?tab=profile")
    page.locator("#languages-heading ~ details summary").click()
    page.select_option("#id_languages-language", "de")
    page.select_option("#id_languages-level", "B1")
    page.locator("#languages-heading ~ details form button").click()
    page.wait_for_url("**tab=profile")
    assert LanguageSkill.objects.filter(participant=participant, level="B1").exists()
    page.screenshot(path=screenshots / f"case-profile-{language}.png", full_page=True)
    assert axe(page) == [], "profile"

    page.goto(page.url.split("?")[0] + "?tab=consents")
    page.select_option("#id_purpose", "matching")
    page.select_option("#id_text_language", "ar")
    page.check("#id_confirmed")
    page.locator("#new-consent-heading ~ form button.primary").click()
    page.wait_for_url("**tab=consents")
    assert Consent.objects.filter(participant=participant, purpose="matching").exists()
    page.screenshot(path=screenshots / f"case-consents-{language}.png", full_page=True)
    assert axe(page) == [], "consents"

    page.goto(f"{live_server.url}/cases/")
    page.fill("#caseload-q", "Yusuf")  # another spelling finds the case
    page.wait_for_selector(f"#caseload-results a[href='/cases/{participant.pk}/']")
    page.screenshot(path=screenshots / f"caseload-{language}.png", full_page=True)
    assert axe(page) == [], "caseload"
    assert problems == [] and outside == []
    context.close()
