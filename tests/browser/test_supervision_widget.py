"""A guided supervision driven end to end through the chat widget, in a real (headless)
browser: the record's actions show as a table in the widget, both downloads hold every action,
and the printable page prints on A4 (a picture of its first page is kept in docs/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_widget import TIMEOUT, open_widget, say

pytestmark = [pytest.mark.browser, pytest.mark.served]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "widget"
ACTIONS = ["convene core group", "book legal gateway meeting", "share attendance figures"]


def answer_step(page: Page, text: str, steps_seen: int, next_prompt: str) -> int:
    """Types ``text`` and waits for the next supervision prompt, which must be ``next_prompt``
    (an answer taken for something else would ask the same step again); returns how many
    prompts were seen."""
    say(page, text)
    prompts = page.locator(".rw-kind-supervision_step")
    expect(prompts).to_have_count(steps_seen + 1, timeout=TIMEOUT)
    expect(prompts.last).to_contain_text(next_prompt)
    return steps_seen + 1


def test_a_supervision_through_the_widget_ends_in_a_record_holding_every_action(
    page: Page, demo_url: str, browser: Browser
) -> None:
    open_widget(page, demo_url)
    say(page, "start supervision")
    expect(page.locator(".rw-kind-supervision_step")).to_have_count(1, timeout=TIMEOUT)
    seen = 1
    for text, next_prompt in [
        (
            "Supervisor (TM) and SW here together. 6 yr old girl and 9 yr old brother on CP "
            "plans for neglect since the summer, house conditions up and down",
            "Step 2",
        ),
        (
            "CSC lead, SW is lead professional; school, school nurse and GP. mum is the contact",
            "Step 3",
        ),
        (
            "late 8 times this month; strengths: the brother is protective and school "
            "attendance is otherwise fine",
            "Step 4",
        ),
        ("she makes her own breakfast and her brother walks her to school", "Step 5"),
        (
            "decided to stay at CP, not PLO yet, because mum has engaged with the alcohol service",
            "Step 6",
        ),
        (
            "mum agrees at core group and then cancels visits, it is recorded on the chronology",
            "Step 7",
        ),
        (
            "school think it should go to PLO and we disagree, we have not challenged it yet",
            "first action",
        ),
        (
            "SW to convene core group within 2 weeks, TM to book legal gateway meeting by end "
            "of month",
            "another action",
        ),
        (
            "DSL to share attendance figures with the SW before the next core group",
            "another action",
        ),
        ("no more actions", "escalation route"),
        (
            "TM to head of service if nothing has changed by the review conference",
            "next be reviewed",
        ),
    ]:
        seen = answer_step(page, text, seen, next_prompt)
    say(page, "in six weeks")  # the next review date, last

    record = page.locator(".rw-kind-supervision_record").last
    expect(record).to_be_visible(timeout=TIMEOUT)
    said = "\n".join(page.locator(".rw-msg").all_inner_texts())
    assert all(action in record.inner_text() for action in ACTIONS), said
    # the actions table is a table in the widget, not Markdown pipes
    table = record.locator("table").last
    expect(table.locator("tbody tr")).to_have_count(len(ACTIONS))
    for action in ACTIONS:
        expect(table).to_contain_text(action)
    expect(record).not_to_contain_text("| ---")

    downloads = {}
    for name in ("Download as Markdown", "Download printable page"):
        with page.expect_download() as info:
            record.get_by_text(name).click()
        downloads[name] = Path(info.value.path()).read_text(encoding="utf-8")
    for text in downloads.values():
        for action in ACTIONS:
            assert action in text
        assert "[NAME]" not in text and "Supervisor (TM) and SW here together" in text

    # The printable page on A4: printed to PDF by Chromium, and a picture of its first page
    # for docs/ (the page box of 210 x 297 mm at 96 dpi, inside the @page margins).
    printed = browser.new_page()
    printed.set_content(downloads["Download printable page"])
    pdf = printed.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pdf.startswith(b"%PDF") and 1 <= pages <= 3, f"the record printed on {pages} pages"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "supervision-record.pdf").write_bytes(pdf)
    printed.emulate_media(media="print")
    printed.set_viewport_size({"width": 794, "height": 1123})
    printed.add_style_tag(content="body { padding: 68px 60px !important; }")  # 18 mm, 16 mm
    DOCS.mkdir(parents=True, exist_ok=True)
    printed.screenshot(path=str(DOCS / "supervision-record-a4.png"))
    printed.close()
