"""The partnership's insights, served by the Rasa server under ``/webhooks/reflect/`` (added to
the routes of bot/channels/reflect_web.py):

- ``GET insights``: the figures as JSON (bot/core/insights.py ``report``);
- ``GET insights.html``: the page, with its charts drawn in it (nothing else is fetched);
- ``GET insights.csv``: the same figures, one per row.

Each takes ``since`` and ``until`` (``YYYY-MM-DD``; the period is ``[since, until)``) and needs
``REFLECT_INSIGHTS_TOKEN``: as a bearer token (``Authorization: Bearer <token>``), or as the
password of HTTP Basic authentication, so that a browser can open the page (any user name).
Without it, or with another, or when the server has none: 401. The token is compared in
constant time.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime as dt
import hmac
from typing import Callable, Dict

import sqlalchemy as sa
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.rest import error
from bot.knowledge import knowledge
from bot.privacy.aggregates import insights_report
from bot.rasa_ext.endpoints import database_url
from bot.settings import Deployment
from bot.web.insights import insights_csv, insights_html

REALM = 'Basic realm="Reflect insights", charset="UTF-8"'
NO_STORE = {"Cache-Control": "no-store"}


def presented_token(authorization: str | None) -> str | None:
    """The token in an ``Authorization`` header: a bearer token, or a Basic password."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2]
    return None


def token_matches(presented: str | None, expected: str | None) -> bool:
    """Constant time in the token's content; no expected token opens nothing."""
    if not expected or presented is None:
        return False
    return hmac.compare_digest(presented.encode("utf-8"), expected.encode("utf-8"))


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def add_insights_routes(web: Blueprint, settings: Deployment) -> None:
    engines: Dict[str, sa.engine.Engine] = {}

    def engine() -> sa.engine.Engine:
        if "engine" not in engines:  # made on first use: the store may start after us
            engines["engine"] = sa.create_engine(database_url(settings))
        return engines["engine"]

    async def served(request: Request, render: Callable[[Dict], HTTPResponse]) -> HTTPResponse:
        token = presented_token(request.headers.get("Authorization"))
        if not token_matches(token, settings.insights_token):
            return response.json(
                {"error": "The insights need their token (REFLECT_INSIGHTS_TOKEN)."},
                status=401,
                headers={"WWW-Authenticate": REALM, **NO_STORE},
            )
        try:
            since, until = _day(request.args.get("since")), _day(request.args.get("until"))
        except ValueError:
            return error("since and until are dates: YYYY-MM-DD.")
        if since and until and since >= until:
            return error("since must be before until.")
        report = await asyncio.get_running_loop().run_in_executor(
            None, insights_report, engine(), since, until
        )
        return render(report)

    @web.route("/insights", methods=["GET"])
    async def get_insights(request: Request) -> HTTPResponse:
        return await served(request, lambda report: response.json(report, headers=NO_STORE))

    @web.route("/insights.html", methods=["GET"])
    async def get_insights_page(request: Request) -> HTTPResponse:
        return await served(
            request,
            lambda report: response.html(insights_html(report, knowledge()), headers=NO_STORE),
        )

    @web.route("/insights.csv", methods=["GET"])
    async def get_insights_csv(request: Request) -> HTTPResponse:
        return await served(
            request,
            lambda report: response.text(
                insights_csv(report, knowledge()),
                content_type="text/csv; charset=utf-8",
                headers={
                    "Content-Disposition": 'attachment; filename="reflect-insights.csv"',
                    **NO_STORE,
                },
            ),
        )
