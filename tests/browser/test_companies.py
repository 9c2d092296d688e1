"""The business liaison's pipeline board in headless Chromium: the demo companies by stage, a
company opened and moved on, in German on a desktop and in Arabic on a phone (axe, screenshots)."""

import pytest

from lotse.companies.models import Company
from lotse.core.demo import load_demo
from tests.browser.test_dashboards import log_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"de": {"width": 1280, "height": 900}, "ar": {"width": 390, "height": 844}}


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_liaison_works_the_board(browser, live_server, screenshots, axe, language):
    demo = load_demo()
    context = browser.new_context(
        viewport=VIEWPORTS[language], is_mobile=language == "ar", bypass_csp=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    if language == "ar":
        switch_language(page, "ar")
    log_in(page, "betriebe@bqn-emscher-lippe.example", demo.password)
    page.goto(f"{live_server.url}/companies/board/")
    assert page.locator(".board-column").count() == 7
    assert page.locator(".board-card").count() == 10
    page.screenshot(path=screenshots / f"companies-board-{language}.png", full_page=True)
    assert axe(page) == [], "board"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[language]["width"], f"wider than the screen: {width}px"
    page.get_by_role("link", name="Logistik Emscher KG (Beispiel)").click()
    page.wait_for_url("**/companies/*/")
    page.select_option("#id_stage", "contacted")
    page.locator("form:has(#id_stage) button[type=submit]").click()
    page.wait_for_url("**/companies/*/")
    assert Company.objects.get(name="Logistik Emscher KG (Beispiel)").stage == "contacted"
    page.screenshot(path=screenshots / f"companies-detail-{language}.png", full_page=True)
    assert axe(page) == [], "company page"
    context.close()
