"""socket.io channel at Rasa's standard path ``/socket.io``, redacting first.

Rasa's own SocketIOInput, with three changes: allowed origins come from settings (not every
origin), session ids must be uuid4s, and every message passes bot.channels.guard.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.channels import guard
from bot.settings import deployment

logger = logging.getLogger(__name__)


class PayloadSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output spreads a custom payload into ``emit``'s keyword arguments, which
    only works for payloads shaped like ``emit``'s; ours (the theme contract) go out as
    ``{"custom": payload}``, as they do over REST."""

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
        async def handle_message(sid: str, data: Any) -> None:
            output = PayloadSocketIOOutput(sio, self.bot_message_evt)
            data = data if isinstance(data, dict) else {}
            try:
                session_id = guard.check_sender_id(data.get("session_id"))
            except guard.InvalidConversationIdError as problem:
                await sio.emit(self.bot_message_evt, {"text": str(problem)}, room=sid)
                return
            agent = guard.ready_agent(getattr(Sanic.get_app().ctx, "agent", None))
            if agent is None:
                await sio.emit(self.bot_message_evt, {"text": starting_up}, room=sid)
                return
            await guard.handle(
                agent, on_new_message, data.get("message", ""), session_id, output, self.name()
            )

        return webhook
