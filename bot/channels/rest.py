"""REST channel at Rasa's standard path ``POST /webhooks/rest/webhook``, redacting first.

Request and reply are Rasa's: ``{"sender": ID, "message": TEXT}`` in, a JSON list of bot messages
out. The reply carries the conversation's key in the ``X-Reflect-Key`` header; a send into a
conversation that already exists must present it (bot/channels/access.py). Limits come before
any work: the body's size (Sanic's REQUEST_MAX_SIZE for the whole server, and the
Content-Length here), its nesting depth, then the message's length (bot/channels/guard.py).
Bad requests get a 4xx with ``{"error": ...}``, never a 500.
An optional ``"idempotency_key"`` (a uuid) makes a retry safe: a message already stored with
that key is not handled again, and the reply is the one stored for it
(bot/channels/idempotency.py).
"""

from __future__ import annotations

import json
import os
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import access, guard, idempotency
from bot.privacy.redaction import redactor
from bot.rasa_ext import outages
from bot.settings import LAUNCH_HEADER, LAUNCH_ID_ENV, tunables


def error(message: str, status: int = 400) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def key_headers(sender_id: str) -> Dict[str, str]:
    """The conversation's key, readable by the widget's script on another origin too."""
    return {
        access.KEY_HEADER: access.key_for(sender_id),
        "Access-Control-Expose-Headers": access.KEY_HEADER,
    }


def health() -> HTTPResponse:
    """The launcher trusts an answer only with its own launch's id (bot/ops/launcher.py)."""
    launch = os.environ.get(LAUNCH_ID_ENV)
    return response.json({"status": "ok"}, headers={LAUNCH_HEADER: launch} if launch else None)


def limit_requests(blueprint: Blueprint) -> None:
    """For the whole server: Sanic's REQUEST_MAX_SIZE (100 MB by default), so Sanic refuses a
    larger Content-Length with a 413 before reading the body and stops a chunked body at the
    limit; and a 400, not Sanic's 500, for a request whose headers Sanic cannot read (a
    Content-Length that is not a number raises ValueError before any route is chosen)."""

    @blueprint.listener("before_server_start")
    async def set_limits(app: Sanic, _: Any) -> None:
        app.config.REQUEST_MAX_SIZE = tunables()["limits"]["max_request_bytes"]
        default = app.error_handler.default

        def unreadable(request: Request | None, problem: Exception) -> HTTPResponse:
            if request is None or getattr(request, "route", None) is None:
                return error("The request's headers could not be read.")
            return default(request, problem)

        app.error_handler.add(ValueError, unreadable)


async def read_json(request: Request) -> Any:
    """The body as JSON, or an error response: too large, too deep or not JSON."""
    limits = tunables()["limits"]
    size = request.headers.get("content-length", "")
    if (size.isdigit() and int(size) > limits["max_request_bytes"]) or len(
        request.body or b""
    ) > limits["max_request_bytes"]:
        return error(f"The request is larger than {limits['max_request_bytes']} bytes.", 413)
    if guard.json_too_deep(request.body or b"", limits["max_json_depth"]):
        return error(f"The JSON is nested more than {limits['max_json_depth']} levels deep.")
    try:
        return json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return error("The request body is not valid JSON.")


class RedactingRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"  # keeps the URL /webhooks/rest/webhook for every client

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("reflect_rest_webhook", __name__)
        limit_requests(webhook)
        redactor()  # load Presidio and spaCy at start-up, not on the first message
        starting_up = guard.domain_text("utter_error_starting_up")

        @webhook.route("/", methods=["GET"])
        async def get_health(_: Request) -> HTTPResponse:
            return health()

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = await read_json(request)
            if isinstance(body, HTTPResponse):
                return body
            if not isinstance(body, dict):
                return error('Send a JSON object: {"sender": "<uuid4>", "message": "<text>"}.')
            try:
                sender_id = guard.check_sender_id(body.get("sender"))
            except guard.InvalidConversationIdError as problem:
                return error(str(problem))
            if not isinstance(body.get("message", ""), str):
                return error("'message' must be a string.")
            try:
                key = idempotency.check_key(body.get(idempotency.KEY))
            except idempotency.InvalidIdempotencyKeyError as problem:
                return error(str(problem))
            agent = guard.ready_agent(getattr(request.app.ctx, "agent", None))
            if agent is None:
                return error(starting_up, 503)
            collector = CollectingOutputChannel()
            # A part of Reflect that is down (the action server restarting, a store): the turn
            # is not stored and the reply asks for it again (bot/rasa_ext/outages.py).
            async with outages.answered(collector, sender_id, guard.outage_text(agent)):
                if await agent.tracker_store.exists(sender_id):
                    try:
                        access.check_key(sender_id, request.headers.get(access.KEY_HEADER))
                    except access.ConversationKeyError as problem:
                        return error(str(problem), 403)
                async with idempotency.first_delivery(agent, sender_id, key) as replies:
                    if replies is None:
                        await guard.handle(
                            agent,
                            on_new_message,
                            body.get("message", ""),
                            sender_id,
                            collector,
                            self.name(),
                            idempotency_key=key,
                        )
                    for reply in replies or []:  # a retry: what the first attempt was answered
                        await collector.send_response(sender_id, reply)
            return response.json(collector.messages, headers=key_headers(sender_id))

        return webhook
