"""``GET /webhooks/reflect/widget/config.json``: what the chat widget shows from content."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any, Dict

from rasa.core.channels.channel import register
from sanic import Sanic

from bot.channels.reflect_web import ReflectWebInput
from bot.knowledge import KnowledgeBase
from tests.conftest import run_async

CONFIG_PATH = "/webhooks/reflect/widget/config.json"
WIDGET_JS = Path(__file__).resolve().parent.parent / "bot" / "web" / "widget" / "reflect-widget.js"


def served(path: str) -> tuple:
    """The route Sanic picks for ``GET path`` on the channel as Rasa registers it, and its reply."""
    app = Sanic(f"reflect_web_config_{uuid.uuid4().hex}")
    register([ReflectWebInput()], app, route="/webhooks/")
    app.router.finalize()
    route, handler, params = app.router.get(path, "GET", None)
    return route, run_async(handler(None, **params))


def config() -> Dict[str, Any]:
    route, reply = served(CONFIG_PATH)
    assert route.name.endswith("get_widget_config")  # not widget/<filename>
    assert reply.status == 200 and reply.content_type == "application/json"
    return json.loads(reply.body)


def test_the_safety_line_names_the_notice_contact_from_safety_yml(kb: KnowledgeBase) -> None:
    contact = kb.safety.contact(kb.safety.notice_contact)
    assert contact.id == "emergency" and contact.phone == "999"
    assert config() == {
        "safety_notice": "Reflect is not a referral route: if a child is in immediate danger, "
        "call 999."
    }


def test_the_wording_is_the_domain_response(domain: Dict[str, Any], kb: KnowledgeBase) -> None:
    wording = domain["responses"]["utter_widget_safety_notice"][0]["text"]
    phone = kb.safety.contact(kb.safety.notice_contact).phone
    assert config()["safety_notice"] == wording.format(phone=phone)


def test_the_widget_files_are_still_served_beside_it() -> None:
    route, _ = served("/webhooks/reflect/widget/reflect-widget.js")
    assert route.name.endswith("widget_file")


def test_the_widget_script_fetches_the_line_and_hard_codes_no_number() -> None:
    script = WIDGET_JS.read_text(encoding="utf-8")
    assert "/webhooks/reflect/widget/config.json" in script
    assert "999" not in script and "immediate danger" not in script


def test_both_channels_say_starting_up_in_the_domain_s_words(domain: Dict[str, Any]) -> None:
    from bot.channels.guard import domain_text

    wording = domain["responses"]["utter_error_starting_up"][0]["text"]
    assert domain_text("utter_error_starting_up") == wording
    channels = Path(__file__).resolve().parent.parent / "bot" / "channels"
    for module in ("rest.py", "socketio.py"):
        source = (channels / module).read_text(encoding="utf-8")
        assert 'guard.domain_text("utter_error_starting_up")' in source
        assert "Reflect is starting up" not in source
