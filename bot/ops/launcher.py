"""Train when stale, start the action server and the Rasa server, stop them all on exit.

``make run`` and ``make serve`` both come here (``python -m bot run|serve``). Children run in
their own process groups and are stopped as groups, so Ctrl-C leaves no stray process.

Each launch makes its own secrets (``launch_env``): the one Rasa presents to the action server,
and an id each server returns with its health check. Every port is checked before anything
starts, and a server counts as up only when the answer carries this launch's id: another
program, or another Reflect, on the port is named and never talked to. Files the servers write
(the database, logs) are readable by this user only.
"""

from __future__ import annotations

import contextlib
import os
import secrets
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
from bot.settings import (
    ACTION_SECRET_ENV,
    LAUNCH_HEADER,
    LAUNCH_ID_ENV,
    PROJECT_DIR,
    Deployment,
    reachable_host,
)

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
    MODEL.parent.mkdir(exist_ok=True)
    log = MODEL.parent / "train.log"
    # Without --force, Rasa reuses components whose own inputs did not change (.rasa/cache).
    # Rasa's progress bars go to the log: the terminal gets a line, or the end of the log.
    with open(log, "wb") as output:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bot.rasa_ext.rasa_command",
                *train_args(str(MODEL.parent)),
                "--fixed-model-name",
                MODEL.name.split(".")[0],
                *(["--force"] if force else []),
            ],
            cwd=PROJECT_DIR,
            env=child_env(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        print("\n".join(tail), file=sys.stderr)
        raise SystemExit(f"error: training failed (code {done.returncode}); whole log: {log}")
    print(f"model: trained in {time.time() - started:.0f} s (Rasa's output: {log})")


def secure_data_dir(data_dir: Path) -> None:
    """The data folder 0700, and what Reflect keeps in it 0600: also what an earlier version
    made readable to all. (New files are 0600 anyway: the servers run with umask 077.)"""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    for folder in (data_dir, data_dir / "logs", data_dir / "run"):
        if folder.is_dir():
            folder.chmod(0o700)
    for pattern in ("tracker.db*", "conversation.key", "logs/*.log", "run/*"):
        for path in data_dir.glob(pattern):
            if path.is_file() and not path.is_symlink():
                path.chmod(0o600)


def write_endpoints(settings: Deployment) -> Path:
    secure_data_dir(settings.data_dir)  # every Rasa server's launch comes here first
    run_dir = settings.data_dir / "run"
    run_dir.mkdir(mode=0o700, exist_ok=True)
    path = run_dir / f"endpoints-{settings.port}.yml"
    path.write_text(yaml.safe_dump(endpoints(settings), sort_keys=False), encoding="utf-8")
    path.chmod(0o600)
    return path


def rasa_command(settings: Deployment, enable_api: bool) -> List[str]:
    command = [
        sys.executable,
        "-m",
        "bot.rasa_ext.rasa_command",  # Rasa's command line as Reflect runs it
        "run",
        "--model",
        str(MODEL),
        "--port",
        str(settings.port),
        "--interface",
        settings.bind_host,
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
        sys.executable,
        "-m",
        "bot.rasa_ext.action_server",  # rasa_sdk's server, answering only Rasa
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


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something listens on ``host:port`` (a bind fails, or a connection succeeds)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers bind
        try:
            probe.bind((host, port))
        except OSError:
            return True
    with (
        contextlib.suppress(OSError),
        socket.create_connection((reachable_host(host), port), timeout=0.5),
    ):
        return True
    return False


def launch_env() -> Dict[str, str]:
    """One launch's secrets, for every process it starts (see the module's docstring)."""
    return {ACTION_SECRET_ENV: secrets.token_urlsafe(32), LAUNCH_ID_ENV: secrets.token_hex(16)}


def wait_until_up(
    service: Service, process: subprocess.Popen, launch_id: str, timeout: float = 180
) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            if port_in_use(service.port, service.host):
                raise SystemExit(port_taken(service))
            raise SystemExit(
                f"error: a server exited (code {process.returncode}) while starting; "
                "see the log above or under var/logs/"
            )
        with (
            contextlib.suppress(urllib.error.URLError, ConnectionError, OSError),
            urllib.request.urlopen(service.health_url, timeout=2) as reply,
        ):
            if reply.status == 200:
                if not service.proves_launch or reply.headers.get(LAUNCH_HEADER) == launch_id:
                    return
                raise SystemExit(port_taken(service))  # someone else answered
        time.sleep(0.5)
    raise SystemExit(f"error: nothing answered at {service.health_url} after {timeout:.0f} s")


def port_taken(service: Service) -> str:
    return f"error: port {service.port} is in use: set {service.port_setting}=… to use another"


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
    """A process to run: its command, its log file name, the URL that answers when it is up, and
    the port it takes (with the setting that moves it). A server of ours answers its health
    check with the launch id; ``proves_launch=False`` for others (nginx forwards to ours)."""

    command: List[str]
    log_name: str
    health_url: str
    port: int
    port_setting: str
    host: str = "127.0.0.1"
    proves_launch: bool = True


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def running(
    services: List[Service], env: Dict[str, str], log_dir: Path | None = None
) -> Iterator[List[subprocess.Popen]]:
    """Start ``services`` (each in its own process group), wait until all answer, and stop them
    all when the block ends, however it ends (Ctrl-C and SIGTERM included)."""
    for service in services:  # before starting anything: nothing half-started to stop
        if port_in_use(service.port, service.host):
            raise SystemExit(port_taken(service))
    env = {**launch_env(), **env}  # a caller that talks to a server itself brings its own
    processes: List[subprocess.Popen] = []
    logs = []
    previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    for sig in previous:  # `kill` behaves like Ctrl-C: the finally block below runs
        signal.signal(sig, _interrupt)
    try:
        for service in services:
            output = None
            if log_dir is not None:
                log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
                path = log_dir / service.log_name
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                os.fchmod(descriptor, 0o600)  # also a log made before
                output = os.fdopen(descriptor, "ab")
                logs.append(output)
            processes.append(
                subprocess.Popen(
                    service.command,
                    cwd=PROJECT_DIR,
                    env=env,
                    start_new_session=True,
                    stdout=output,
                    stderr=subprocess.STDOUT if output else None,
                    umask=0o077,  # the tracker database and anything else it writes: 0600
                )
            )
        for service, process in zip(services, processes, strict=True):
            wait_until_up(service, process, env[LAUNCH_ID_ENV])
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
        f"http://{settings.local_host}:{settings.action_port}/health",
        settings.action_port,
        "ACTION_PORT",
        settings.bind_host,
    )


def rasa_service(settings: Deployment, enable_api: bool, port_setting: str = "PORT") -> Service:
    return Service(
        rasa_command(settings, enable_api),
        f"rasa-{settings.port}.log",
        f"http://{settings.local_host}:{settings.port}/webhooks/rest/",
        settings.port,
        port_setting,
        settings.bind_host,
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
    services = [action_service(settings), rasa_service(settings, enable_api)]
    with running(services, child_env(settings), log_dir) as processes:
        yield processes
