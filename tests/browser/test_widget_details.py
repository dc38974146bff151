"""The widget's behaviour point by point: encapsulation and the offset, scrolling, REST's retry,
a refused origin, colours and the focus ring, focus on reopening, time stamps, tables, landmarks."""

from __future__ import annotations

import json
import re
from typing import Callable, List

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import fulfil_with, host_page_html
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
WHITE = "rgb(255, 255, 255)"


@pytest.fixture()
def plain_url(demo_url: str) -> str:
    return f"{demo_url}plain.html"


@pytest.fixture()
def hostile_url(demo_url: str) -> str:
    return f"{demo_url}hostile.html"


def test_the_host_s_css_stays_out_and_the_widget_s_stays_in(host: Page, hostile_url: str) -> None:
    host.goto(hostile_url)
    expect(host.locator("reflect-chat .rw-launcher")).to_be_visible()
    # The page's [hidden] { display: block !important } does not open the widget's panel.
    expect(host.locator("reflect-chat .rw-panel")).to_be_hidden()
    launcher = host.locator("reflect-chat .rw-launcher")
    assert launcher.evaluate("b => getComputedStyle(b).textTransform") == "none"
    assert launcher.evaluate("b => getComputedStyle(b).fontSize") == "15px"  # not 62.5% of it
    # The page's own elements named like the widget's keep the page's styles.
    own = host.locator("main .rw-button")
    assert own.evaluate("b => getComputedStyle(b).textTransform") == "uppercase"
    assert own.evaluate("b => getComputedStyle(b).outlineWidth") == "6px"
    assert host.locator("main p.rw-msg").evaluate("p => getComputedStyle(p).padding") == "0px"


def test_the_offset_keeps_the_host_s_corner_link_usable(host: Page, hostile_url: str) -> None:
    host.goto(hostile_url)
    launcher = host.locator("reflect-chat .rw-launcher").bounding_box()
    corner = host.get_by_role("link", name="Back to top").bounding_box()
    assert launcher["y"] + launcher["height"] <= corner["y"]  # above it, 80 px up
    x, y = corner["x"] + corner["width"] / 2, corner["y"] + corner["height"] / 2
    assert (
        host.evaluate("([x, y]) => document.elementFromPoint(x, y).className", [x, y]) == "corner"
    )


def log_position(page: Page) -> dict:
    return in_widget(
        page,
        "(() => { const l = w.querySelector('.rw-log');"
        " return {top: l.scrollTop, bottom: l.scrollHeight - l.scrollTop - l.clientHeight}; })()",
    )


def test_a_long_reply_is_shown_from_its_start(host: Page, plain_url: str) -> None:
    open_widget(host, plain_url)
    say(host, SITUATION)
    turn_done(host)
    card_top = in_widget(
        host,
        "w.querySelector('.rw-kind-key_message').getBoundingClientRect().top"
        " - w.querySelector('.rw-log').getBoundingClientRect().top",
    )
    assert 0 <= card_top <= 16  # its first line at the top of the conversation
    assert log_position(host)["bottom"] > 100  # not pulled down to its last line


def test_a_reader_who_scrolled_up_stays_put_with_a_new_messages_button(
    host: Page, plain_url: str
) -> None:
    open_widget(host, plain_url)
    say(host, SITUATION)
    turn_done(host)
    say(host, "tell me about case 2")
    in_widget(host, "w.querySelector('.rw-log').scrollTop = 0")  # reading from the start
    turn_done(host)
    assert log_position(host)["top"] == 0
    button = host.get_by_role("button", name="New messages")
    expect(button).to_be_visible()
    button.click()
    expect(button).to_be_hidden()
    first_new = in_widget(
        host,
        "w.activeElement.classList.contains('rw-bot') && w.activeElement.textContent",
    )
    assert first_new and "Case 2" in first_new  # focus and view on the first unseen reply
    assert log_position(host)["top"] > 0


def test_rest_keeps_the_text_offers_retry_and_a_retry_is_stored_once(
    host: Page, plain_url: str, served_bot: ServedBot
) -> None:
    host.route("**/socket.io.min.js", lambda route: route.abort())
    open_widget(host, plain_url)
    assert host.locator("reflect-chat .rw-root").get_attribute("data-transport") == "rest"
    lost: List[str] = []

    def reply_lost(route) -> None:  # noqa: ANN001 (Playwright's Route)
        route.fetch()  # the server gets the message and stores it; its answer never arrives
        lost.append(route.request.post_data)
        route.abort()

    host.route("**/webhooks/rest/webhook", reply_lost)
    say(host, "where is the escalation policy?")
    expect(host.locator("reflect-chat .rw-pending")).to_have_text("Not sent", timeout=TIMEOUT)
    expect(host.locator("reflect-chat .rw-user").last).to_have_text(
        "You said: where is the escalation policy?"
    )
    expect(host.locator("reflect-chat .rw-status-text")).to_contain_text("Not sent")
    host.unroute("**/webhooks/rest/webhook")
    host.get_by_role("button", name="Retry").click()
    expect(host.locator("reflect-chat .rw-kind-resource")).to_contain_text(
        "Escalation Policy", timeout=TIMEOUT
    )
    turn_done(host)
    expect(host.locator("reflect-chat .rw-status")).to_be_hidden()
    assert len(lost) == 1
    said = [m["text"] for m in stored_history(served_bot, host) if m["from"] == "user"]
    assert said == ["where is the escalation policy?"]  # the retry was not stored again
    assert host.locator("reflect-chat .rw-kind-resource").count() == 1


def test_a_refused_origin_is_named_in_the_widget_and_the_console(
    context_for: Callable[..., BrowserContext], served_bot: ServedBot
) -> None:
    # Another origin than the demo page's, which is all the served bot allows. (Loopback, for
    # Chromium lets only a secure context, such as localhost, call a loopback address.)
    refused = "http://localhost:9"
    context = context_for()
    context.route(f"{refused}/", fulfil_with(host_page_html("plain", served_bot.url)))
    page = context.new_page()
    errors: List[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(f"{refused}/")
    page.get_by_role("button", name="Reflect").click()
    status = page.locator("reflect-chat .rw-status-text")
    expect(status).to_have_text(
        f"This page's origin ({refused}) is not allowed to use Reflect. "
        "Add it to REFLECT_CORS_ORIGINS on the Reflect server.",
        timeout=TIMEOUT,
    )
    assert any(refused in e and "REFLECT_CORS_ORIGINS" in e for e in errors)
    expect(page.locator("reflect-chat .rw-input")).to_be_disabled()


def test_a_data_color_too_light_for_white_text_is_darkened(
    host: Page, demo_url: str, served_bot: ServedBot
) -> None:
    html = host_page_html("plain", served_bot.url).replace(
        'data-title="Reflect"', 'data-title="Reflect" data-color="#f39200"'
    )
    host.route(f"{demo_url}orange.html", fulfil_with(html))
    warnings: List[str] = []
    host.on("console", lambda m: m.type == "warning" and warnings.append(m.text))
    host.goto(f"{demo_url}orange.html")
    background = style(host, ".rw-launcher", "background-color")
    assert contrast(background, WHITE) >= 4.5
    red, green, blue = [int(v) for v in re.findall(r"\d+", background)[:3]]
    assert red > green > blue  # still the site's orange, darker
    assert any("#f39200" in w and "4.5:1" in w for w in warnings)


def test_the_focus_ring_has_at_least_3_to_1_wherever_it_is(host: Page, plain_url: str) -> None:
    open_widget(host, plain_url)
    say(host, SITUATION)
    turn_done(host)
    checks = {  # what has focus: the colour around it
        ".rw-close": style(host, ".rw-header", "background-color"),
        ".rw-kind-reflective_question .rw-button": WHITE,  # the question card is white
        ".rw-input": WHITE,
    }
    for selector, around in checks.items():
        in_widget(host, "w.querySelector(arg).focus()", selector)
        host.keyboard.press("Shift+Tab")
        host.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
        assert selector.split()[-1].lstrip(".") in focused(host)["cls"]
        outline = in_widget(host, "getComputedStyle(w.activeElement).outlineColor")
        width = in_widget(host, "getComputedStyle(w.activeElement).outlineWidth")
        ring = in_widget(host, "getComputedStyle(w.activeElement).boxShadow")
        assert width == "3px", selector
        # The ring is the dark outline or the white one inside it: whichever shows.
        best = max(contrast(outline, around), contrast(WHITE, around) if WHITE in ring else 0)
        assert best >= 3, (selector, outline, ring, around)


def test_reopening_by_itself_takes_no_focus_and_keeps_the_page_still(
    host: Page, plain_url: str
) -> None:
    open_widget(host, plain_url)
    host.goto(plain_url)  # the next page of the intranet: the panel was open, so it reopens
    expect(host.locator("reflect-chat .rw-panel")).to_be_visible()
    expect(host.locator("reflect-chat .rw-bot").first).to_contain_text("I'm Reflect")
    assert host.evaluate("document.activeElement === document.body")
    assert host.evaluate("window.scrollY") == 0


def test_time_stamps_are_relative_with_the_exact_time_on_hover_and_focus(
    host: Page, plain_url: str
) -> None:
    open_widget(host, plain_url)
    first = host.locator("reflect-chat .rw-row-bot").first
    expect(first.locator(".rw-rel")).to_have_text("just now")
    exact = first.locator(".rw-exact")
    assert re.search(r"20\d\d", exact.text_content())  # the date, for screen readers too
    assert exact.bounding_box()["width"] <= 1
    first.locator(".rw-msg").hover()
    assert exact.bounding_box()["width"] > 20
    host.mouse.move(0, 0)
    assert exact.bounding_box()["width"] <= 1
    first.get_by_role("button").first.focus()
    assert exact.bounding_box()["width"] > 20


def test_a_markdown_table_is_a_table_and_html_in_it_is_text(host: Page, plain_url: str) -> None:
    table = (
        "Agreed actions:\n\n| Action | Owner | Due |\n| --- | --- | --- |\n"
        "| **Visit** the family | social worker | 12 May |\n"
        '| <img src=x onerror="window.__xss=1"> | GP \\| nurse | |'
    )
    stored = {"messages": [{"from": "bot", "text": table, "buttons": [], "custom": None}]}
    host.route("**/webhooks/reflect/history/**", fulfil_with(json.dumps(stored)))
    host.add_init_script("sessionStorage.setItem('reflect.key', 'a-key')")  # a conversation
    host.goto(plain_url)
    host.get_by_role("button", name="Reflect").click()
    grid = host.get_by_role("table")
    expect(grid).to_be_visible(timeout=TIMEOUT)
    assert grid.get_by_role("columnheader").all_inner_texts() == ["Action", "Owner", "Due"]
    rows = grid.get_by_role("row")
    assert rows.nth(1).get_by_role("cell").all_inner_texts() == [
        "Visit the family",
        "social worker",
        "12 May",
    ]
    assert rows.nth(1).locator("strong").inner_text() == "Visit"
    assert rows.nth(2).get_by_role("cell").all_inner_texts()[:2] == [
        '<img src=x onerror="window.__xss=1">',
        "GP | nurse",
    ]
    assert host.locator("reflect-chat img").count() == 0
    assert host.evaluate("window.__xss") is None


def test_the_widget_adds_no_second_banner(host: Page, hostile_url: str) -> None:
    open_widget(host, hostile_url)
    assert host.get_by_role("banner").count() == 1  # the page's own header
    assert host.get_by_role("dialog", name="Reflect chat").count() == 1


def test_a_payload_stored_on_its_own_decorates_the_message_before_it(
    host: Page, plain_url: str
) -> None:
    # A next step that names a signpost is followed by the signpost's card as a payload of its
    # own (no text): restored, it joins that message, as it did when it arrived.
    card = {"kind": "resource", "id": "substance_misuse_service", "phone": "020 8356 7377"}
    stored = {
        "messages": [
            {
                "from": "bot",
                "text": "Next step: talk to the service.",
                "buttons": [],
                "custom": None,
            },
            {"from": "bot", "text": None, "buttons": [], "custom": card},
        ]
    }
    host.route("**/webhooks/reflect/history/**", fulfil_with(json.dumps(stored)))
    host.add_init_script("sessionStorage.setItem('reflect.key', 'a-key')")  # a conversation
    host.goto(plain_url)
    host.get_by_role("button", name="Reflect").click()
    bubble = host.locator("reflect-chat .rw-bot")
    expect(bubble).to_have_count(1, timeout=TIMEOUT)
    expect(bubble.get_by_role("link", name="Call 020 8356 7377")).to_be_visible()
    assert "rw-kind-resource" in bubble.get_attribute("class")
