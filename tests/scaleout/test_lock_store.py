"""The replica-safe Redis lock store against the Redis on this machine: two store objects stand
for two replicas, hammering one conversation's ticket queue from many threads at once."""

from __future__ import annotations

import asyncio
import concurrent.futures
import uuid

import pytest
import redis
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_ext.lock_store import ReplicaSafeRedisLockStore
from tests.conftest import run_async

pytestmark = [pytest.mark.scaleout, pytest.mark.redis]
REDIS_DB = 8  # a database of its own on the machine's Redis


def replica_safe() -> ReplicaSafeRedisLockStore:
    return ReplicaSafeRedisLockStore(
        EndpointConfig(url="127.0.0.1", port=6379, db=REDIS_DB, type="ignored")
    )


def churn(stores: list, conversation: str, rounds: int) -> list[int]:
    """Each worker issues a ticket and finishes with it, as each turn does; returns the tickets."""

    def worker(index: int) -> int:
        store = stores[index % len(stores)]
        ticket = store.issue_ticket(conversation)
        store.update_lock(conversation)
        store.cleanup(conversation, ticket)
        return ticket

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(worker, range(rounds)))


@pytest.fixture(autouse=True)
def clean_redis() -> None:
    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()


def test_no_finished_ticket_is_left_behind_across_replicas() -> None:
    conversation = str(uuid.uuid4())
    stores = [replica_safe(), replica_safe()]
    assert len(churn(stores, conversation, 400)) == 400
    # No finished ticket came back for later turns to wait on. (Rasa's own RedisLockStore, put
    # through the same churn, left one behind in 5 runs out of 5 when this was written.)
    assert stores[0].get_lock(conversation) is None


def test_waiting_turns_are_served_in_order_and_quickly() -> None:
    conversation = str(uuid.uuid4())
    stores = [replica_safe(), replica_safe()]
    served: list[int] = []

    async def turn(index: int) -> None:
        async with stores[index % 2].lock(conversation):
            served.append(index)
            await asyncio.sleep(0.01)

    async def main() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        tasks = []
        for index in range(10):
            tasks.append(asyncio.create_task(turn(index)))
            await asyncio.sleep(0)  # queue in order
        await asyncio.gather(*tasks)
        return loop.time() - started

    seconds = run_async(main())
    assert served == list(range(10))
    assert seconds < 5  # Rasa's 1 s polling would take about 9 s
    assert stores[0].get_lock(conversation) is None
