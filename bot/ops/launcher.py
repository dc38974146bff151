"""Train when stale, start the action server and the Rasa server, stop them all on exit.

``make run`` and ``make serve`` both come here (``python -m bot run|serve``). Children run in
their own process groups and are stopped as groups, so Ctrl-C leaves no stray process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List

import yaml

from bot.rasa_ext.endpoints import endpoints
from bot.settings import PROJECT_DIR, Deployment

MODEL = PROJECT_DIR / "models" / "reflect.tar.gz"
# Custom components are inputs too: their code shapes the trained model; so is the content's
# list of situations, which the importer adds to the domain and rules.
TRAINING_INPUTS = (
    "config.yml",
    "domain.yml",
    "data",
    "bot/nlu",
    "bot/rasa_ext/importer.py",
    "bot/rasa_ext/policy.py",
    "bot/knowledge/content/situations.yml",
)
BIN = Path(sys.executable).parent


def training_inputs() -> List[Path]:
    files: List[Path] = []
    for name in TRAINING_INPUTS:
        path = PROJECT_DIR / name
        found = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
        files += [p for p in found if "__pycache__" not in p.parts]
    return files


def model_is_stale(model: Path = MODEL) -> bool:
    """True when there is no model or any training input is newer than it."""
    if not model.exists():
        return True
    built = model.stat().st_mtime
    return any(p.stat().st_mtime > built for p in training_inputs())


def child_env(settings: Deployment | None = None) -> Dict[str, str]:
    """The environment for our child processes: the project importable, quiet TensorFlow, and
    ``settings`` (so a server started with settings built in code reads the same ones)."""
    env = {**os.environ, **(settings.as_env() if settings else {})}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH")]))
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    # One math thread per process: Reflect's matrices are small, and extra BLAS threads spin on
    # the other cores (measured: 115 -> 75 ms of CPU per turn under load, same throughput).
    for name in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "TF_NUM_INTRAOP_THREADS",
        "TF_NUM_INTEROP_THREADS",
    ):
        env.setdefault(name, "1")
    return env


def train_args(out: str) -> List[str]:
    """``rasa train`` arguments for the project's config, domain and data, into ``out``."""
    return [
        "train",
        "--config",
        "config.yml",
        "--domain",
        "domain.yml",
        "--data",
        "data",
        "--out",
        out,
    ]


def train_if_stale(force: bool = False) -> None:
    if not force and not model_is_stale():
        print(f"model: {MODEL.relative_to(PROJECT_DIR)} is up to date")
        return
    print("model: training (its inputs changed or there is no model yet; about 1-2 minutes)")
    started = time.time()
    # Without --force, Rasa reuses components whose own inputs did not change (.rasa/cache).
    subprocess.run(
        [
            str(BIN / "rasa"),
            *train_args("models"),
            "--fixed-model-name",
            "reflect",
            *(["--force"] if force else []),
        ],
        cwd=PROJECT_DIR,
        env=child_env(),
        check=True,
    )
    print(f"model: trained in {time.time() - started:.0f} s")


def write_endpoints(settings: Deployment) -> Path:
    run_dir = settings.data_dir / "run"
    run_dir.mkdir(parents=True, exist_ok=True)
    path = run_dir / f"endpoints-{settings.port}.yml"
    path.write_text(yaml.safe_dump(endpoints(settings), sort_keys=False), encoding="utf-8")
    return path


def rasa_command(settings: Deployment, enable_api: bool) -> List[str]:
    command = [
        sys.executable,
        "-m",
        "bot.rasa_ext.server",  # Rasa's command line, our speed-ups applied first
        "run",
        "--model",
        str(MODEL),
        "--port",
        str(settings.port),
        "--credentials",
        "credentials.yml",
        "--endpoints",
        str(write_endpoints(settings)),
    ]
    if settings.cors_origins:
        command += ["--cors", *settings.cors_origins]
    if enable_api:
        if not settings.api_token:
            raise SystemExit("error: the HTTP API needs REFLECT_API_TOKEN set (it is never open).")
        command += ["--enable-api", "--auth-token", settings.api_token]
    if settings.log_level.upper() == "DEBUG":
        command.append("--debug")
    return command


def action_command(settings: Deployment) -> List[str]:
    return [
        str(BIN / "rasa"),
        "run",
        "actions",
        "--actions",
        "actions",
        "--port",
        str(settings.action_port),
    ]


def free_port() -> int:
    """A TCP port nothing listens on now (for tests and benchmarks)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"error: a server exited (code {process.returncode}) while starting; "
                "see the log above or under var/logs/"
            )
        with (
            contextlib.suppress(urllib.error.URLError, ConnectionError, OSError),
            urllib.request.urlopen(url, timeout=2) as reply,
        ):
            if reply.status == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"error: nothing answered at {url} after {timeout:.0f} s")


def stop(processes: List[subprocess.Popen]) -> None:
    """SIGTERM each process group, then SIGKILL whatever is left after a grace period."""
    for process in processes:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    deadline = time.time() + 10
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.1, deadline - time.time()))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


@dataclass(frozen=True)
class Service:
    """A process to run: its command, its log file name, and the URL that answers when it is up."""

    command: List[str]
    log_name: str
    health_url: str


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def running(
    services: List[Service], env: Dict[str, str], log_dir: Path | None = None
) -> Iterator[List[subprocess.Popen]]:
    """Start ``services`` (each in its own process group), wait until all answer, and stop them
    all when the block ends, however it ends (Ctrl-C and SIGTERM included)."""
    processes: List[subprocess.Popen] = []
    logs = []
    previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    for sig in previous:  # `kill` behaves like Ctrl-C: the finally block below runs
        signal.signal(sig, _interrupt)
    try:
        for service in services:
            output = None
            if log_dir is not None:
                log_dir.mkdir(parents=True, exist_ok=True)
                output = open(log_dir / service.log_name, "ab")  # noqa: SIM115 (closed below)
                logs.append(output)
            processes.append(
                subprocess.Popen(
                    service.command,
                    cwd=PROJECT_DIR,
                    env=env,
                    start_new_session=True,
                    stdout=output,
                    stderr=subprocess.STDOUT if output else None,
                )
            )
        for service, process in zip(services, processes, strict=True):
            wait_until_up(service.health_url, process)
        yield processes
    finally:
        stop(processes)
        for log in logs:
            log.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def action_service(settings: Deployment) -> Service:
    return Service(
        action_command(settings),
        f"actions-{settings.action_port}.log",
        f"http://127.0.0.1:{settings.action_port}/health",
    )


def rasa_service(settings: Deployment, enable_api: bool) -> Service:
    return Service(
        rasa_command(settings, enable_api),
        f"rasa-{settings.port}.log",
        f"http://127.0.0.1:{settings.port}/webhooks/rest/",
    )


def until_stopped(processes: List[subprocess.Popen]) -> int:
    """Wait while all ``processes`` run (Ctrl-C ends the wait); 1 if one of them stopped."""
    while all(p.poll() is None for p in processes):
        time.sleep(1)
    print("error: a process stopped unexpectedly; stopping the rest", file=sys.stderr)
    return 1


@contextlib.contextmanager
def servers(
    settings: Deployment, enable_api: bool, log_dir: Path | None = None
) -> Iterator[List[subprocess.Popen]]:
    """The action server and the Rasa server, up and answering, until the block ends."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    services = [action_service(settings), rasa_service(settings, enable_api)]
    with running(services, child_env(settings), log_dir) as processes:
        yield processes
