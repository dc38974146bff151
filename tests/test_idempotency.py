"""bot/channels/idempotency.py with guard.handle and a stand-in agent whose tracker store saves a
turn only when it ends, as Rasa does: a message sent again with its key is handled once."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any, Dict, List

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels import guard, idempotency
from tests.conftest import run_async
from tests.test_guard import StandInAgent


class StoringAgent(StandInAgent):
    """A stand-in agent with a tracker store in memory, which, as Rasa's SQL store, retrieves
    only the latest session unless asked for the whole conversation."""

    def __init__(self) -> None:
        super().__init__()
        self.trackers: Dict[str, DialogueStateTracker] = {}
        self.tracker_store.retrieve = self._latest_session
        self.tracker_store.retrieve_full_tracker = self._stored

    async def _stored(self, sender_id: str) -> DialogueStateTracker | None:
        return self.trackers.get(sender_id)

    async def _latest_session(self, sender_id: str) -> DialogueStateTracker | None:
        if sender_id not in self.trackers:
            return None
        events = list(self.trackers[sender_id].events)
        start = max(i for i, e in enumerate(events) if isinstance(e, SessionStarted))
        return DialogueStateTracker.from_events(sender_id, events[start:])

    async def on_new_message(self, message: UserMessage) -> None:
        """Rasa's turn: a new conversation's session start sends the greeting before the
        session_started event; then two replies; the tracker saved at the end, after some work."""
        await asyncio.sleep(0.05)
        tracker = self.trackers.get(message.sender_id)
        replies = [f"you said {message.text}", "anything else?"]
        if tracker is None:
            tracker = self.trackers[message.sender_id] = DialogueStateTracker(message.sender_id, [])
            tracker.update(ActionExecuted(ACTION_SESSION_START_NAME))
            tracker.update(BotUttered("hello, I'm the greeting"))
            tracker.update(SessionStarted())
            tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
            await message.output_channel.send_text_message(
                message.sender_id, "hello, I'm the greeting"
            )
        tracker.update(UserUttered(message.text, metadata=message.metadata))
        for reply in replies:
            tracker.update(BotUttered(reply, {"buttons": [{"title": "No", "payload": "/deny"}]}))
            await message.output_channel.send_text_message(message.sender_id, reply)

    def user_texts(self, sender_id: str) -> List[str]:
        return [e.text for e in self.trackers[sender_id].events if isinstance(e, UserUttered)]


async def deliver(agent: StoringAgent, sender: str, text: str, key: str | None) -> List[Any]:
    """What the REST channel does with one request: the replies it answers with."""
    collector = CollectingOutputChannel()
    async with idempotency.first_delivery(agent, sender, key) as replies:
        if replies is None:
            await guard.handle(
                agent, agent.on_new_message, text, sender, collector, "rest", idempotency_key=key
            )
        for reply in replies or []:
            await collector.send_response(sender, reply)
    return [m.get("text") for m in collector.messages]


@pytest.fixture(autouse=True)
def fresh_turn_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "_turns", None)  # a semaphore for each test's event loop


def test_a_retry_is_stored_once_and_answered_with_the_first_reply() -> None:
    agent, sender, key = StoringAgent(), str(uuid.uuid4()), str(uuid.uuid4())

    async def main() -> List[List[Any]]:
        return [await deliver(agent, sender, "hello there", key) for _ in range(3)]

    first, *retries = run_async(main())
    assert agent.user_texts(sender) == ["hello there"]
    assert first == ["hello, I'm the greeting", "you said hello there", "anything else?"]
    assert retries == [first, first]  # the greeting too: the first message opened the session
    [event] = [e for e in agent.trackers[sender].events if isinstance(e, UserUttered)]
    assert event.metadata["reflect"]["idempotency_key"] == key


def test_a_retry_during_the_first_attempt_waits_for_it_and_is_not_stored() -> None:
    agent, sender, key = StoringAgent(), str(uuid.uuid4()), str(uuid.uuid4())

    async def main() -> List[List[Any]]:
        return await asyncio.gather(*(deliver(agent, sender, "same", key) for _ in range(3)))

    answers = run_async(main())
    assert agent.user_texts(sender) == ["same"]
    assert answers == [["hello, I'm the greeting", "you said same", "anything else?"]] * 3
    assert idempotency._handling == {}


def test_a_later_retry_gets_its_own_turn_s_replies_only() -> None:
    agent, sender, keys = StoringAgent(), str(uuid.uuid4()), [str(uuid.uuid4()) for _ in range(3)]

    async def main() -> List[Any]:
        for number, key in enumerate(keys):
            await deliver(agent, sender, f"message {number}", key)
        return await deliver(agent, sender, "message 1", keys[1])

    assert run_async(main()) == ["you said message 1", "anything else?"]
    assert agent.user_texts(sender) == ["message 0", "message 1", "message 2"]


def test_other_keys_and_messages_without_a_key_are_each_handled() -> None:
    agent, sender = StoringAgent(), str(uuid.uuid4())

    async def main() -> None:
        for text, key in [("a", str(uuid.uuid4())), ("b", str(uuid.uuid4())), ("c", None)]:
            await deliver(agent, sender, text, key)
        await deliver(agent, sender, "c", None)

    run_async(main())
    assert agent.user_texts(sender) == ["a", "b", "c", "c"]


def test_the_same_key_in_another_conversation_is_another_message() -> None:
    agent, key = StoringAgent(), str(uuid.uuid4())
    senders = [str(uuid.uuid4()), str(uuid.uuid4())]

    async def main() -> None:
        for sender in senders:
            await deliver(agent, sender, "hi", key)

    run_async(main())
    assert [agent.user_texts(s) for s in senders] == [["hi"], ["hi"]]


def test_a_message_refused_before_storing_is_handled_again_on_retry() -> None:
    agent, sender, key = StoringAgent(), str(uuid.uuid4()), str(uuid.uuid4())

    async def main() -> List[List[Any]]:
        return [await deliver(agent, sender, "   ", key) for _ in range(2)]

    assert run_async(main()) == [["empty"], ["empty"]]  # nothing stored, so nothing to replay
    assert sender not in agent.trackers


def test_keys_are_uuids_in_canonical_form() -> None:
    key = uuid.uuid4()
    assert idempotency.check_key(str(key).upper()) == str(key)
    assert idempotency.check_key(None) is None
    for bad in ["", "1", 12, {"a": 1}, "x" * 100, str(key) + "0"]:
        with pytest.raises(idempotency.InvalidIdempotencyKeyError):
            idempotency.check_key(bad)
