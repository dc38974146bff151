"""The chat widget on the demo intranet page, in a real (headless) browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bot.channels.reflect_web import widget_config
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.served]
TIMEOUT = 60_000


def open_widget(page: Page, demo_url: str) -> None:
    page.goto(demo_url)
    page.get_by_role("button", name="Reflect").click()
    expect(page.locator(".rw-bot").first).to_contain_text("I'm Reflect", timeout=TIMEOUT)


def say(page: Page, text: str) -> None:
    page.get_by_label("Your message to Reflect").fill(text)
    page.get_by_label("Your message to Reflect").press("Enter")


def test_a_situation_gives_a_theme_card_and_a_question(page: Page, demo_url: str) -> None:
    open_widget(page, demo_url)
    expect(page.locator(".rw-notice")).to_contain_text("don't enter names")
    # The safety line is the server's, from safety.yml (widget/config.json), not the script's.
    expect(page.locator(".rw-notice .rw-safety-line")).to_have_text(
        widget_config()["safety_notice"]
    )
    expect(page.locator(".rw-notice")).to_contain_text("call 999")
    assert page.locator(".rw-root").get_attribute("data-transport") == "socket"
    say(page, "mum keeps promising she'll change but every review it's the same story")
    card = page.locator(".rw-kind-key_message").first
    expect(card).to_contain_text("Key message", timeout=TIMEOUT)
    expect(card).to_contain_text("Professional Over-Optimism")
    expect(card.locator(".rw-card-foot")).to_contain_text("Case 3")
    question = page.locator(".rw-kind-reflective_question").last
    expect(question).to_contain_text("?", timeout=TIMEOUT)

    question.get_by_role("button", name="No", exact=True).click()  # a button sends its payload
    expect(page.locator(".rw-user").last).to_have_text("You said: No")
    expect(page.locator(".rw-bot", has_text="next step")).to_have_count(1, timeout=TIMEOUT)

    said = page.locator(".rw-user").all_inner_texts()
    page.reload()  # the conversation survives a reload, restored from the server
    expect(page.locator(".rw-kind-key_message").first).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".rw-user")).to_have_count(len(said), timeout=TIMEOUT)
    assert page.locator(".rw-user").all_inner_texts() == said
    expect(page.locator(".rw-kind-reflective_question")).to_have_count(2)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget.png"), full_page=True)


def test_a_script_in_a_message_shows_as_text(page: Page, demo_url: str) -> None:
    open_widget(page, demo_url)
    payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>**bold**'
    say(page, payload)
    expect(page.locator(".rw-user").last).to_contain_text('<img src=x onerror="window.__xss=1">')
    expect(page.locator(".rw-bot").nth(1)).to_be_visible(timeout=TIMEOUT)
    assert page.evaluate("window.__xss") is None
    assert page.locator(".rw-log img, .rw-log script").count() == 0


def test_the_widget_works_by_keyboard_alone(page: Page, demo_url: str) -> None:
    page.goto(demo_url)
    for _ in range(10):  # tab until the launcher, in the widget's shadow root, has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.shadowRoot?.activeElement?.className") == (
            "rw-launcher"
        ):
            break
    page.keyboard.press("Enter")
    expect(page.locator("#rw-input")).to_be_focused()
    expect(page.locator(".rw-bot").first).to_contain_text("I'm Reflect", timeout=TIMEOUT)
    page.keyboard.type("what themes are there?")
    page.keyboard.press("Enter")
    expect(page.locator(".rw-bot", has_text="Information Sharing")).to_have_count(
        1, timeout=TIMEOUT
    )
    page.keyboard.press("Escape")
    expect(page.locator(".rw-panel")).to_be_hidden()
    expect(page.locator(".rw-launcher")).to_be_focused()


def test_it_is_labelled_and_announces_new_messages(page: Page, demo_url: str) -> None:
    open_widget(page, demo_url)
    log = page.locator(".rw-log")
    assert log.get_attribute("aria-live") == "polite" and log.get_attribute("role") == "log"
    assert page.locator(".rw-panel").get_attribute("aria-label") == "Reflect chat"
    assert page.get_by_role("button", name="Close chat").count() == 1
    assert page.get_by_role("button", name="Send").count() == 1


def test_it_fits_a_320_pixel_screen(browser, demo_url: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    open_widget(page, demo_url)
    box = page.locator(".rw-panel").bounding_box()
    assert box["width"] <= 320 and box["x"] >= 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_without_its_config_the_notice_keeps_a_neutral_line(page: Page, demo_url: str) -> None:
    page.route("**/widget/config.json", lambda route: route.abort())
    open_widget(page, demo_url)
    expect(page.locator(".rw-notice .rw-safety-line")).to_have_text(
        "Reflect is not a referral route."
    )
    assert "999" not in page.locator(".rw-notice").inner_text()


def test_it_falls_back_to_rest_without_socketio(page: Page, demo_url: str) -> None:
    page.route("**/socket.io.min.js", lambda route: route.abort())
    open_widget(page, demo_url)
    assert page.locator(".rw-root").get_attribute("data-transport") == "rest"
    say(page, "where is the escalation policy?")
    expect(page.locator(".rw-kind-resource")).to_contain_text("Escalation Policy", timeout=TIMEOUT)


def test_signposts_have_tappable_links_and_summaries_download(page: Page, demo_url: str) -> None:
    open_widget(page, demo_url)
    say(page, "how do I refer a teenager to the substance misuse service")
    resource = page.locator(".rw-kind-resource").last
    expect(resource.locator('a[href^="tel:"]')).to_have_attribute(
        "href", "tel:02083567377", timeout=TIMEOUT
    )
    expect(resource.locator('a[href^="mailto:"]')).to_have_attribute(
        "href", "mailto:yhsms@hackney.gov.uk"
    )
    say(page, "summarise")
    download = page.locator(".rw-kind-summary .rw-download")
    expect(download).to_have_text("Download as Markdown", timeout=TIMEOUT)
    with page.expect_download() as info:
        download.click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "# Reflect: session summary" in text and "Substance Misuse Service" in text
