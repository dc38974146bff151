"""Reflect's own HTTP endpoints, served by the Rasa server under ``/webhooks/reflect/``.

- ``GET history/<id>``: this conversation's messages in its latest session, greeting included,
  as stored (already redacted); a user message carries the ``idempotency_key`` it was sent with.
  The widget restores itself from here, never from Rasa's token-protected HTTP API.
- ``GET summary/<id>.md``: the session summary as Markdown.
- ``GET supervision_record/<id>.md`` and ``.html``: the supervision record.
- ``GET widget/<file>``: the chat widget's own script, styles and the socket.io client.
- ``GET widget/config.json``: what the widget shows from content (the safety line above every
  conversation, from bot/knowledge/content/safety.yml).
- ``GET widget/origin.json``: whether the asking page's origin may use Reflect
  (``origin_check``), readable by any origin.
- ``GET insights``, ``insights.html``, ``insights.csv``: the partnership's insights, with
  REFLECT_INSIGHTS_TOKEN (bot/channels/insights.py).

History and downloads need the conversation's key in the ``X-Reflect-Key`` header
(bot/channels/access.py): the id appears in these URLs, the key never does.

The server also deletes old conversations here every ``privacy.retention_every_hours``
(reflect.yml), as ``python -m bot retention`` does.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.trackers import EventVerbosity
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import access, guard, idempotency
from bot.channels.insights import add_insights_routes
from bot.channels.rest import error
from bot.core import summary, supervision
from bot.knowledge import knowledge
from bot.privacy.retention import retention_in_server, stop_retention
from bot.rasa_ext.payloads import is_payload
from bot.settings import Deployment, deployment
from bot.web import records

WIDGET_DIR = Path(__file__).resolve().parent.parent / "web" / "widget"
_JS, _CSS = "application/javascript; charset=utf-8", "text/css; charset=utf-8"
WIDGET_FILES = {  # URL name -> (file under bot/web/widget, type)
    "reflect-widget.js": ("reflect-widget.js", _JS),
    "reflect-widget.css": ("reflect-widget.css", _CSS),
    "socket.io.min.js": ("vendor/socket.io.min.js", _JS),
}
DOWNLOADS = {"summary": ("md",), "supervision_record": ("md", "html")}
_VERSIONED = re.compile(r"(.+)\.v(\d{1,4})")  # supervision_record/<id>.v2.md: version 2


def history(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """User and bot messages in order, as the practitioner saw them."""
    messages: List[Dict[str, Any]] = []
    last_buttons: List[Dict[str, Any]] = []
    for event in events:
        if event.get("event") == "user":
            text = event.get("text") or ""
            if is_payload(text):
                # A button press shows as the button's title; a client's own control message
                # (the widget's opening "/greet") is not something the practitioner said.
                text = next((b["title"] for b in last_buttons if b.get("payload") == text), None)
                if text is None:
                    continue
            messages.append(
                {
                    "from": "user",
                    "text": text,
                    "timestamp": event.get("timestamp"),
                    "idempotency_key": idempotency.stored_key(event.get("metadata")),
                }
            )
        elif event.get("event") == "bot":
            data = event.get("data") or {}
            buttons = data.get("buttons") or []
            last_buttons = buttons or last_buttons
            messages.append(
                {
                    "from": "bot",
                    "text": event.get("text"),
                    "buttons": buttons,
                    "custom": data.get("custom"),
                    "timestamp": event.get("timestamp"),
                }
            )
    return messages


def latest_session(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The events of the conversation's latest session, or since its last restart. Rasa's
    session-start action sends the greeting before the ``session_started`` event it returns, so
    a session is taken from that action on: without it, the greeting is lost on reload."""
    start = 0
    for index, event in enumerate(events):
        if event.get("event") == "restart" or event.get("name") == ACTION_SESSION_START_NAME:
            start = index
    return events[start:]


def origin_check(origin: str | None, settings: Deployment) -> Dict[str, Any]:
    """Whether a page at ``origin`` may use Reflect (REFLECT_CORS_ORIGINS). A refused page cannot
    read any other reply of Reflect's, so without this the widget could only say that Reflect is
    unreachable; in development it names the origin to add. (No Origin: the same origin.)"""
    allowed = origin is None or origin in settings.cors_origins or "*" in settings.cors_origins
    return {"origin": origin, "allowed": allowed, "development": not settings.production}


def widget_config() -> Dict[str, str]:
    """The widget's content: the safety line, naming safety.yml's ``notice_contact`` number."""
    safety = knowledge().safety
    phone = safety.contact(safety.notice_contact).phone
    return {"safety_notice": guard.domain_text("utter_widget_safety_notice", phone=phone)}


class ReflectWebInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "reflect"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        web = Blueprint("reflect_web", __name__)

        async def events_for(
            request: Request, sender_id: str, all_sessions: bool = False
        ) -> List[Dict[str, Any]] | None:
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None:
                return None
            store = agent.tracker_store
            fetch = store.retrieve_full_tracker if all_sessions else store.retrieve
            tracker = await fetch(sender_id)
            if tracker is None:
                return None
            # records: every event, as the action server numbers them (a record filed before
            # "start over" keeps its number; a trial's old link served the next case's record)
            verbosity = EventVerbosity.ALL if all_sessions else EventVerbosity.AFTER_RESTART
            return tracker.current_state(verbosity)["events"]

        def opened(request: Request, sender_id: str) -> str | HTTPResponse:
            """The canonical id when the request holds the conversation's key; else an error."""
            try:
                sender_id = guard.check_sender_id(sender_id)
                access.check_key(sender_id, request.headers.get(access.KEY_HEADER))
            except guard.InvalidConversationIdError as problem:
                return error(str(problem))
            except access.ConversationKeyError as problem:
                return error(str(problem), 403)
            return sender_id

        @web.route("/history/<sender_id>", methods=["GET"])
        async def get_history(request: Request, sender_id: str) -> HTTPResponse:
            sender_id = opened(request, sender_id)
            if isinstance(sender_id, HTTPResponse):
                return sender_id
            agent = getattr(request.app.ctx, "agent", None)
            tracker = await agent.tracker_store.retrieve_full_tracker(sender_id) if agent else None
            events = tracker.current_state(EventVerbosity.ALL)["events"] if tracker else []
            return response.json(
                {"sender": sender_id, "messages": history(latest_session(events))},
                headers={"Cache-Control": "no-store"},
            )

        @web.route("/<kind>/<filename>", methods=["GET"])
        async def download(request: Request, kind: str, filename: str) -> HTTPResponse:
            sender_id, _, fmt = filename.rpartition(".")
            if kind not in DOWNLOADS or fmt not in DOWNLOADS[kind]:
                return error("No such download.", 404)
            versioned = _VERSIONED.fullmatch(sender_id)
            version = int(versioned.group(2)) if versioned and kind != "summary" else None
            if version is not None:
                sender_id = versioned.group(1)
            sender_id = opened(request, sender_id)
            if isinstance(sender_id, HTTPResponse):
                return sender_id
            # a record filed in an earlier session is still filed
            events = await events_for(request, sender_id, all_sessions=kind != "summary")
            if events is None:
                return error("No conversation with this id.", 404)
            if kind == "summary":
                body = records.summary_markdown(summary.summarise(events, knowledge()), knowledge())
            else:
                filed = supervision.filed_records(events)
                # the latest at <id>.md, each version also at its own <id>.vN.md
                wanted = len(filed) if version is None else version
                if not 1 <= wanted <= len(filed):
                    return error("This conversation has no such supervision record.", 404)
                state = filed[wanted - 1]
                render = records.supervision_html if fmt == "html" else records.supervision_markdown
                body = render(state, knowledge())
            content_type = "text/html" if fmt == "html" else "text/markdown"
            return response.text(
                body,
                content_type=f"{content_type}; charset=utf-8",
                headers={
                    "Content-Disposition": f'attachment; filename="reflect-{kind}.{fmt}"',
                    "Cache-Control": "no-store",
                },
            )

        @web.route("/widget/<filename>", methods=["GET"])
        async def widget_file(request: Request, filename: str) -> HTTPResponse:
            if filename not in WIDGET_FILES:
                return error("No such file.", 404)
            path, mime_type = WIDGET_FILES[filename]
            return await response.file(
                WIDGET_DIR / path, mime_type=mime_type, headers={"Cache-Control": "no-cache"}
            )

        config = widget_config()  # built once: a broken wording or content stops the start
        settings = deployment()
        add_insights_routes(web, settings)
        web.listener("after_server_start")(retention_in_server)
        web.listener("before_server_stop")(stop_retention)

        # Static paths: Sanic matches them before ``widget/<filename>``.
        @web.route("/widget/config.json", methods=["GET"])
        async def get_widget_config(_: Request) -> HTTPResponse:
            return response.json(config, headers={"Cache-Control": "no-cache"})

        @web.route("/widget/origin.json", methods=["GET"])
        async def get_origin_check(request: Request) -> HTTPResponse:
            origin = request.headers.get("Origin")
            check = origin_check(origin, settings)
            headers = {"Cache-Control": "no-cache", "Vary": "Origin"}
            if origin and not check["allowed"]:
                # Rasa's CORS answers allowed origins only (a second copy of this header would
                # make browsers refuse the reply): a refused page may read this one reply.
                headers["Access-Control-Allow-Origin"] = origin
            return response.json(check, headers=headers)

        return web
