"""Driving the widget in a page: it lives in a shadow root, which Playwright's CSS locators pierce
but ``document.activeElement`` and ``document.querySelector`` do not."""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List

from playwright.sync_api import Page, expect

from tests.e2e.conftest import ServedBot

TIMEOUT = 60_000
SHADOW = "document.querySelector('reflect-chat').shadowRoot"
# A situation whose reply is the long key message card, then a question with Yes/No buttons.
SITUATION = "mum keeps promising she'll change but every review it's the same story"


def in_widget(page: Page, expression: str, arg: Any = None) -> Any:
    """``expression`` evaluated with ``w`` the widget's shadow root and ``arg`` the argument."""
    return page.evaluate(f"(arg) => {{ const w = {SHADOW}; return ({expression}); }}", arg)


def focused(page: Page) -> Dict[str, Any] | None:
    """What has focus inside the widget (None when focus is elsewhere)."""
    return in_widget(
        page,
        "w.activeElement && {cls: w.activeElement.className, tag: w.activeElement.tagName,"
        " text: w.activeElement.textContent, disabled: !!w.activeElement.disabled}",
    )


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Reflect").click()
    expect(page.locator("reflect-chat .rw-bot").first).to_contain_text(
        "I'm Reflect", timeout=TIMEOUT
    )
    turn_done(page)


def say(page: Page, text: str) -> None:
    page.get_by_label("Your message to Reflect").fill(text)
    page.get_by_label("Your message to Reflect").press("Enter")


def turn_done(page: Page) -> None:
    """The server acknowledges a message when its turn is over: nothing is left to send."""
    expect(page.locator("reflect-chat .rw-unsent")).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("reflect-chat .rw-typing")).to_be_hidden(timeout=TIMEOUT)


def stored_history(served_bot: ServedBot, page: Page) -> List[Dict[str, Any]]:
    """The conversation as the server stored it (with the conversation's key, if it has one)."""
    session = page.evaluate("ReflectWidget.session()")
    key = page.evaluate("sessionStorage.getItem('reflect.key')")
    status, _, body = served_bot.request(
        f"/webhooks/reflect/history/{session}", headers={"X-Reflect-Key": key} if key else None
    )
    assert status == 200, body
    return json.loads(body)["messages"]


def rgb(css_colour: str) -> List[float]:
    return [float(v) for v in re.findall(r"[\d.]+", css_colour)[:3]]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two computed colours (``rgb(r, g, b)``)."""

    def luminance(colour: str) -> float:
        c = [v / 255 for v in rgb(colour)]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def style(page: Page, selector: str, prop: str) -> str:
    return in_widget(
        page, "getComputedStyle(w.querySelector(arg[0])).getPropertyValue(arg[1])", [selector, prop]
    )
