"""Idempotency keys: a message its client sends again is stored once.

The widget gives every message a random key (a uuid4) and keeps it in an outbox until the server
acknowledges it, sending it again after a dropped connection or a failed request. The first
attempt may have reached Rasa all the same, its acknowledgement lost on the way back, so the key
is checked here before the message goes any further:

- the key is stored with the message, in Reflect's own metadata (``metadata["reflect"]``,
  contract 2 in bot/core/turn_data.py) as ``idempotency_key``, so a retry is recognised
  by any replica and after a restart: the tracker store is the record of what was stored;
- Rasa saves a turn only when it ends, so a retry that arrives while the first attempt is still
  being handled by this server waits for it, then counts as a duplicate. (A retry sent to
  another replica during that turn is not caught; nginx pins a socket.io client to one replica.)

A duplicate is not handled again: the channel answers with the replies already stored for it.
A message without a key is handled as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import Any, AsyncIterator, Dict, List, Tuple

from rasa.core.agent import Agent
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.events import BotUttered, UserUttered

from bot.core.turn_data import REFLECT

KEY = "idempotency_key"
_handling: Dict[Tuple[str, str], asyncio.Event] = {}


class InvalidIdempotencyKeyError(ValueError):
    pass


def check_key(value: Any) -> str | None:
    """The key in canonical form, or None when the client sent none."""
    if value is None:
        return None
    try:
        if isinstance(value, str) and len(value) <= 36:
            return str(uuid.UUID(value))
    except ValueError:
        pass
    raise InvalidIdempotencyKeyError(f"'{KEY}' must be a UUID chosen by the client.")


def tag(metadata: Dict[str, Any], key: str | None) -> None:
    """Store ``key`` with the message whose metadata this is (guard.handle)."""
    if key is not None:
        metadata.setdefault(REFLECT, {})[KEY] = key


def stored_key(metadata: Dict[str, Any] | None) -> str | None:
    """The key stored with a user message, from its metadata."""
    return ((metadata or {}).get(REFLECT) or {}).get(KEY)


async def stored_replies(agent: Agent, sender_id: str, key: str) -> List[Dict[str, Any]] | None:
    """None when no message with ``key`` is stored in this conversation; otherwise the bot
    messages that answered it, as an output channel takes them: those stored after it, before
    the next user message, and, when it opened its session, the greeting before it."""
    tracker = await agent.tracker_store.retrieve(sender_id)  # its latest session, as Rasa reads
    events = list(tracker.events) if tracker is not None else []
    found = _keyed(events, key)
    if found is not None and not any(isinstance(e, UserUttered) for e in events[:found]):
        # The first message of its session: Rasa's session-start action sent the greeting just
        # before the session_started event, outside the latest session. Rare: read it all.
        tracker = await agent.tracker_store.retrieve_full_tracker(sender_id)
        events = list(tracker.events)
        found = _keyed(events, key)
    if found is None:
        return None
    start = found
    for index in range(found - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            break
        if getattr(events[index], "action_name", None) == ACTION_SESSION_START_NAME:
            start = index
            break
    end = next(
        (i for i in range(found + 1, len(events)) if isinstance(events[i], UserUttered)),
        len(events),
    )
    return [
        {"text": e.text, **{k: v for k, v in e.data.items() if v}}
        for e in events[start:end]
        if isinstance(e, BotUttered)
    ]


def _keyed(events: List[Any], key: str) -> int | None:
    """The index of the user message stored with ``key``, looking from the end (a retry comes
    soon after its first attempt)."""
    return next(
        (
            i
            for i in range(len(events) - 1, -1, -1)
            if isinstance(events[i], UserUttered) and stored_key(events[i].metadata) == key
        ),
        None,
    )


@contextlib.asynccontextmanager
async def first_delivery(
    agent: Agent, sender_id: str, key: str | None
) -> AsyncIterator[List[Dict[str, Any]] | None]:
    """Yields None when the message is to be handled (no key, or a key not seen before), or the
    replies already stored for it when it is a duplicate."""
    if key is None:
        yield None
        return
    slot = (sender_id, key)
    while slot in _handling:  # an attempt is being handled here, its turn not saved yet
        await _handling[slot].wait()
    # Taken before the first await, so two retries arriving together cannot both go ahead.
    done = _handling[slot] = asyncio.Event()
    try:
        yield await stored_replies(agent, sender_id, key)
    finally:
        del _handling[slot]
        done.set()
