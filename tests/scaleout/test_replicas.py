"""Two Rasa replicas sharing the PostgreSQL tracker store and the Redis lock store on this
machine: a conversation keeps its state across replicas, survives losing one, and concurrent
turns of one conversation are serialised."""

from __future__ import annotations

import concurrent.futures
import json
import os
import signal
import uuid
from typing import Dict, Iterator, List

import pytest
import redis
import sqlalchemy as sa

from bot.ops.launcher import action_service, child_env, free_port, rasa_service, running
from bot.ops.replicas import replica_settings
from tests.e2e.conftest import ServedBot, customs

pytestmark = [pytest.mark.scaleout, pytest.mark.postgres, pytest.mark.redis]
REDIS_DB = 7  # a database of its own on the machine's Redis


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict]:
    database = f"reflect_scaleout_{uuid.uuid4().hex[:8]}"
    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    data_dir = tmp_path_factory.mktemp("replicas")
    env = {
        "REFLECT_DATA_DIR": str(data_dir),
        "ACTION_PORT": str(free_port()),
        "REFLECT_TRACKER_DB_URL": f"postgresql://postgres@127.0.0.1:5432/{database}",
        "REFLECT_LOCK_STORE_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
    }
    first_port = free_port()
    settings = replica_settings(2, first_port, env)
    if any(s.port != first_port + i for i, s in enumerate(settings)):
        pytest.fail("replica ports")
    services = [action_service(settings[0]), *(rasa_service(s, False) for s in settings)]
    keys: Dict[str, str] = {}  # one client talking to both replicas keeps one set of keys
    with running(services, child_env(settings[0]), data_dir / "logs") as processes:
        yield {
            "bots": [ServedBot(s, data_dir / "logs", 0, keys) for s in settings],
            "processes": processes,
            "database": database,
        }
    admin = sa.create_engine(
        "postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(sa.text(f'drop database if exists "{database}" with (force)'))


def history(bot: ServedBot, sender: str) -> List[Dict]:
    _, _, body = bot.request(f"/webhooks/reflect/history/{sender}")
    return json.loads(body)["messages"]


def test_a_reflective_loop_keeps_its_state_across_replicas(replicas) -> None:
    a, b = replicas["bots"]
    sender = str(uuid.uuid4())
    first = a.say(
        sender,
        "the professionals on this case get on so well that nobody ever "
        "challenges anyone, including me",
    )
    asked = [customs(first, "reflective_question")[0]["id"]]
    for bot, answer in [(b, "/deny"), (a, "/express_unsure")]:
        reply = bot.say(sender, answer)
        assert "from the audit" in reply[0]["text"].lower()  # heard on either replica
        asked.append(customs(reply, "reflective_question")[0]["id"])
    assert len(set(asked)) == 3  # each replica asked the next question, none twice
    reply = b.say(sender, "/affirm")
    assert "all the questions" in " ".join(m.get("text") or "" for m in reply)
    summary = a.say(sender, "summarise")
    text = summary[0]["text"]
    assert text.count("**") >= 6 and "Challenge and Escalation" in text


def test_concurrent_turns_of_one_conversation_are_serialised(replicas) -> None:
    a, b = replicas["bots"]
    sender = str(uuid.uuid4())
    messages = [f"what happened in case {1 + i % 3}" for i in range(12)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        # Half to each replica, all at once: only the shared Redis lock can serialise them.
        replies = list(pool.map(lambda i: (a, b)[i % 2].say(sender, messages[i]), range(12)))
    assert all(customs(r, "case") for r in replies)
    messages_seen = history(a, sender)
    users = [i for i, m in enumerate(messages_seen) if m["from"] == "user"]
    assert len(users) == 12  # no turn lost
    # Every turn is whole: a user message, then its case reply, before the next user message.
    for start, end in zip(users, users[1:] + [len(messages_seen)], strict=True):
        kinds = [(m.get("custom") or {}).get("kind") for m in messages_seen[start + 1 : end]]
        assert kinds.count("case") == 1, kinds


def test_losing_a_replica_mid_conversation_loses_no_turn(replicas) -> None:
    a, b = replicas["bots"]
    sender = str(uuid.uuid4())
    a.say(sender, "mum keeps promising to change and nothing ever does")
    b.say(sender, "/deny")
    os.killpg(replicas["processes"][2].pid, signal.SIGKILL)  # replica b is gone
    replicas["processes"][2].wait(10)
    a.say(sender, "/affirm")
    turns = [m["text"] for m in history(a, sender) if m["from"] == "user"]
    assert turns == ["mum keeps promising to change and nothing ever does", "No", "Yes"]
