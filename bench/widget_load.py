"""Widget load benchmark (make bench-widget): N simultaneous widget conversations over socket.io
(default 50) against one Reflect, on loopback. Each does what the widget does: connect, ask for
its session, send turns of a reflective loop. Reports p50/p95 reply latency (to the first and
to the last message of each reply) and errors.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Dict, List

import socketio

from bench.load import REFLECT_LOOP, percentile
from bot.ops.launcher import free_port, model_is_stale, servers, train_if_stale
from bot.settings import deployment

QUIET = 0.5  # a reply is complete when no message has come for this long


async def widget(url: str, turns: List[str], stats: Dict[str, list]) -> None:
    client = socketio.AsyncClient(reconnection=False)
    arrivals: List[float] = []
    confirmed = asyncio.get_running_loop().create_future()
    client.on("session_confirm", lambda data: confirmed.done() or confirmed.set_result(data))
    client.on("bot_uttered", lambda _: arrivals.append(time.perf_counter()))
    try:
        await client.connect(url, socketio_path="/socket.io", transports=["websocket"])
        await client.emit("session_request", {"session_id": str(uuid.uuid4())})
        session = (await asyncio.wait_for(confirmed, 30))["session_id"]
        for text in turns:
            arrivals.clear()
            sent = time.perf_counter()
            await client.emit("user_uttered", {"message": text, "session_id": session})
            deadline = sent + 120
            while time.perf_counter() < deadline:
                await asyncio.sleep(0.05)
                if arrivals and time.perf_counter() - arrivals[-1] > QUIET:
                    break
            if not arrivals:
                stats["errors"].append(text)
                continue
            stats["first"].append(arrivals[0] - sent)
            stats["last"].append(arrivals[-1] - sent)
    except (socketio.exceptions.ConnectionError, asyncio.TimeoutError) as problem:
        stats["errors"].append(repr(problem))
    finally:
        await client.disconnect()


async def run(url: str, users: int) -> Dict[str, list]:
    stats: Dict[str, list] = {"first": [], "last": [], "errors": []}
    await asyncio.gather(*(widget(url, REFLECT_LOOP, stats) for _ in range(users)))
    return stats


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args()
    if model_is_stale():
        train_if_stale()
    with tempfile.TemporaryDirectory() as scratch:
        settings = deployment(
            {"REFLECT_DATA_DIR": scratch, "PORT": str(free_port()), "ACTION_PORT": str(free_port())}
        )
        with servers(settings, enable_api=False, log_dir=Path(scratch) / "logs"):
            url = f"http://127.0.0.1:{settings.port}"
            asyncio.run(run(url, 3))  # warm-up
            started = time.perf_counter()
            stats = asyncio.run(run(url, args.users))
            seconds = time.perf_counter() - started
    first, last = stats["first"], stats["last"]
    print(
        f"Widget load: {args.users} simultaneous socket.io conversations x {len(REFLECT_LOOP)} "
        f"turns in {seconds:.0f} s"
    )
    print(f"replies {len(first)}, errors {len(stats['errors'])}")
    print(
        f"first message of a reply: p50 {percentile(first, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(first, 0.95) * 1000:.0f} ms"
    )
    print(
        f"whole reply:              p50 {percentile(last, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(last, 0.95) * 1000:.0f} ms"
    )
    return 0 if not stats["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
