"""Headless Chromium (Debian's package) driven by Playwright, on the demo intranet page and on the
two test host pages of tests/browser/pages/ (a plain intranet page and a hostile one), which are
served at the demo page's origin, the one the served bot allows."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, Callable, Iterator, List

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from bot.web.demo_site import demo_site
from tests.e2e.conftest import ServedBot

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"  # tests/browser/package.json
HOSTS = ("plain", "hostile")
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


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail("axe-core is needed for the browser tests: scripts/setup.sh --browser")
    return AXE.read_text(encoding="utf-8")


def host_page_html(name: str, bot_url: str) -> str:
    return (
        (HERE / "pages" / f"{name}.html")
        .read_text(encoding="utf-8")
        .replace("{{BOT_URL}}", bot_url)
    )


def serve_host_pages(context: BrowserContext, demo_url: str, bot_url: str) -> None:
    """tests/browser/pages/<name>.html at <demo origin>/<name>.html. A routed page has no loopback
    address, so Chromium asks for local-network access before it may call the bot on 127.0.0.1."""
    context.grant_permissions(["local-network-access"])
    for name in HOSTS:
        context.route(f"{demo_url}{name}.html", fulfil_with(host_page_html(name, bot_url)))


def fulfil_with(html: str) -> Callable[[Route], None]:
    return lambda route: route.fulfill(body=html, content_type="text/html")


@pytest.fixture(params=HOSTS)
def host_url(request: pytest.FixtureRequest, demo_url: str) -> str:
    """Each test host page in turn (its context must be made with ``context_for``)."""
    return f"{demo_url}{request.param}.html"


@pytest.fixture()
def context_for(
    browser: Browser,
    demo_url: str,
    served_bot: ServedBot,  # noqa: F811
) -> Iterator[Callable[..., BrowserContext]]:
    """Makes contexts (``context_for(viewport=...)``) that serve the host pages; closes them."""
    made: List[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        serve_host_pages(context, demo_url, served_bot.url)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture()
def host(context_for: Callable[..., BrowserContext]) -> Page:
    """A page in a fresh context that can show the host pages."""
    page = context_for().new_page()
    page.on("pageerror", lambda e: print("page error:", e))
    return page
