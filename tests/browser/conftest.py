"""Headless Chromium (Debian's package) driven by Playwright, on the demo intranet page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from bot.web.demo_site import demo_site
from tests.e2e.conftest import ServedBot

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is needed for the browser tests: scripts/setup.sh --browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def demo_url(served_bot: ServedBot) -> Iterator[str]:
    os.environ["DEMO_PORT"] = str(served_bot.demo_port)
    with demo_site(served_bot.settings):
        yield f"http://127.0.0.1:{served_bot.demo_port}/"


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Shown with a failing test: what the widget itself complained about.
    page.on("console", lambda m: m.type == "error" and print("browser console:", m.text))
    page.on("pageerror", lambda e: print("page error:", e))
    yield page
    context.close()
