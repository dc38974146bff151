"""The launcher's supervision (bot/ops/launcher.py) on small stand-in servers (Python's
http.server), so restarts, giving up and leaving nothing behind take seconds, not model loads.
The same supervision of the real servers: tests/faults/test_outages.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import List

import pytest

from bot.ops.launcher import Policy, Service, answers, free_port, running, until_stopped

FAST = Policy(first_delay_seconds=0.5, max_delay_seconds=2, max_restarts=2, window_seconds=60)


def stand_in(name: str) -> Service:
    port = free_port()
    return Service(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        f"{name}.log",
        f"http://127.0.0.1:{port}/",
        port,
        "PORT",
        proves_launch=False,
        name=name,
    )


def wait_for(condition, timeout: float = 20) -> float:  # noqa: ANN001
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "timed out"
        time.sleep(0.1)
    return time.monotonic() - started


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by a parent that is itself gone) is not running.
    return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"


def test_a_stopped_server_is_restarted_and_the_others_keep_running(
    tmp_path: Path, capfd: pytest.CaptureFixture
) -> None:
    services = [stand_in("first stand-in"), stand_in("second stand-in")]
    with running(services, {}, tmp_path, policy=FAST) as processes:
        killed, kept = processes[0].pid, processes[1].pid
        os.killpg(killed, signal.SIGKILL)
        seconds = wait_for(lambda: processes[0].pid != killed and answers(services[0], None))
        assert processes[1].pid == kept and processes[1].poll() is None
        assert seconds < 5  # 0.5 s delay, then http.server's start
        wait_for(lambda: "back" in capfd.readouterr().err or False, timeout=5)
        assert processes.supervisor is not None and processes.supervisor.failure is None
    assert not alive(processes[0].pid) and not alive(kept)


def test_repeated_failure_stops_everything_with_a_clear_message(
    tmp_path: Path, capfd: pytest.CaptureFixture
) -> None:
    services = [stand_in("flaky stand-in"), stand_in("steady stand-in")]
    called: List[bool] = []
    with running(services, {}, tmp_path, FAST, on_failure=lambda: called.append(True)) as processes:
        for _ in range(FAST.max_restarts + 1):
            pid = processes[0].pid
            wait_for(lambda: answers(services[0], None))  # noqa: B023
            os.killpg(pid, signal.SIGKILL)
            wait_for(lambda: processes[0].pid != pid or processes.supervisor.failed.is_set())  # noqa: B023
        assert until_stopped(processes) == 1
        assert called == [True]
        failure = processes.supervisor.failure
        assert "flaky stand-in stopped 3 times in 60 s" in failure
        assert str(tmp_path / "flaky stand-in.log") in failure
    err = capfd.readouterr().err
    assert err.count("restarting it in") == FAST.max_restarts
    assert "Stopping Reflect" in err


LAUNCHER = textwrap.dedent(
    """
    import sys
    from bot.ops.launcher import Service, running, until_stopped
    ports = [int(p) for p in sys.argv[1:]]
    services = [
        Service([sys.executable, "-m", "http.server", str(p), "--bind", "127.0.0.1"], f"{p}.log",
                f"http://127.0.0.1:{p}/", p, "PORT", proves_launch=False, name=f"server {p}")
        for p in ports
    ]
    try:
        with running(services, {}) as processes:
            print(" ".join(str(p.pid) for p in processes), flush=True)
            sys.exit(until_stopped(processes))
    except KeyboardInterrupt:
        print("stopped", flush=True)
    """
)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_stopping_the_launcher_leaves_nothing_behind(sig: signal.Signals) -> None:
    """SIGTERM (systemd, kill), SIGINT (Ctrl-C) and even SIGKILL of the launcher end every
    process it started."""
    launcher = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, str(free_port()), str(free_port())],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    children = [int(pid) for pid in launcher.stdout.readline().split()]
    assert len(children) == 2 and all(alive(pid) for pid in children)
    launcher.send_signal(sig)
    launcher.wait(30)
    wait_for(lambda: not any(alive(pid) for pid in children), timeout=15)
    if sig != signal.SIGKILL:
        assert launcher.returncode == 0 and "stopped" in launcher.stdout.read()
