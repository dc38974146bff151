"""bot/channels/guard.py with a stand-in agent: what reaches Rasa, and how many turns at once."""

from __future__ import annotations

import asyncio
import uuid
from types import SimpleNamespace
from typing import Any, Dict, List

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels import guard
from bot.settings import tunables
from tests.conftest import run_async


class StandInAgent:
    """Just what guard.handle uses: the parser, the tracker store and the domain's intents and
    wording (the real domain's, where given)."""

    def __init__(self, domain: Dict[str, Any] | None = None) -> None:
        self.processor = SimpleNamespace(parse_message=self._parse)
        self.tracker_store = SimpleNamespace(retrieve=self._retrieve)
        self.domain = SimpleNamespace(
            intents=(domain or {}).get("intents") or ["deny", "skip_question", "choose_theme"],
            responses={
                "utter_privacy_notice": [{"text": "removed: {kinds}"}],
                "utter_error_empty_message": [{"text": "empty"}],
                "utter_error_message_too_long": [{"text": "too long: {limit}"}],
            },
        )
        self.parsed: List[str] = []

    async def _parse(self, message: UserMessage) -> Dict[str, Any]:
        self.parsed.append(message.text)
        return {"text": message.text, "intent": {"name": "greet", "confidence": 0.9}}

    async def _retrieve(self, sender_id: str) -> None:
        return None


def test_turns_are_admitted_in_arrival_order_a_few_at_a_time(monkeypatch) -> None:
    monkeypatch.setattr(guard, "_turns", None)  # a semaphore for this test's event loop
    limit = tunables()["limits"]["concurrent_turns"]
    agent, started, active, most = StandInAgent(), [], [0], [0]

    async def on_new_message(message: UserMessage) -> None:
        started.append(message.text)
        active[0] += 1
        most[0] = max(most[0], active[0])
        await asyncio.sleep(0.2)  # much longer than screening a message (redaction, embedding)
        active[0] -= 1

    async def main() -> None:
        sender = str(uuid.uuid4())
        await asyncio.gather(
            *(
                guard.handle(
                    agent, on_new_message, f"turn {i}", sender, CollectingOutputChannel(), "rest"
                )
                for i in range(limit * 3)
            )
        )

    run_async(main())
    assert started == [f"turn {i}" for i in range(limit * 3)]
    assert most[0] == limit


@pytest.mark.parametrize("payload", ["/deny", "/skip_question"])
def test_a_button_payload_is_passed_on_untouched(monkeypatch, payload: str) -> None:
    monkeypatch.setattr(guard, "_turns", None)
    agent, seen = StandInAgent(), []

    async def on_new_message(message: UserMessage) -> None:
        seen.append(message)

    run_async(
        guard.handle(
            agent, on_new_message, payload, str(uuid.uuid4()), CollectingOutputChannel(), "rest"
        )
    )
    assert seen[0].text == payload and seen[0].metadata == {
        "reflect": {"redacted": [], "risk": False}
    }


def test_details_are_removed_before_parsing_and_the_practitioner_is_told(monkeypatch) -> None:
    monkeypatch.setattr(guard, "_turns", None)
    agent, seen, out = StandInAgent(), [], CollectingOutputChannel()

    async def on_new_message(message: UserMessage) -> None:
        seen.append(message)

    text = "Mrs Zephyrine Quillfeather rang from 07700 900123 about the plan"
    run_async(guard.handle(agent, on_new_message, text, str(uuid.uuid4()), out, "rest"))
    assert "Quillfeather" not in seen[0].text and "07700" not in seen[0].text
    assert all("Quillfeather" not in parsed for parsed in agent.parsed)
    assert seen[0].metadata["reflect"]["redacted"] == ["[NAME]", "[PHONE]"]
    assert out.messages[-1]["text"].startswith("removed: name, phone")


def through_guard(text: str, agent: StandInAgent | None = None) -> UserMessage:
    """What Rasa's processor receives for ``text``."""
    seen: List[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        seen.append(message)

    out = CollectingOutputChannel()
    sender = str(uuid.uuid4())
    run_async(guard.handle(agent or StandInAgent(), on_new_message, text, sender, out, "rest"))
    return seen[0]


def test_a_payload_keeps_its_structure_and_loses_only_identifying_values(monkeypatch) -> None:
    monkeypatch.setattr(guard, "_turns", None)
    payload = '/choose_theme{"theme":"cross_borough_working","case_number":"3"}'
    assert through_guard(payload).text == payload
    named = through_guard('/choose_theme{"theme":"Zephyrine Quillfeather 07700 900123"}')
    assert named.text == '/choose_theme{"theme":"[NAME] [PHONE]"}'
    assert named.metadata["reflect"]["redacted"] == ["[NAME]", "[PHONE]"]
    # Not a payload Rasa would unpack (no such intent): words, redacted as words.
    words = through_guard("/nursery rang from 07700 900123")
    assert words.text == "/nursery rang from [PHONE]"


def test_every_button_the_bot_can_send_survives_the_guard_unchanged(
    monkeypatch, kb, domain
) -> None:
    from actions.audit_content import case_buttons, resource_buttons
    from actions.common import theme_buttons

    monkeypatch.setattr(guard, "_turns", None)
    cases = list(kb.cases.values())
    buttons = [
        *(b for r in domain["responses"].values() for v in r for b in v.get("buttons") or []),
        *theme_buttons(kb.themes),
        *(b for c in cases for b in theme_buttons(kb.themes, case_number=str(c.number))),
        *case_buttons(cases),
        *resource_buttons(kb.resources.values()),
    ]
    payloads = sorted({b["payload"] for b in buttons})
    assert len(payloads) > 30
    agent = StandInAgent(domain)
    changed = [p for p in payloads if through_guard(p, agent).text != p]
    assert changed == []
