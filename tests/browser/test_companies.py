"""The business liaison's pipeline board in headless Chromium: the demo companies by stage, a
company opened and moved on, in German on a desktop and in Arabic on a phone (axe, screenshots)."""

import pytest

from lotse.companies import demo as companies_demo
from lotse.companies.models import Company, Opening, Proposal
from lotse.core.demo import load_demo
from tests.browser.test_dashboards import log_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"de": {"width": 1280, "height": 900}, "ar": {"width": 390, "height": 844}}


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_liaison_works_the_board(browser, live_server, screenshots, axe, language):
    demo = load_demo()
    context, page = _logged_in(
        browser, live_server, demo, "betriebe@bqn-emscher-lippe.example", language
    )
    page.goto(f"{live_server.url}/companies/board/")
    assert page.locator(".board-column").count() == 7
    assert page.locator(".board-card").count() == len(companies_demo.COMPANIES) + 1  # + portal
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


def _logged_in(browser, live_server, demo, email, language, bypass_csp=True):
    context = browser.new_context(
        viewport=VIEWPORTS[language], is_mobile=language == "ar", bypass_csp=bypass_csp
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    if language == "ar":
        switch_language(page, "ar")
    log_in(page, email, demo.password)
    return context, page


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_insight_charts_draw_under_the_pages_csp(browser, live_server, screenshots, language):
    demo = load_demo()
    context, page = _logged_in(
        browser, live_server, demo, "betriebe@bqn-emscher-lippe.example", language, False
    )
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"{live_server.url}/companies/insight/")
    page.wait_for_selector(".chart-canvas svg")
    page.wait_for_load_state("networkidle")
    drawn = page.locator(".chart-canvas svg").count()
    assert drawn == page.locator(".chart-canvas").count() >= 5
    assert errors == []  # no CSP violation: the interpreter evaluates, nothing is eval'd
    page.locator("details.chart-table summary").first.click()
    assert page.locator("details.chart-table[open] td").count() > 0
    page.screenshot(path=screenshots / f"companies-insight-{language}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[language]["width"], f"wider than the screen: {width}px"
    context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_proposal_goes_from_the_liaison_to_the_company(
    browser, live_server, screenshots, axe, language
):
    demo = load_demo()
    opening = Opening.objects.get(company__portal__isnull=False)
    url = f"{live_server.url}/companies/openings/{opening.pk}/"
    context, page = _logged_in(
        browser, live_server, demo, "betriebe@bqn-emscher-lippe.example", language
    )
    page.goto(url)
    before = Proposal.objects.filter(opening=opening).count()
    page.locator("form:has(input[value=propose]) button").first.click()
    page.wait_for_load_state()
    assert Proposal.objects.filter(opening=opening).count() == before + 1
    assert axe(page) == [], "opening page (liaison)"
    context.close()

    context, page = _logged_in(
        browser, live_server, demo, "ausbildung@baeckerei-yilmaz.example", language
    )
    page.goto(f"{live_server.url}/companies/portal/")
    assert axe(page) == [], "portal"
    page.screenshot(path=screenshots / f"companies-portal-{language}.png", full_page=True)
    page.goto(url)
    assert page.locator("input[value=propose]").count() == 0  # only the liaisons search
    newest = Proposal.objects.filter(opening=opening).order_by("-pk").first()
    feedback = page.locator(f"article:has(input[name=proposal][value='{newest.pk}'])")
    feedback.locator("summary").click()
    feedback.locator("select[name=status]").select_option("interview")
    feedback.locator("button[type=submit]").click()
    page.wait_for_load_state()
    newest.refresh_from_db()
    assert newest.status == "interview"
    assert axe(page) == [], "opening page (company)"
    page.screenshot(path=screenshots / f"companies-opening-{language}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[language]["width"], f"wider than the screen: {width}px"
    context.close()
