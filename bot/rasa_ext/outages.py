"""A turn that meets a part of Reflect that is down gets a clear reply and is not stored.

Rasa 3.6, left to itself, carries on through an outage in ways that lose a practitioner's turn:

- **Action server down.** ``RemoteAction.run`` raises when it cannot connect, and
  ``MessageProcessor._run_action`` logs that and continues "but the actions events are lost":
  the turn is stored with nothing from the action, and the practitioner gets whatever the
  policies predict next (nothing useful). Here a turn whose custom action could not reach the
  action server ends with ``ActionServerUnavailableError``, before Rasa saves the tracker: the
  practitioner is asked to send it again (``utter_error_restarting``), and once the launcher has
  restarted the action server (bot/ops/launcher.py) the resent message carries on where the
  conversation was.
- **Tracker store down.** The agent wraps the tracker store in Rasa's ``FailSafeTrackerStore``,
  which, on an error, answers ``retrieve`` with None (a new, empty conversation) and saves into
  memory: the conversation so far is forgotten and the turn is kept nowhere lasting. Its own hook
  for this, ``on_tracker_store_error``, is set (``watch``) to raise ``StoreUnavailableError``.
- **Lock store down.** Redis errors from the lock store (bot/rasa_ext/lock_store.py) end the turn
  before anything is processed.

The channels (bot/channels/rest.py, socketio.py) answer an ``OutageError`` with its response from
domain.yml (``answered``), and the log names the part that is down and the error's type, never
the error's message (a database error can quote the SQL and its values: what was said).

The two patches are applied explicitly when our Rasa server starts (bot/rasa_ext/rasa_command.py)
and check the Rasa they were written for, like bot/rasa_ext/speedups.py.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from typing import Any, AsyncIterator, Callable, Dict, List, Tuple

import aiohttp
import rasa
import redis.exceptions
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.utils.endpoints import ClientResponseError

RASA_VERSION = "3.6.21"
RESTARTING = "utter_error_restarting"
STORE_UNAVAILABLE = "utter_error_store_unavailable"
# A proxy or load balancer in front of the action server answers these while it is down.
UNAVAILABLE_STATUSES = {502, 503, 504}
logger = logging.getLogger(__name__)


class OutageError(Exception):
    """A part of Reflect is unreachable: the turn is not handled and the practitioner is told."""

    response = RESTARTING

    def __init__(self, part: str, cause: BaseException | None = None) -> None:
        super().__init__(part)
        self.part = part
        self.cause = type(cause).__name__ if cause is not None else ""


class ActionServerUnavailableError(OutageError):
    response = RESTARTING


class StoreUnavailableError(OutageError):
    response = STORE_UNAVAILABLE


def unreachable(error: BaseException) -> bool:
    """Whether ``error`` (from ``RemoteAction.run``) means the action server did not answer,
    rather than that an action failed: Rasa raises its own error with the connection error as
    the context (no connection) or the cause (a proxy's 502/503/504)."""
    for linked in (error, error.__cause__, error.__context__):
        if isinstance(linked, aiohttp.ClientConnectionError):
            return True
        if isinstance(linked, ClientResponseError) and linked.status in UNAVAILABLE_STATUSES:
            return True
    return False


# The outages met by the action being run now, when it runs inside ``_run_action``.
_met: contextvars.ContextVar[List[BaseException] | None] = contextvars.ContextVar(
    "reflect_outages", default=None
)


async def _remote_run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
    try:
        return await original(RemoteAction, "run")(self, *args, **kwargs)
    except Exception as error:
        met = _met.get()
        if met is not None and unreachable(error):
            met.append(error)
        raise


async def _run_action(self: MessageProcessor, action: Any, *args: Any, **kwargs: Any) -> bool:
    met: List[BaseException] = []
    token = _met.set(met)
    try:
        result = await original(MessageProcessor, "_run_action")(self, action, *args, **kwargs)
    finally:
        _met.reset(token)
    if met:  # Rasa went on without the action's events: end the turn before it is saved
        raise ActionServerUnavailableError("action server", met[0])
    return result


PATCHES: Tuple[Tuple[type, str, Callable[..., Any]], ...] = (
    (RemoteAction, "run", _remote_run),
    (MessageProcessor, "_run_action", _run_action),
)
_originals: Dict[Tuple[type, str], Callable[..., Any]] = {}


def original(owner: type, attribute: str) -> Callable[..., Any]:
    """Rasa's own implementation, whether or not the patch is applied."""
    return _originals.get((owner, attribute)) or getattr(owner, attribute)


def apply(rasa_version: str = rasa.__version__) -> None:
    """Apply both patches (once); raise if this is not the Rasa they were written for."""
    if rasa_version != RASA_VERSION:
        raise RuntimeError(
            f"bot/rasa_ext/outages.py was written for Rasa {RASA_VERSION}, found "
            f"{rasa_version}: re-check RemoteAction.run and MessageProcessor._run_action first."
        )
    for owner, attribute, replacement in PATCHES:
        if (owner, attribute) in _originals:
            continue
        current = owner.__dict__.get(attribute)
        if not callable(current):
            raise RuntimeError(f"Rasa {rasa_version} has no {owner.__name__}.{attribute}")
        _originals[(owner, attribute)] = current
        setattr(owner, attribute, replacement)


def applied() -> bool:
    return all(owner.__dict__.get(name) is patch for owner, name, patch in PATCHES)


def tracker_store_name(agent: Agent) -> str:
    store = getattr(agent.tracker_store, "_tracker_store", agent.tracker_store)
    dialect = getattr(getattr(store, "engine", None), "dialect", None)
    kind = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(getattr(dialect, "name", ""))
    return f"tracker store ({kind})" if kind else "tracker store"


def watch(agent: Agent) -> None:
    """Make the agent's tracker store raise ``StoreUnavailableError`` instead of falling back to
    memory (Rasa's ``on_tracker_store_error`` hook of ``FailSafeTrackerStore``)."""
    store = agent.tracker_store
    if not isinstance(store, FailSafeTrackerStore) or getattr(store, "_reflect_watched", False):
        return
    name = tracker_store_name(agent)

    def failed(error: Exception) -> None:
        raise StoreUnavailableError(name, error) from error

    store._on_tracker_store_error = failed
    store._reflect_watched = True


LOCK_STORE_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


@contextlib.asynccontextmanager
async def answered(
    output_channel: OutputChannel, sender_id: str, say: Callable[[str], str]
) -> AsyncIterator[None]:
    """Run a turn; if a part of Reflect is down, log which and answer with its response (the
    text ``say(response_name)``). Replies the turn had collected are dropped: it was not stored."""
    collected = (
        output_channel.messages if isinstance(output_channel, CollectingOutputChannel) else []
    )
    before = len(collected)
    try:
        yield
    except (OutageError, *LOCK_STORE_ERRORS) as error:
        outage = (
            error
            if isinstance(error, OutageError)
            else StoreUnavailableError("lock store (Redis)", error)
        )
        logger.warning(
            "a turn was not handled: the %s is unreachable (%s); the practitioner was asked "
            "to send it again",
            outage.part,
            outage.cause or type(error).__name__,
        )
        del collected[before:]
        await output_channel.send_text_message(sender_id, say(outage.response))
