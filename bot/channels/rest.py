"""REST channel at Rasa's standard path ``POST /webhooks/rest/webhook``, redacting first.

Request and reply are Rasa's: ``{"sender": ID, "message": TEXT}`` in, a JSON list of bot messages
out. Bad requests get a 400 with ``{"error": ...}``, never a 500. An optional
``"idempotency_key"`` (a uuid) makes a retry safe: a message already stored with that key is not
handled again, and the reply is the one stored for it (bot/channels/idempotency.py).
"""

from __future__ import annotations

import json
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import guard, idempotency
from bot.privacy.redaction import redactor


def error(message: str, status: int = 400) -> HTTPResponse:
    return response.json({"error": message}, status=status)


class RedactingRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"  # keeps the URL /webhooks/rest/webhook for every client

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("reflect_rest_webhook", __name__)
        redactor()  # load Presidio and spaCy at start-up, not on the first message
        starting_up = guard.domain_text("utter_error_starting_up")

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = json.loads(request.body or b"")
            except (ValueError, UnicodeDecodeError):
                return error("The request body is not valid JSON.")
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
            return response.json(collector.messages)

        return webhook
