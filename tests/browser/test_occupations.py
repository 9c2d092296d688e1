"""The public occupation search as a migrant would use it: typing, keyboard only, Arabic."""

import pytest

from lotse.occupations import search
from lotse.occupations.esco_files import read_esco
from lotse.occupations.services import import_esco, load_reference_catalogue
from lotse.permissions import SYSTEM
from tests.occupations.esco_fixtures import esco_download, polish_labels

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_catalogue(transactional_db, tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    import_esco(actor=SYSTEM, data=read_esco([esco_download(tmp_path), polish_labels(tmp_path)]))
    search.build_index()


@pytest.mark.parametrize(("language", "direction"), [("de", "ltr"), ("ar", "rtl")])
def test_search_by_typing_and_open_a_result_with_the_keyboard(
    browser, live_server, screenshots, axe, live_catalogue, language, direction
):
    context = browser.new_context(viewport={"width": 1100, "height": 800}, bypass_csp=True)
    context.add_cookies([{"name": "lotse_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/occupations/")
    assert page.locator("html").get_attribute("dir") == direction
    page.locator("#id_q").press_sequentially("spawacz", delay=30)
    page.wait_for_selector("ol.results a")
    page.wait_for_load_state("networkidle")  # the answers to earlier keystrokes are in
    assert (
        "Schweißer" in page.locator("ol.results").inner_text()
        or "welder" in page.locator("ol.results").inner_text()
    )
    page.screenshot(path=screenshots / f"occupation-search-{language}.png", full_page=True)
    assert axe(page) == []
    first_result = page.locator("ol.results a").first
    first_result.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/occupations/*/")
    assert "ESCO classification of the European Commission" in page.content()
    page.screenshot(path=screenshots / f"occupation-page-{language}.png", full_page=True)
    assert axe(page) == []
    context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_long_titles_fit_a_phone_screen(
    browser, live_server, screenshots, live_catalogue, language
):
    load_reference_catalogue(actor=SYSTEM)  # "Sozialversicherungsfachangestellte/-r" and the like
    search.build_index()
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_cookies([{"name": "lotse_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/occupations/?q=Sozialversicherungsfachangestellter")
    assert "Sozialversicherungsfachangestellte" in page.locator("ol.results").inner_text()
    page.screenshot(path=screenshots / f"occupation-search-phone-{language}.png", full_page=True)
    width, visible = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= visible  # nothing to scroll sideways
    context.close()
