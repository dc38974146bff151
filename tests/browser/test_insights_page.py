"""The insights page in headless Chromium, served by the bot on the seeded store: it opens with
the token as the browser's Basic password, draws its charts from the figures with nothing
fetched from anywhere else, has no accessibility violations, and its CSV link works. Its
screenshot (artifacts/insights-page.png) is the one in docs/insights.md."""

from __future__ import annotations

import datetime as dt
from typing import List

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_intranet import axe_violations
from tests.e2e.conftest import INSIGHTS_TOKEN, ServedBot
from tests.insights_seed import SECRET

pytestmark = [pytest.mark.browser, pytest.mark.served]


def test_the_insights_page(
    browser: Browser, served_bot: ServedBot, insights_seeded: dt.date, axe_source: str
) -> None:
    until = insights_seeded + dt.timedelta(weeks=3)
    url = f"{served_bot.url}/webhooks/reflect/insights.html?since={insights_seeded}&until={until}"

    refused = browser.new_context()  # no credentials: the browser is asked for them (401)
    assert refused.request.get(url).status == 401
    refused.close()

    context = browser.new_context(
        viewport={"width": 1100, "height": 900},
        http_credentials={"username": "partnership", "password": INSIGHTS_TOKEN},
    )
    requested: List[str] = []
    page = context.new_page()
    page.on("request", lambda r: requested.append(r.url))
    errors: List[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    assert page.goto(url).status == 200

    expect(page.locator("[data-figure=conversations]")).to_have_text("20")
    expect(page.locator("[data-figure=safety]")).to_have_text("6")
    expect(page.locator("[data-figure=supervisions]")).to_have_text("5")
    # Two charts drawn in the page: three weeks (the second under 5, the third withheld so
    # that the second cannot be worked out from the total) and two themes.
    weeks = page.locator("svg[aria-labelledby=weeks-title] rect")
    expect(weeks).to_have_count(3)
    assert [weeks.nth(i).get_attribute("class") for i in range(3)] == ["bar"] + ["withheld"] * 2
    values = page.locator("svg[aria-labelledby=weeks-title] text.value")
    expect(values).to_have_text(["11", "<5", "*"])
    expect(page.locator("svg[aria-labelledby=themes-title] rect")).to_have_count(2)
    child_voice = page.get_by_role("row", name="The child's voice and lived experience")
    expect(child_voice.locator("td.finding")).to_have_text("6")
    assert SECRET not in page.content()
    assert axe_violations(page, axe_source) == []

    csv_url = page.get_by_role("link", name="CSV").evaluate("a => a.href")
    csv = page.request.get(csv_url)
    assert csv.status == 200 and "safety,,,shown,safety replies,6" in csv.text()

    assert {u.split("/webhooks/")[0] for u in requested} == {served_bot.url}
    assert errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "insights-page.png"), full_page=True)
    context.close()
