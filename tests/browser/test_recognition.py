"""The recognition navigator as a person asks it: typing the occupation, choosing the country,
the place; in German and Arabic, on a desktop and a phone; with an accessibility check."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lotse.core.demo import load_demo
from lotse.occupations.models import Occupation
from lotse.participants import services as cases
from lotse.participants.models import Participant, Qualification
from lotse.permissions import SYSTEM
from tests.browser.test_dashboards import log_in, switch_language
from tests.browser.test_occupations import live_catalogue as live_catalogue  # the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("language", "direction", "width"),
    [("de", "ltr", 1100), ("ar", "rtl", 1100), ("ar", "rtl", 390)],
)
def test_ask_the_navigator_and_read_the_answer(
    browser, live_server, screenshots, axe, live_catalogue, language, direction, width
):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    context.add_cookies([{"name": "lotse_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/recognition/")
    assert page.locator("html").get_attribute("dir") == direction
    page.locator("#id_occupation").press_sequentially("Krankenschwester", delay=20)
    page.wait_for_selector(".picker-options [role=option]")
    page.wait_for_load_state("networkidle")  # the answers to earlier keystrokes are in
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.select_option("#id_country", "SY")
    page.fill("#id_place", "45879")
    page.locator("form.navigator-form button[type=submit]").click()
    page.wait_for_selector("article.candidate")
    answer = page.locator("article.candidate").first.inner_text()
    assert "Münster" in answer and "B2" in answer
    suffix = "phone" if width < 500 else "desktop"
    page.screenshot(path=screenshots / f"recognition-{language}-{suffix}.png", full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, "the answer fits the screen without sideways scrolling"
    assert axe(page) == []
    link = page.locator("a[href*='answer.pdf']").get_attribute("href")
    pdf = page.request.get(live_server.url + link)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    context.close()


def test_a_wrong_postcode_is_named_and_nothing_typed_is_lost(browser, live_server, live_catalogue):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(
        f"{live_server.url}/recognition/?occupation=&occupation__text=Koch&country=SY&place=99999"
    )
    error = page.locator(".field-error").first.inner_text()
    assert "99999" in error
    assert page.locator("#id_occupation").input_value() == "Koch"
    assert page.locator("#id_country").input_value() == "SY"
    assert page.locator("#id_place").input_value() == "99999"
    context.close()


STAFF_VIEWPORTS = {"de": {"width": 1280, "height": 900}, "ar": {"width": 390, "height": 844}}


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_counsellor_follows_a_recognition_procedure(
    browser, live_server, screenshots, axe, language
):
    demo = load_demo()
    participant = (
        Participant.objects.filter(organisation__slug="saz-schwerin").order_by("pk").first()
    )
    qualification = cases.save_record(
        actor=SYSTEM,
        record=Qualification(participant=participant),
        values={"kind": "vocational", "title_as_written": "Nursing diploma", "country": "SY"},
        relations={"occupations": [Occupation.objects.get(key="de:regulated:pflegefachmann")]},
    )
    context = browser.new_context(
        viewport=STAFF_VIEWPORTS[language], is_mobile=language == "ar", bypass_csp=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    if language == "ar":
        switch_language(page, "ar")
    log_in(page, "beratung@saz-schwerin.example", demo.password)
    # The qualification to recognise: a link each (the chosen one is marked, not linked).
    page.goto(
        f"{live_server.url}/recognition/cases/{participant.pk}/?qualification={qualification.pk}"
    )
    assert page.locator("strong[aria-current]").inner_text() == "Nursing diploma"
    submitted = timezone.localdate() - timedelta(days=20)
    assert page.locator("#id_qualification").input_value() == str(qualification.pk)
    assert page.locator("#id_authority_key").input_value() == "lagus-mv"
    page.fill("#id_submitted_on", submitted.isoformat())
    assert axe(page) == [], "open a procedure"
    page.locator("main form button.primary").click()
    page.wait_for_url("**/recognition/procedures/*/")
    assert page.locator(".deadline-due_soon").count() == 1  # receipt due in about ten days
    page.screenshot(path=screenshots / f"recognition-procedure-{language}.png", full_page=True)
    assert axe(page) == [], "procedure"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= STAFF_VIEWPORTS[language]["width"], f"wider than the screen: {width}px"
    page.goto(f"{live_server.url}/dashboard/")
    assert page.locator("a[href*='/recognition/procedures/']").count() >= 1
    context.close()
