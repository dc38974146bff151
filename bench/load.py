"""Load benchmark (make bench-load): simulated practitioners on loopback, bounded, side by side
with Rasa's starter bot in the same run.

- Reflect on 1 replica and on 2 replicas (PostgreSQL tracker store + Redis lock store on this
  machine; each simulated practitioner stays on one replica, as nginx's ip_hash would keep it),
  and Rasa's starter bot (`rasa init`, trained in a temporary folder, its default settings).
- N practitioners (default 50) at once, each a reflective loop of 8 turns, each turn sent when
  the previous reply has arrived. Reported: throughput, p50/p95/p99 turn latency, errors, lost
  turns (user turns missing from the stored conversation afterwards), resident memory per process.
- Latency against conversation length: one conversation of 200 turns, turns 6-15 against
  191-200 (median of each ten).

Targets (issue 8): 1 replica with 50 conversations: 0 errors, 0 lost turns, p95 at most 1.5x
the starter bot's p95; turn 200 at most 2x turn 10.
Options: --users N, --long-turns N.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

import aiohttp
import redis
import sqlalchemy as sa

from bot.channels.access import KEY_HEADER
from bot.ops.launcher import (
    BIN,
    Service,
    action_service,
    child_env,
    free_port,
    model_is_stale,
    rasa_service,
    running,
    train_if_stale,
)
from bot.settings import deployment

REFLECT_LOOP = [
    "mum keeps promising she'll change but nothing is different at each review",
    "/deny",
    "not sure to be honest, I think we just keep giving her more time",
    "/affirm",
    "tell me about case 3",
    "the network is too comfortable, nobody challenges CSC about the drift",
    "/skip_question",
    "summarise",
]
STARTER_LOOP = [
    "hello",
    "I am feeling a bit sad",
    "yes",
    "no",
    "great, I'm happy now",
    "hi",
    "not really",
    "bye",
]
LONG_REFLECT = [
    "what themes are there?",
    "tell me about case 2",
    "/deny",
    "/affirm",
    "where is the escalation policy",
    "the plan keeps drifting",
    "/skip_question",
    "what went well in case 1",
    "nobody told the GP the case closed",
    "summarise",
]


@dataclass
class Result:
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    silent: int = 0  # answered 200 with no message at all
    sent: Dict[str, int] = field(default_factory=dict)
    keys: Dict[str, str] = field(default_factory=dict)  # each conversation's key, as clients keep
    seconds: float = 0.0


async def turn(
    session: aiohttp.ClientSession, url: str, sender: str, text: str, result: Result
) -> float | None:
    started = time.perf_counter()
    key = {KEY_HEADER: result.keys[sender]} if sender in result.keys else {}
    try:
        async with session.post(
            url + "/webhooks/rest/webhook", json={"sender": sender, "message": text}, headers=key
        ) as reply:
            body = await reply.json()
            if reply.status != 200 or not isinstance(body, list):
                result.errors += 1
                return None
            result.keys.setdefault(sender, reply.headers.get(KEY_HEADER, ""))
            result.silent += not body
    except (aiohttp.ClientError, asyncio.TimeoutError):
        result.errors += 1
        return None
    elapsed = time.perf_counter() - started
    result.latencies.append(elapsed)
    result.sent[sender] = result.sent.get(sender, 0) + 1
    return elapsed


async def practitioners(urls: List[str], users: int, script: List[str]) -> Result:
    result = Result()
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(
        timeout=timeout, connector=aiohttp.TCPConnector(limit=users + 10)
    ) as session:

        async def one(index: int) -> None:
            sender, url = str(uuid.uuid4()), urls[index % len(urls)]
            for text in script:
                await turn(session, url, sender, text, result)

        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(users)))
        result.seconds = time.perf_counter() - started
    return result


async def long_conversation(url: str, turns: int, script: List[str]) -> List[float]:
    result = Result()
    sender = str(uuid.uuid4())
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        return [
            await turn(session, url, sender, script[i % len(script)], result) or float("nan")
            for i in range(turns)
        ]


async def lost_turns(url: str, result: Result) -> int:
    """User turns the client saw answered but the stored conversation does not hold."""
    lost = 0
    async with aiohttp.ClientSession() as session:
        for sender, count in result.sent.items():
            async with session.get(
                f"{url}/webhooks/reflect/history/{sender}",
                headers={KEY_HEADER: result.keys.get(sender, "")},
            ) as reply:
                stored = [m for m in (await reply.json())["messages"] if m["from"] == "user"]
            lost += max(0, count - len(stored))
    return lost


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (from /proc)."""
    total = 0
    for candidate in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def children(pid: int) -> List[int]:
    found = []
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = path.read_text().split(") ")[-1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:
            found.append(int(path.parent.name))
    return found


def percentile(values: List[float], q: float) -> float:
    ordered = sorted(v for v in values if v == v)
    return (
        ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
        if ordered
        else float("nan")
    )


def report(name: str, result: Result, lost: int | None, memory: Dict[str, float]) -> Dict:
    lat = result.latencies
    row = {
        "name": name,
        "turns": len(lat),
        "errors": result.errors,
        "silent": result.silent,
        "lost": lost,
        "throughput": len(lat) / result.seconds if result.seconds else 0.0,
        "p50": percentile(lat, 0.5) * 1000,
        "p95": percentile(lat, 0.95) * 1000,
        "p99": percentile(lat, 0.99) * 1000,
        "memory": memory,
    }
    mem = ", ".join(f"{k} {v:.0f} MB" for k, v in memory.items())
    print(
        f"{name:<22} turns {row['turns']:>4}  errors {row['errors']}  silent {row['silent']}  lost "
        f"{'-' if lost is None else lost}  {row['throughput']:6.1f} turns/s  p50 "
        f"{row['p50']:6.0f} ms  p95 {row['p95']:6.0f} ms  p99 {row['p99']:6.0f} ms  | {mem}"
    )
    return row


def starter_bot(folder: Path) -> Service:
    port = free_port()
    subprocess.run(
        [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(folder)],
        cwd=folder,
        env=child_env(),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return Service(
        [
            str(BIN / "rasa"),
            "run",
            "--port",
            str(port),
            "--interface",
            "127.0.0.1",
            "--model",
            str(folder / "models"),
            "--credentials",
            str(folder / "credentials.yml"),
        ],
        "starter.log",
        f"http://127.0.0.1:{port}/webhooks/rest/",
        port,
        "the starter bot's port",
        proves_launch=False,  # Rasa's own server knows nothing of Reflect's launches
    )


def reflect_services(replicas: int, data_dir: Path, database: str) -> List[Service]:
    env = {
        "REFLECT_DATA_DIR": str(data_dir),
        "ACTION_PORT": str(free_port()),
        "REFLECT_TRACKER_DB_URL": f"postgresql://postgres@127.0.0.1:5432/{database}",
        "REFLECT_LOCK_STORE_URL": "redis://127.0.0.1:6379/8",
    }
    settings = [deployment({**env, "PORT": str(free_port())}) for _ in range(replicas)]
    return [action_service(settings[0]), *(rasa_service(s, False) for s in settings)]


def url_of(service: Service) -> str:
    return service.health_url.rsplit("/webhooks", 1)[0]


async def measure(
    services: List[Service], name: str, script: List[str], users: int, processes, check_lost: bool
) -> Dict:
    urls = [url_of(s) for s in services if "webhooks/rest" in s.health_url]
    await practitioners(urls, min(users, 5), script[:2])  # warm-up, not counted
    result = await practitioners(urls, users, script)
    lost = await lost_turns(urls[0], result) if check_lost else None
    names = [
        "actions" if "actions" in s.command else f"rasa:{url_of(s).rsplit(':', 1)[1]}"
        for s in services
    ]
    memory = {n: rss_mb(p.pid) for n, p in zip(names, processes, strict=True)}
    return report(name, result, lost, memory)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--long-turns", type=int, default=200)
    args = parser.parse_args()
    if model_is_stale():
        train_if_stale()
    redis.Redis(host="127.0.0.1", port=6379, db=8).flushdb()
    database = f"reflect_bench_{uuid.uuid4().hex[:8]}"
    rows, growth = [], {}
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        print(
            f"Load benchmark: {args.users} simulated practitioners x {len(REFLECT_LOOP)} turns, "
            f"loopback, {os.cpu_count()} cores"
        )
        print("training Rasa's starter bot (rasa init) in a temporary folder ...")
        starter_dir = scratch_dir / "starter"
        starter_dir.mkdir()
        starter = starter_bot(starter_dir)
        with running([starter], child_env(), scratch_dir / "logs") as processes:
            rows.append(
                asyncio.run(
                    measure(
                        [starter],
                        "starter bot",
                        STARTER_LOOP,
                        args.users,
                        processes,
                        check_lost=False,
                    )
                )
            )
            growth["starter bot"] = asyncio.run(
                long_conversation(url_of(starter), args.long_turns, STARTER_LOOP)
            )
        for replicas in (1, 2):
            services = reflect_services(replicas, scratch_dir / f"reflect{replicas}", database)
            with running(services, child_env(), scratch_dir / "logs") as processes:
                rows.append(
                    asyncio.run(
                        measure(
                            services,
                            f"Reflect, {replicas} replica(s)",
                            REFLECT_LOOP,
                            args.users,
                            processes,
                            True,
                        )
                    )
                )
                if replicas == 1:
                    growth["Reflect"] = asyncio.run(
                        long_conversation(url_of(services[1]), args.long_turns, LONG_REFLECT)
                    )
    admin = sa.create_engine(
        "postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(sa.text(f'drop database if exists "{database}" with (force)'))

    starter_row, one, two = rows
    ratio = one["p95"] / starter_row["p95"]
    print(f"p95 Reflect (1 replica) / starter bot: {ratio:.2f} (target <= 1.5)")
    print(f"throughput 2 replicas / 1 replica: {two['throughput'] / one['throughput']:.2f}")
    # Silence counts against Reflect (it must always answer), not against the starter bot.
    ok = ratio <= 1.5 and all(r["errors"] == r["silent"] == 0 == r["lost"] for r in (one, two))
    for name, latencies in growth.items():
        early = statistics.median(latencies[5:15]) * 1000
        late = statistics.median(latencies[-10:]) * 1000
        print(
            f"{name}: turn ~10 {early:.0f} ms, turn ~{len(latencies)} {late:.0f} ms, "
            f"ratio {late / early:.2f}" + (" (target <= 2)" if name == "Reflect" else "")
        )
        if name == "Reflect":
            ok &= late / early <= 2
    print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
