"""bot/rasa_ext/outages.py against Rasa's own classes, without a server: what counts as the
action server being unreachable, Rasa's FailSafeTrackerStore made to raise instead of forgetting
the conversation, and the reply a channel sends for an outage."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import aiohttp
import pytest
import redis.exceptions
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.exceptions import RasaException
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from bot.rasa_ext import outages
from tests.conftest import run_async


def raised_inside(context: BaseException) -> RasaException:
    """A RasaException raised while handling ``context``, as RemoteAction.run raises it."""
    try:
        try:
            raise context
        except BaseException:  # noqa: BLE001
            raise RasaException("Failed to execute custom action") from None
    except RasaException as error:
        error.__context__ = context
        return error


def test_what_counts_as_the_action_server_being_down() -> None:
    refused = aiohttp.ClientConnectorError(SimpleNamespace(ssl=None, host="h", port=1), OSError())
    assert outages.unreachable(raised_inside(refused))
    bad_gateway = ClientResponseError(502, "Bad Gateway", "")
    failed = RasaException("Failed")
    failed.__cause__ = bad_gateway
    assert outages.unreachable(failed)
    crashed = RasaException("Failed")
    crashed.__cause__ = ClientResponseError(500, "Internal Server Error", "")
    assert not outages.unreachable(crashed)  # an action that failed is not an outage


def test_patches_apply_to_this_rasa_only() -> None:
    with pytest.raises(RuntimeError, match="written for Rasa 3.6.21"):
        outages.apply("3.7.0")
    outages.apply()
    assert outages.applied()
    assert outages.original(RemoteAction, "run") is not RemoteAction.run
    assert outages.original(MessageProcessor, "_run_action") is not MessageProcessor._run_action


class BrokenStore(InMemoryTrackerStore):
    async def retrieve(self, sender_id: str) -> None:
        raise ConnectionError("the database went away")

    async def save(self, tracker: DialogueStateTracker) -> None:
        raise ConnectionError("the database went away")


def test_a_tracker_store_error_raises_instead_of_starting_afresh() -> None:
    store = FailSafeTrackerStore(BrokenStore(Domain.empty()))
    agent = SimpleNamespace(tracker_store=store)
    assert run_async(store.retrieve("a")) is None  # Rasa's own behaviour: a new conversation
    outages.watch(agent)
    with pytest.raises(outages.StoreUnavailableError) as raised:
        run_async(store.retrieve("a"))
    assert raised.value.part == "tracker store" and raised.value.cause == "ConnectionError"
    with pytest.raises(outages.StoreUnavailableError):
        run_async(store.save(DialogueStateTracker("a", [])))
    assert run_async(store.fallback_tracker_store.retrieve("a")) is None  # nothing kept aside


@pytest.mark.parametrize(
    ("problem", "response", "part"),
    [
        (
            outages.ActionServerUnavailableError("action server"),
            "utter_error_restarting",
            "action server",
        ),
        (
            redis.exceptions.ConnectionError("gone"),
            "utter_error_store_unavailable",
            "lock store (Redis)",
        ),
    ],
)
def test_an_outage_is_answered_and_the_turn_replies_dropped(
    problem: Exception, response: str, part: str, caplog: pytest.LogCaptureFixture
) -> None:
    channel = CollectingOutputChannel()

    async def turn() -> None:
        async with outages.answered(channel, "a", lambda name: f"<{name}>"):
            await channel.send_text_message("a", "half a turn")
            raise problem

    with caplog.at_level(logging.WARNING):
        run_async(turn())
    assert [m["text"] for m in channel.messages] == [f"<{response}>"]
    assert f"the {part} is unreachable" in caplog.text and "gone" not in caplog.text


def test_remote_action_without_a_server_is_an_outage_in_rasas_processor() -> None:
    """Rasa's own RemoteAction, calling a port nothing listens on, inside the patched
    MessageProcessor._run_action: the turn ends with ActionServerUnavailableError (Rasa alone
    logs it and carries on without the action's events)."""
    from bot.ops.launcher import free_port

    outages.apply()
    domain = Domain.from_dict({"actions": ["action_x"]})
    action = RemoteAction("action_x", EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook"))
    processor = MessageProcessor.__new__(MessageProcessor)
    processor.domain = domain
    tracker = DialogueStateTracker("a", domain.slots)
    prediction = PolicyPrediction([1.0], "a policy")
    with pytest.raises(outages.ActionServerUnavailableError):
        run_async(
            processor._run_action(action, tracker, CollectingOutputChannel(), None, prediction)
        )
