"""Faults a served Reflect survives, each mid-conversation: the action server killed (under
``python -m bot serve``, whose launcher restarts it), and the database and Redis cut away through
a TCP proxy the test controls. Each asserts a clear reply during the fault, normal replies after
it, and no lost turn: the conversation's stored turns are exactly those answered normally.
Each prints the time to recover and the replies the practitioner saw (``pytest -s``).

Stopping ``bot serve`` with SIGTERM leaves nothing behind (last test of its module's server).
The kill-one-replica-under-load fault is tests/scaleout/test_replicas.py."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import redis
import sqlalchemy as sa

from bot.channels.guard import domain_text
from bot.ops.launcher import free_port, servers, train_if_stale
from bot.settings import PROJECT_DIR, deployment
from tests.e2e.conftest import ServedBot, customs, new_sender, served_settings
from tests.faults.proxy import CuttableProxy

RESTARTING = domain_text("utter_error_restarting")
STORE_UNAVAILABLE = domain_text("utter_error_store_unavailable")
OPENING = "mum keeps promising to change and nothing ever does"
REDIS_DB = 9  # a database of its own on the machine's Redis (scale-out tests use 7 and 8)


def texts(reply: List[Dict[str, Any]]) -> List[str]:
    return [m.get("text") or "" for m in reply]


def history(bot: ServedBot, sender: str) -> List[str]:
    _, _, body = bot.request(f"/webhooks/reflect/history/{sender}")
    return [m["text"] for m in json.loads(body)["messages"] if m["from"] == "user"]


def until_answered(bot: ServedBot, sender: str, message: str, fault_reply: str) -> Dict:
    """Send ``message`` again every second while the reply is ``fault_reply``, as a practitioner
    told to send it again would; returns the replies seen and the seconds it took."""
    started = time.monotonic()
    seen = []
    while True:
        reply = bot.say(sender, message)
        seen.append(texts(reply))
        if texts(reply) != [fault_reply]:
            return {"reply": reply, "seen": seen, "seconds": time.monotonic() - started}
        assert time.monotonic() - started < 120, "no normal reply within 120 s"
        time.sleep(1)


def report(fault: str, recovered: float, seen: List[List[str]], since: str = "it ended") -> None:
    print(f"\nFAULT {fault}: the first normal reply {recovered:.1f} s after {since}")
    print(f"  replies seen in order: {json.dumps(seen)[:600]}")


def processes_of(data_dir: Path) -> Dict[int, str]:
    """Every process whose environment names ``data_dir`` (what one launch started), with its
    command line."""
    marker = f"REFLECT_DATA_DIR={data_dir}".encode() + b"\0"
    found = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if (
                marker in (proc / "environ").read_bytes()
                and (proc / "stat").read_text().split(") ")[1][0] != "Z"
            ):
                found[int(proc.name)] = (
                    (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                )
        except OSError:
            continue
    return found


def normal_turns(bot: ServedBot, sender: str) -> None:
    first = bot.say(sender, OPENING)
    assert customs(first, "reflective_question")


def answered_deny(reply: List[Dict[str, Any]]) -> None:
    assert "from the audit" in reply[0]["text"].lower()  # the reflective loop carried on


# --- the action server, under `python -m bot serve` ----------------------------------------------


@pytest.fixture(scope="module")
def bot_serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Any]]:
    train_if_stale()  # `bot serve` would, inside the wait below
    data_dir = tmp_path_factory.mktemp("serve")
    demo_port = free_port()
    settings = served_settings(data_dir, demo_port, {})
    log = data_dir / "launcher.log"
    env = {**os.environ, **settings.as_env(), "DEMO_PORT": str(demo_port)}
    env["PYTHONPATH"] = str(PROJECT_DIR)
    with open(log, "wb") as output:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    bot = ServedBot(settings, data_dir, demo_port)  # its logs(): launcher.log
    deadline = time.monotonic() + 600
    while "Reflect is up" not in log.read_text(errors="replace"):
        assert launcher.poll() is None, log.read_text(errors="replace")[-3000:]
        assert time.monotonic() < deadline, "bot serve did not start"
        time.sleep(1)
    try:
        yield {"bot": bot, "launcher": launcher, "data_dir": data_dir, "demo_port": demo_port}
    finally:
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGTERM)
            launcher.wait(60)


def test_killing_the_action_server_mid_conversation(bot_serve: Dict[str, Any]) -> None:
    bot, data_dir = bot_serve["bot"], bot_serve["data_dir"]
    sender = new_sender()
    normal_turns(bot, sender)
    servers_before = processes_of(data_dir)
    action = next(p for p, c in servers_before.items() if "bot.rasa_ext.action_server" in c)
    rasa = next(p for p, c in servers_before.items() if "rasa_command run" in c)
    os.killpg(action, signal.SIGKILL)
    killed = time.monotonic()
    during = bot.say(sender, "/deny")
    assert texts(during) == [RESTARTING]
    after = until_answered(bot, sender, "/deny", RESTARTING)
    answered_deny(after["reply"])
    answered_deny(bot.say(sender, "/express_unsure"))  # and the conversation goes on
    assert history(bot, sender) == [OPENING, "No", "Not sure"]  # no lost or doubled turn
    assert rasa in processes_of(data_dir)  # the Rasa server kept running throughout
    recovered = time.monotonic() - killed
    wait = time.monotonic() + 5  # the launcher sees it answer within a second
    while "the action server is back" not in bot.logs() and time.monotonic() < wait:
        time.sleep(0.2)
    assert "the action server stopped unexpectedly" in bot.logs()
    assert "the action server is back" in bot.logs()
    report("action server killed", recovered, [texts(during), *after["seen"]], "the kill")


def test_sigterm_stops_everything_bot_serve_started(bot_serve: Dict[str, Any]) -> None:
    launcher, data_dir = bot_serve["launcher"], bot_serve["data_dir"]
    started = processes_of(data_dir)
    assert len(started) >= 3  # the launcher, the action server, the Rasa server
    sent = time.monotonic()
    launcher.send_signal(signal.SIGTERM)
    assert launcher.wait(60) == 0
    exited = time.monotonic() - sent
    deadline = time.monotonic() + 15
    while processes_of(data_dir) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert processes_of(data_dir) == {}, "left behind"
    print(
        f"\nSIGTERM to bot serve: {len(started)} processes, all gone; it exited in {exited:.1f} s"
    )
    with pytest.raises(OSError):  # the demo page is gone too
        urllib.request.urlopen(f"http://127.0.0.1:{bot_serve['demo_port']}/", timeout=2)


# --- the stores, through proxies -----------------------------------------------------------------


@pytest.fixture(scope="module")
def behind_proxies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Any]]:
    train_if_stale()
    database = f"reflect_faults_{uuid.uuid4().hex[:8]}"
    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    postgres, redis_proxy = CuttableProxy(5432), CuttableProxy(6379)
    data_dir = tmp_path_factory.mktemp("stores")
    settings = served_settings(
        data_dir,
        free_port(),
        {
            "REFLECT_TRACKER_DB_URL": f"postgresql://postgres@127.0.0.1:{postgres.port}/{database}",
            "REFLECT_LOCK_STORE_URL": f"redis://127.0.0.1:{redis_proxy.port}/{REDIS_DB}",
        },
    )
    log_dir = data_dir / "logs"
    try:
        with servers(settings, enable_api=False, log_dir=log_dir):
            yield {
                "bot": ServedBot(settings, log_dir, 0),
                "postgres": postgres,
                "redis": redis_proxy,
            }
    finally:
        postgres.close()
        redis_proxy.close()
        admin = sa.create_engine(
            "postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as connection:
            connection.execute(sa.text(f'drop database if exists "{database}" with (force)'))


def cut_and_restore(
    behind_proxies: Dict[str, Any], proxy: CuttableProxy, store: str, fault: str
) -> None:
    bot = behind_proxies["bot"]
    sender = new_sender()
    normal_turns(bot, sender)

    def outage_lines() -> List[str]:
        return [line for line in bot.logs().splitlines() if "a turn was not handled" in line]

    before = len(outage_lines())
    proxy.cut()
    during = [texts(bot.say(sender, "/deny")) for _ in range(2)]
    assert during == [[STORE_UNAVAILABLE]] * 2
    lines = outage_lines()[before:]  # one file: the Rasa server's log
    assert len(lines) == 2 and all(f"the {store} is unreachable" in line for line in lines), lines
    assert not any("promising" in line or "deny" in line for line in lines)  # no message text
    proxy.restore()
    after = until_answered(bot, sender, "/deny", STORE_UNAVAILABLE)
    answered_deny(after["reply"])
    answered_deny(bot.say(sender, "/express_unsure"))
    assert history(bot, sender) == [OPENING, "No", "Not sure"]  # no lost or doubled turn
    report(fault, after["seconds"], [*during, *after["seen"]])


@pytest.mark.postgres
@pytest.mark.redis
def test_cutting_the_database_mid_conversation(behind_proxies: Dict[str, Any]) -> None:
    cut_and_restore(
        behind_proxies, behind_proxies["postgres"], "tracker store (PostgreSQL)", "database cut"
    )


@pytest.mark.postgres
@pytest.mark.redis
def test_cutting_redis_mid_conversation(behind_proxies: Dict[str, Any]) -> None:
    cut_and_restore(behind_proxies, behind_proxies["redis"], "lock store (Redis)", "Redis cut")


def test_a_missing_store_is_named_at_start_up(tmp_path: Path) -> None:
    from bot.ops.launcher import store_problems

    closed = free_port()
    settings = deployment(
        {
            "REFLECT_DATA_DIR": str(tmp_path),
            "REFLECT_TRACKER_DB_URL": f"postgresql://postgres@127.0.0.1:{closed}/reflect",
            "REFLECT_LOCK_STORE_URL": f"redis://127.0.0.1:{closed}/0",
        }
    )
    problems = store_problems(settings, timeout=2)
    assert len(problems) == 2
    assert problems[0].startswith(
        f"error: PostgreSQL (REFLECT_TRACKER_DB_URL, at 127.0.0.1:{closed})"
    )
    assert "start PostgreSQL" in problems[0] and "unset REFLECT_TRACKER_DB_URL" in problems[0]
    assert problems[1].startswith(f"error: Redis (REFLECT_LOCK_STORE_URL, at 127.0.0.1:{closed})")
