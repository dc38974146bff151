"""The widget on a real intranet: the acceptance tests, each on a plain host page and on a hostile
one (tests/browser/pages/): no accessibility violations and a readable title, a minute offline
losing nothing, a reload restoring everything, 400% zoom, and a conversation by keyboard alone."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.widget import (
    SITUATION,
    TIMEOUT,
    contrast,
    focused,
    in_widget,
    open_widget,
    say,
    stored_history,
    style,
    turn_done,
)
from tests.e2e.conftest import ServedBot

pytestmark = [pytest.mark.browser, pytest.mark.served]


def axe_violations(page: Page, axe_source: str) -> list:
    """axe-core (tests/browser/package.json) on the whole page, the widget's shadow root too."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]


def test_no_accessibility_violations_and_a_readable_title(
    host: Page, host_url: str, axe_source: str
) -> None:
    host.goto(host_url)
    expect(host.locator("reflect-chat .rw-launcher")).to_be_visible()
    assert axe_violations(host, axe_source) == []  # closed: the launcher on the page
    open_widget(host, host_url)
    say(host, SITUATION)
    expect(host.locator("reflect-chat .rw-kind-reflective_question")).to_have_count(
        1, timeout=TIMEOUT
    )
    turn_done(host)
    host.locator("reflect-chat .rw-kind-reflective_question").get_by_role(
        "button", name="No", exact=True
    ).click()
    turn_done(host)
    assert axe_violations(host, axe_source) == []  # open, with answered and live buttons

    title, bar = style(host, ".rw-title", "color"), style(host, ".rw-header", "background-color")
    assert contrast(title, bar) >= 4.5, (title, bar)
    # The host page's rules (an h2 colour with !important, uppercase, a 62.5% root font size)
    # stop at the shadow root.
    assert style(host, ".rw-title", "text-transform") == "none"
    assert style(host, ".rw-title", "font-size") == "17px"
    assert style(host, ".rw-send", "text-transform") == "none"
    assert in_widget(host, "w.querySelector('.rw-input').getBoundingClientRect().height") < 70


def test_a_minute_offline_loses_nothing(host: Page, host_url: str, served_bot: ServedBot) -> None:
    open_widget(host, host_url)
    context = host.context
    typed = ["what themes are there?", "tell me about case 2", "where is the escalation policy?"]
    went_offline = time.monotonic()
    context.set_offline(True)
    status = host.locator("reflect-chat .rw-status-text")
    expect(status).to_have_text(
        "Offline — your message will be sent when the connection is back.", timeout=10_000
    )
    for number, text in enumerate(typed):
        time.sleep(max(0.0, went_offline + 5 + 20 * number - time.monotonic()))
        say(host, text)
        expect(host.locator("reflect-chat .rw-unsent")).to_have_count(number + 1)
    expect(host.locator("reflect-chat .rw-pending")).to_have_text(["Waiting to send"] * 3)
    expect(host.locator("reflect-chat .rw-typing")).to_be_hidden()  # no dots spinning for nothing
    time.sleep(max(0.0, went_offline + 60 - time.monotonic()))
    context.set_offline(False)

    turn_done(host)
    expect(status).to_be_hidden()
    expect(host.locator("reflect-chat .rw-user")).to_have_text([f"You said: {t}" for t in typed])
    expect(host.locator("reflect-chat .rw-kind-resource")).to_contain_text("Escalation Policy")
    said = [m["text"] for m in stored_history(served_bot, host) if m["from"] == "user"]
    assert said == typed  # each delivered once, in order


def test_a_reload_restores_the_whole_conversation(host: Page, host_url: str) -> None:
    open_widget(host, host_url)
    say(host, SITUATION)
    question = host.locator("reflect-chat .rw-kind-reflective_question")
    expect(question).to_have_count(1, timeout=TIMEOUT)
    turn_done(host)
    question.get_by_role("button", name="No", exact=True).click()
    turn_done(host)
    shown = host.locator("reflect-chat .rw-msg").all_inner_texts()
    live = host.locator("reflect-chat .rw-button:enabled").all_inner_texts()

    host.reload()
    expect(host.locator("reflect-chat .rw-msg")).to_have_count(len(shown), timeout=TIMEOUT)
    assert host.locator("reflect-chat .rw-msg").all_inner_texts() == shown
    assert "I'm Reflect" in shown[0]  # the greeting too
    assert (
        host.locator("reflect-chat .rw-button:enabled").all_inner_texts() == live
    )  # the last turn's
    answered = host.locator("reflect-chat .rw-kind-reflective_question").first.locator(".rw-button")
    assert answered.count() > 1 and answered.evaluate_all("bs => bs.every(b => b.disabled)")


def test_at_400_percent_zoom_the_conversation_has_the_room(
    context_for: Callable[..., BrowserContext], host_url: str
) -> None:
    # 400% zoom of a 1280x900 window: 320x225 CSS pixels (WCAG 1.4.10).
    page = context_for(viewport={"width": 320, "height": 225}).new_page()
    open_widget(page, host_url)
    say(page, SITUATION)
    expect(page.locator("reflect-chat .rw-kind-reflective_question")).to_have_count(
        1, timeout=TIMEOUT
    )
    turn_done(page)

    for part in (".rw-panel", ".rw-header", ".rw-log", ".rw-input", ".rw-send"):
        box = page.locator(part).bounding_box()
        assert box["x"] >= 0 and box["y"] >= 0, part
        assert box["x"] + box["width"] <= 320 and box["y"] + box["height"] <= 225, part
    # On top of the host's sticky header (its z-index is the highest there is).
    assert in_widget(page, "w.elementFromPoint(20, 12) === w.querySelector('.rw-title')")
    log_height = page.locator("reflect-chat .rw-log").bounding_box()["height"]
    line = float(style(page, ".rw-bot p", "line-height").removesuffix("px"))
    assert log_height >= 3 * line + 16, (log_height, line)  # three lines, besides the padding
    assert in_widget(page, "w.querySelector('.rw-log').scrollWidth <= 320")
    # The notice starts folded here, and opens on request.
    toggle = page.get_by_role("button", name="Privacy & safety")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("reflect-chat .rw-notice")).to_be_hidden()
    toggle.click()
    expect(page.locator("reflect-chat .rw-notice")).to_contain_text("don't enter names")


def test_a_conversation_by_keyboard_alone_from_launcher_to_download(
    host: Page, host_url: str
) -> None:
    host.goto(host_url)
    for _ in range(20):  # through the host page's own links and fields to the launcher
        host.keyboard.press("Tab")
        if (focused(host) or {}).get("cls") == "rw-launcher":
            break
    host.keyboard.press("Enter")
    expect(host.locator("reflect-chat #rw-input")).to_be_focused()
    expect(host.locator("reflect-chat .rw-bot").first).to_contain_text(
        "I'm Reflect", timeout=TIMEOUT
    )
    host.keyboard.type(SITUATION)
    host.keyboard.press("Enter")
    expect(host.locator("reflect-chat .rw-kind-reflective_question")).to_have_count(
        1, timeout=TIMEOUT
    )
    turn_done(host)

    # The reply buttons follow the question's text: one Shift+Tab back from the text box.
    host.keyboard.press("Shift+Tab")
    assert focused(host)["cls"] == "rw-button"
    for _ in range(6):
        if focused(host)["text"] == "No":
            break
        host.keyboard.press("Shift+Tab")
    host.keyboard.press("Enter")
    turn_done(host)
    # The answered turn's buttons are done, and focus went on to the reply, not to the page.
    asked = host.locator("reflect-chat .rw-kind-reflective_question").first.locator(".rw-button")
    assert asked.evaluate_all("bs => bs.every(b => b.disabled)")
    assert "rw-bot" in focused(host)["cls"]

    for _ in range(12):
        if focused(host)["cls"] == "rw-input":
            break
        host.keyboard.press("Tab")
    host.keyboard.type("summarise")
    host.keyboard.press("Enter")
    expect(host.locator("reflect-chat .rw-kind-summary .rw-download")).to_be_visible(
        timeout=TIMEOUT
    )
    turn_done(host)
    for _ in range(6):
        host.keyboard.press("Shift+Tab")
        if focused(host)["cls"] == "rw-download":
            break
    with host.expect_download() as info:
        host.keyboard.press("Enter")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "# Reflect: session summary" in text and "Professional Over-Optimism" in text
    host.keyboard.press("Escape")
    expect(host.locator("reflect-chat .rw-panel")).to_be_hidden()
    expect(host.locator("reflect-chat .rw-launcher")).to_be_focused()
