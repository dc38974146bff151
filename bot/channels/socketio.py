"""socket.io channel at Rasa's standard path ``/socket.io``, redacting first.

Rasa's own SocketIOInput, with these changes: allowed origins come from settings (not every
origin); session ids must be uuid4s; a client joins an existing conversation's room only with
its key, and sends only into the room it joined (bot/channels/access.py); packets are limited in
size and depth before they are parsed; and every message passes bot.channels.guard.

``session_request`` takes ``{"session_id": ID, "key": KEY}`` (both optional) and is answered by
``session_confirm`` with ``{"session_id": ID, "key": KEY}``: the same conversation when the key
opens it (or it does not exist yet), otherwise a new one.

A ``user_uttered`` sent with an acknowledgement callback gets one when its turn is over:
``{"status": "handled"}``; ``{"status": "duplicate"}`` for a message already stored with the
same ``idempotency_key`` (bot/channels/idempotency.py; its replies are not sent again: the
client reads them from the history); or ``{"status": "refused", "error": ...}``. Each reply goes
out whole (``PayloadSocketIOOutput``).
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.channels import access, guard, idempotency
from bot.channels.rest import health
from bot.rasa_ext import outages
from bot.settings import deployment, tunables

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


class DepthLimitedJson:
    """The JSON module python-socketio decodes packets with: deeply nested JSON is refused
    before parsing (Python's parser recurses once a level), as over REST."""

    dumps = staticmethod(json.dumps)

    @staticmethod
    def loads(text: str | bytes, **kwargs: Any) -> Any:
        body = text.encode("utf-8", "replace") if isinstance(text, str) else text
        if guard.json_too_deep(body, tunables()["limits"]["max_json_depth"]):
            raise ValueError("nested too deeply")
        return json.loads(text, **kwargs)


class RedactingSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def get_output_channel(self) -> SocketIOOutput | None:
        return PayloadSocketIOOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        settings = deployment()
        origins = settings.cors_origins or []
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=origins,
            max_http_buffer_size=tunables()["limits"]["max_request_bytes"],
            json=DepthLimitedJson,
        )
        webhook = SocketBlueprint(sio, self.socketio_path, "reflect_socketio_webhook", __name__)
        self.sio = sio
        starting_up = guard.domain_text("utter_error_starting_up")  # no agent yet, so no domain

        @webhook.route("/", methods=["GET"])
        async def get_health(_: Request) -> HTTPResponse:
            return health()

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: Dict, auth: Dict | None) -> bool:
            if not self.jwt_key:
                return True
            token = (auth or {}).get("token")
            return bool(token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))

        async def say(sid: str, text: str) -> None:
            await sio.emit(self.bot_message_evt, {"text": text}, room=sid, namespace=self.namespace)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            data = data if isinstance(data, dict) else {}
            agent = guard.ready_agent(getattr(Sanic.get_app().ctx, "agent", None))
            if agent is None:
                await say(sid, starting_up)
                return
            try:
                session_id = guard.check_sender_id(data.get("session_id"))
                if await agent.tracker_store.exists(session_id):
                    access.check_key(session_id, data.get("key"))
            except (guard.InvalidConversationIdError, access.ConversationKeyError):
                session_id = str(uuid.uuid4())  # a new conversation, never someone else's
            except outages.StoreUnavailableError:
                # Not a new conversation either (that would lose this one): no confirmation, and
                # the client keeps its conversation id for its next session_request.
                await say(sid, guard.outage_text(agent)(outages.STORE_UNAVAILABLE))
                return
            for room in sio.rooms(sid, namespace=self.namespace):
                if room != sid:
                    await sio.leave_room(sid, room, namespace=self.namespace)
            await sio.enter_room(sid, session_id, namespace=self.namespace)
            confirmation = {"session_id": session_id, "key": access.key_for(session_id)}
            await sio.emit("session_confirm", confirmation, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> Dict[str, str]:
            output = PayloadSocketIOOutput(sio, self.bot_message_evt)
            data = data if isinstance(data, dict) else {}
            try:
                session_id = guard.check_sender_id(data.get("session_id"))
                key = idempotency.check_key(data.get(idempotency.KEY))
            except (guard.InvalidConversationIdError, idempotency.InvalidIdempotencyKeyError) as e:
                await say(sid, str(e))
                return {"status": "refused", "error": str(e)}
            if session_id not in sio.rooms(sid, namespace=self.namespace):
                # Replies go to the conversation's room: sending into a room one has not joined
                # (with the key, in session_request) would speak in someone else's conversation.
                problem = "Send session_request with this conversation's key first."
                await say(sid, problem)
                return {"status": "refused", "error": problem}
            agent = guard.ready_agent(getattr(Sanic.get_app().ctx, "agent", None))
            if agent is None:
                await say(sid, starting_up)
                return {"status": "refused", "error": starting_up}
            # A part of Reflect that is down: the turn is not stored, and the reply asks for it
            # again (bot/rasa_ext/outages.py).
            async with outages.answered(output, session_id, guard.outage_text(agent)):
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
            return {"status": "unavailable"}

        return webhook
