"""Rasa's Redis lock store, made safe for several replicas.

Rasa 3.6's ``RedisLockStore`` keeps each conversation's ticket queue as one JSON value and
changes it by read-modify-write (issue a ticket, drop expired tickets, finish serving). Within
one process those steps never interleave, but two replicas can: one saves a queue it read before
the other removed a finished ticket, the finished ticket comes back, and every later turn of that
conversation waits for it to expire (60 s). This subclass runs each read-modify-write under a
short Redis mutex (redis-py's ``Lock``: SET NX with expiry, released by token), so the ticket
queue stays exact. Everything else, including the ticket protocol, is Rasa's.
"""

from __future__ import annotations

import contextlib
import logging
from typing import AsyncIterator, Iterator

import redis.exceptions
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# How long a waiting turn sleeps between looks at the queue. Rasa waits 1 s; a turn takes ~0.1 s.
POLL_SECONDS = 0.05
# The mutex only covers a few Redis round trips; these bound a replica that dies holding it.
MUTEX_SECONDS = 5
logger = logging.getLogger(__name__)


class ReplicaSafeRedisLockStore(RedisLockStore):
    """Named in the endpoints (bot/rasa_ext/endpoints.py) when Redis is configured."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    @contextlib.contextmanager
    def _exclusive(self, conversation_id: str) -> Iterator[None]:
        with self.red.lock(
            f"{self.key_prefix}{conversation_id}:mutex",
            timeout=MUTEX_SECONDS,
            blocking_timeout=MUTEX_SECONDS,
            sleep=0.005,
        ):
            yield

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._exclusive(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._exclusive(conversation_id):
            super().update_lock(conversation_id)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        with self._exclusive(conversation_id):
            super().finish_serving(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        try:
            self._cleanup(conversation_id, ticket_number)
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as error:
            # The turn is done (saved, or refused for an outage); its ticket expires by itself
            # (LOCK_LIFETIME) once Redis is back. Raising here would turn a saved turn into an
            # outage reply, and the practitioner would send it twice.
            logger.warning(
                "lock store (Redis) unreachable when a turn ended (%s): its ticket expires "
                "by itself",
                type(error).__name__,
            )

    def _cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Finishing and deleting must be one step: another replica may queue in between.
        with self._exclusive(conversation_id):
            lock = self.get_lock(conversation_id)
            if lock is None:
                return
            lock.remove_ticket_for(ticket_number)
            if lock.is_someone_waiting():
                self.save_lock(lock)
            else:
                self.delete_lock(conversation_id)

    @contextlib.asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = POLL_SECONDS,
    ) -> AsyncIterator[TicketLock]:
        async with super().lock(conversation_id, lock_lifetime, wait_time_in_seconds) as held:
            yield held
