"""socket.io channel at Rasa's standard path ``/socket.io``, redacting first.

Rasa's own SocketIOInput, with four changes: allowed origins come from settings (not every
origin), session ids must be uuid4s, every message passes bot.channels.guard, and a
``user_uttered`` asking for an acknowledgement gets one when its turn is over:
``{"status": "handled"}``, or ``{"status": "duplicate"}`` for a message already stored with the
same ``idempotency_key`` (bot/channels/idempotency.py; its replies are not sent again: the
client reads them from the history), or ``{"status": "refused", "error": ...}``.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.channels import guard, idempotency
from bot.settings import deployment

logger = logging.getLogger(__name__)


class PayloadSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output spreads a custom payload into ``emit``'s keyword arguments, which
    only works for payloads shaped like ``emit``'s; ours (the theme contract) go out as
    ``{"custom": payload}``, as they do over REST.

    Rasa's also cuts a reply's text at each blank line into separate messages. Ours sends each
    reply whole, as it is stored: the widget then shows a live conversation exactly as it
    restores it from the history, and a long reply is one message whose start it can show."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"text": text})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: List[Dict[str, Any]], **kwargs: Any
    ) -> None:
        replies = [
            {"content_type": "text", "title": b["title"], "payload": b["payload"]} for b in buttons
        ]
        await self._send_message(recipient_id, {"text": text, "quick_replies": replies})

    async def send_custom_json(
        self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any
    ) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


class RedactingSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def get_output_channel(self) -> SocketIOOutput | None:
        return PayloadSocketIOOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        settings = deployment()
        origins = settings.cors_origins or []
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=origins)
        webhook = SocketBlueprint(sio, self.socketio_path, "reflect_socketio_webhook", __name__)
        self.sio = sio
        starting_up = guard.domain_text("utter_error_starting_up")  # no agent yet, so no domain

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: Dict, auth: Dict | None) -> bool:
            if not self.jwt_key:
                return True
            token = (auth or {}).get("token")
            return bool(token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Dict | None) -> None:
            requested = (data or {}).get("session_id")
            try:
                session_id = guard.check_sender_id(requested)
            except guard.InvalidConversationIdError:
                session_id = str(uuid.uuid4())  # a new conversation, never a guessable one
            await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> Dict[str, str]:
            output = PayloadSocketIOOutput(sio, self.bot_message_evt)
            data = data if isinstance(data, dict) else {}
            try:
                session_id = guard.check_sender_id(data.get("session_id"))
                key = idempotency.check_key(data.get(idempotency.KEY))
            except (guard.InvalidConversationIdError, idempotency.InvalidIdempotencyKeyError) as e:
                await sio.emit(self.bot_message_evt, {"text": str(e)}, room=sid)
                return {"status": "refused", "error": str(e)}
            agent = guard.ready_agent(getattr(Sanic.get_app().ctx, "agent", None))
            if agent is None:
                await sio.emit(self.bot_message_evt, {"text": starting_up}, room=sid)
                return {"status": "refused", "error": starting_up}
            async with idempotency.first_delivery(agent, session_id, key) as replies:
                if replies is not None:
                    return {"status": "duplicate"}
                await guard.handle(
                    agent,
                    on_new_message,
                    data.get("message", ""),
                    session_id,
                    output,
                    self.name(),
                    idempotency_key=key,
                )
            return {"status": "handled"}

        return webhook
