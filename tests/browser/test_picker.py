"""Choosing an occupation in a form with the keyboard only, in German and in Arabic."""

import re

import pytest
from playwright.sync_api import expect

from lotse.occupations import search

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.browser.picker_urls"),
]


@pytest.mark.parametrize(
    ("language", "direction", "typed", "expected"),
    [
        ("de", "ltr", "Köchin", "de:training:koch"),
        ("ar", "rtl", "ممرضة", "de:regulated:pflegefachmann"),
    ],
)
def test_type_choose_with_arrow_keys_and_submit(
    browser, live_server, screenshots, axe, settings, tmp_path, language, direction, typed, expected
):
    settings.DATA_DIR = tmp_path
    search.build_index()
    context = browser.new_context(viewport={"width": 390, "height": 800}, bypass_csp=True)
    context.add_cookies([{"name": "lotse_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/picker/")
    assert page.locator("html").get_attribute("dir") == direction
    combobox = page.get_by_role("combobox", name="Occupation")
    combobox.press_sequentially(typed, delay=30)
    page.wait_for_selector("[role=listbox]:not([hidden]) [role=option]")
    # The answers to the earlier keystrokes may still arrive and redraw the list: wait for all.
    page.wait_for_load_state("networkidle")
    assert combobox.get_attribute("aria-expanded") == "true"
    combobox.press("ArrowDown")
    expect(combobox).to_have_attribute("aria-activedescendant", re.compile(".+"))
    active = combobox.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    page.screenshot(path=screenshots / f"occupation-picker-{language}.png", full_page=True)
    assert axe(page) == []
    combobox.press("Enter")
    assert combobox.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the focused Save button
    page.wait_for_selector("#chosen")
    assert page.locator("#chosen").inner_text() == expected
    context.close()


def test_text_that_was_not_chosen_gets_a_clear_message(browser, live_server, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    search.build_index()
    context = browser.new_context(bypass_csp=True)
    context.add_cookies([{"name": "lotse_language", "value": "de", "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/picker/")
    page.get_by_role("combobox", name="Occupation").fill("Koch")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".errorlist")
    assert "aus den Vorschlägen" in page.locator(".errorlist").inner_text()
    context.close()
