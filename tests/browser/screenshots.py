"""The screenshots of docs/widget.md, one per state of the widget, taken in headless Chromium
against a served bot: ``make widget-screenshots`` (not part of ``make test``: it rewrites
docs/widget/*.png). Named without ``test_`` so that only an explicit run collects it."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import fulfil_with, host_page_html
from tests.browser.widget import SITUATION, TIMEOUT, in_widget, open_widget, say, turn_done
from tests.e2e.conftest import ServedBot

pytestmark = [pytest.mark.browser, pytest.mark.served]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "widget"


def shoot(page: Page, name: str, whole_page: bool = False) -> None:
    DOCS.mkdir(exist_ok=True)
    time.sleep(0.3)  # let the last paint settle
    target = page if whole_page else page.locator("reflect-chat .rw-root")
    target.screenshot(path=str(DOCS / f"{name}.png"), animations="disabled")


def test_screenshots(
    context_for: Callable[..., BrowserContext], demo_url: str, served_bot: ServedBot
) -> None:
    plain, hostile = f"{demo_url}plain.html", f"{demo_url}hostile.html"
    page = context_for().new_page()
    page.goto(plain)
    expect(page.locator("reflect-chat .rw-launcher")).to_be_visible()
    shoot(page, "closed")
    open_widget(page, plain)
    shoot(page, "open")

    say(page, SITUATION)
    turn_done(page)
    shoot(page, "long-reply")  # shown from its start

    page.locator("reflect-chat .rw-kind-reflective_question").get_by_role(
        "button", name="No", exact=True
    ).click()
    turn_done(page)
    page.mouse.move(0, 0)
    in_widget(
        page,
        "w.querySelector('.rw-log').scrollTop ="
        " w.querySelector('.rw-kind-reflective_question').offsetTop - 120",
    )
    shoot(page, "answered")  # the answered question's buttons are disabled, the next one's not

    say(page, "tell me about case 2")
    in_widget(page, "w.querySelector('.rw-log').scrollTop = 0")
    turn_done(page)
    shoot(page, "new-messages")
    page.get_by_role("button", name="New messages").click()

    page.locator("reflect-chat .rw-row-user").last.hover()
    shoot(page, "time-stamp")  # the exact time on hover

    page.context.set_offline(True)
    expect(page.locator("reflect-chat .rw-status-text")).to_contain_text("Offline")
    say(page, "what themes are there?")
    say(page, "where is the escalation policy?")
    shoot(page, "offline")
    page.context.set_offline(False)
    turn_done(page)
    in_widget(
        page, "w.querySelector('.rw-log').scrollTop = w.querySelector('.rw-log').scrollHeight"
    )

    in_widget(page, "w.querySelector('.rw-input').focus()")
    page.keyboard.press("Shift+Tab")
    shoot(page, "focus-ring")  # a reply button focused by keyboard

    rest = context_for().new_page()
    rest.route("**/socket.io.min.js", lambda route: route.abort())
    open_widget(rest, plain)
    rest.route("**/webhooks/rest/webhook", lambda route: route.abort())
    say(rest, "where is the escalation policy?")
    expect(rest.locator("reflect-chat .rw-retry")).to_be_visible(timeout=TIMEOUT)
    shoot(rest, "rest-retry")

    refused = context_for()
    refused.route("http://localhost:9/", fulfil_with(host_page_html("plain", served_bot.url)))
    page = refused.new_page()
    page.goto("http://localhost:9/")
    page.get_by_role("button", name="Reflect").click()
    expect(page.locator("reflect-chat .rw-status-text")).to_contain_text("REFLECT_CORS_ORIGINS")
    shoot(page, "refused-origin")

    zoomed = context_for(viewport={"width": 320, "height": 225}).new_page()
    open_widget(zoomed, hostile)
    say(zoomed, SITUATION)
    turn_done(zoomed)
    shoot(zoomed, "zoom-400", whole_page=True)

    page = context_for().new_page()
    page.goto(hostile)
    expect(page.locator("reflect-chat .rw-launcher")).to_be_visible()
    shoot(page, "hostile-page", whole_page=True)

    page = context_for().new_page()
    html = host_page_html("plain", served_bot.url).replace(
        'data-title="Reflect"', 'data-title="Reflect" data-color="#f39200"'
    )
    page.route(f"{demo_url}orange.html", fulfil_with(html))
    table = (
        "The record's agreed actions:\n\n| Action | Owner | Due |\n| --- | --- | --- |\n"
        "| Ask the school about attendance | designated safeguarding lead | 12 May |\n"
        "| Book a strategy discussion | social worker | 15 May |"
    )
    stored = {"messages": [{"from": "bot", "text": table, "buttons": [], "custom": None}]}
    page.route("**/webhooks/reflect/history/**", fulfil_with(json.dumps(stored)))
    page.add_init_script("sessionStorage.setItem('reflect.key', 'a-key')")  # a conversation
    page.goto(f"{demo_url}orange.html")
    page.get_by_role("button", name="Reflect").click()
    expect(page.get_by_role("table")).to_be_visible(timeout=TIMEOUT)
    shoot(page, "colour-and-table")  # data-color="#f39200", darkened; a Markdown table
