"""The partnership's insights over HTTP, from the served bot: only with REFLECT_INSIGHTS_TOKEN
(401 without it or with another), the seeded figures exactly, and no message text."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Dict

import pytest

from tests.e2e.conftest import INSIGHTS_TOKEN, ServedBot
from tests.insights_seed import SECRET, expected

pytestmark = pytest.mark.served
PATHS = ("/webhooks/reflect/insights", "/webhooks/reflect/insights.html")
PATHS += ("/webhooks/reflect/insights.csv",)


def basic(password: str, user: str = "partnership") -> Dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def period(monday: dt.date) -> str:
    return f"?since={monday}&until={monday + dt.timedelta(weeks=3)}"


@pytest.mark.parametrize("path", PATHS)
def test_without_the_token_401(served_bot: ServedBot, insights_seeded: dt.date, path: str) -> None:
    refused = [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer " + INSIGHTS_TOKEN[:-1]},
        {"Authorization": "Bearer " + INSIGHTS_TOKEN + "x"},
        {"Authorization": INSIGHTS_TOKEN},
        basic("wrong"),
        {"Authorization": "Basic not-base64!"},
    ]
    for headers in refused:
        status, reply_headers, body = served_bot.request(
            path + period(insights_seeded), headers=headers
        )
        assert status == 401, headers
        assert reply_headers["WWW-Authenticate"].startswith("Basic ")
        assert b"conversations" not in body and SECRET.encode() not in body


def test_with_the_token_the_exact_figures(served_bot: ServedBot, insights_seeded: dt.date) -> None:
    bearer = {"Authorization": f"Bearer {INSIGHTS_TOKEN}"}
    status, headers, body = served_bot.request(PATHS[0] + period(insights_seeded), headers=bearer)
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert json.loads(body) == expected(insights_seeded)

    for path in PATHS:  # the page and the CSV open with the token as a Basic password too
        status, headers, body = served_bot.request(
            path + period(insights_seeded), headers=basic(INSIGHTS_TOKEN)
        )
        assert status == 200, path
        assert SECRET.encode() not in body
    assert headers["Content-Type"].startswith("text/csv")
    assert b"supervision,,,completed,completed,5" in body

    status, _, body = served_bot.request(PATHS[0] + "?since=yesterday", headers=bearer)
    assert status == 400 and b"YYYY-MM-DD" in body
