"""Train when stale, start the action server and the Rasa server, stop them all on exit.

``make run`` and ``make serve`` both come here (``python -m bot run|serve``). Children run in
their own process groups and are stopped as groups, so Ctrl-C or SIGTERM leaves no stray
process; each child also gets SIGTERM from the kernel if the launcher itself dies
(``PR_SET_PDEATHSIG``), so not even ``kill -9`` of the launcher leaves a server running.

While they run, the launcher supervises them (``Supervisor``): one that stops is restarted after
a short, growing delay, and the log says so, while the others carry on (a turn that arrives
meanwhile gets a clear reply: bot/rasa_ext/outages.py). Only a server that keeps stopping, more
than reflect.yml's ``supervision.max_restarts`` times in ``window_seconds``, stops everything,
with a message naming it and its log. Before starting, the stores a deployment names
(PostgreSQL, Redis) are checked: one that is not reachable is named, with how to fix it.

Each launch makes its own secrets (``launch_env``): the one Rasa presents to the action server,
and an id each server returns with its health check. Every port is checked before anything
starts, and a server counts as up only when the answer carries this launch's id: another
program, or another Reflect, on the port is named and never talked to. Files the servers write
(the database, logs) are readable by this user only.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Dict, Iterator, List

import yaml

from bot.knowledge import content_dir
from bot.rasa_ext.endpoints import endpoints
from bot.settings import (
    ACTION_SECRET_ENV,
    LAUNCH_HEADER,
    LAUNCH_ID_ENV,
    PROJECT_DIR,
    Deployment,
    reachable_host,
    tunables,
)

MODEL = PROJECT_DIR / "models" / "reflect.tar.gz"
# Custom components are inputs too: their code shapes the trained model; so is the content
# (the bundled folder or REFLECT_CONTENT_DIR): the importer adds its situations to the domain and
# rules, and a theme's own words and examples to the NLU data (bot/knowledge/recognition.py).
TRAINING_INPUTS = (
    "config.yml",
    "domain.yml",
    "data",
    "bot/nlu",
    "bot/rasa_ext/importer.py",
    "bot/rasa_ext/policy.py",
    "bot/knowledge/recognition.py",
)
CONTENT_INPUTS = ("situations.yml", "themes.yml", "resources.yml", "audits")
BIN = Path(sys.executable).parent


def training_inputs() -> List[Path]:
    files: List[Path] = []
    paths = [PROJECT_DIR / name for name in TRAINING_INPUTS]
    paths += [content_dir() / name for name in CONTENT_INPUTS]
    for path in paths:
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
    # The model is as old as the inputs it read: one edited while it trained is newer, so the
    # next start retrains (the file's own time, when it was written, would hide that edit)
    os.utime(MODEL, (started, started))
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


def answers(service: Service, launch_id: str | None, timeout: float = 2) -> bool:
    """Whether ``service`` answers its health check now, as this launch's server."""
    with (
        contextlib.suppress(urllib.error.URLError, ConnectionError, OSError),
        urllib.request.urlopen(service.health_url, timeout=timeout) as reply,
    ):
        if reply.status == 200:
            return not service.proves_launch or reply.headers.get(LAUNCH_HEADER) == launch_id
    return False


def wait_until_up(
    service: Service, process: subprocess.Popen, launch_id: str, timeout: float = 180
) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            if port_in_use(service.port, service.host):
                raise SystemExit(port_taken(service))
            raise SystemExit(
                f"error: the {service.name} exited (code {process.returncode}) while starting; "
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
        # The group too: anything a server started itself goes with it.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)


@dataclass(frozen=True)
class Service:
    """A process to run: its command, its log file name, the URL that answers when it is up, and
    the port it takes (with the setting that moves it). A server of ours answers its health
    check with the launch id; ``proves_launch=False`` for others (nginx forwards to ours).
    ``name`` is how the log and the messages call it."""

    command: List[str]
    log_name: str
    health_url: str
    port: int
    port_setting: str
    host: str = "127.0.0.1"
    proves_launch: bool = True
    name: str = "server"


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)  # looked up here: the child only calls it


def _die_with_parent(parent: int) -> Callable[[], None]:
    """Run in the child between fork and exec: SIGTERM it when the launcher's thread that
    started it ends, however the launcher ends; and end now if the launcher already has."""

    def arrange() -> None:
        _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return arrange


def say(message: str) -> None:
    """A launcher's line on standard error (the journal, under systemd), with the time."""
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} reflect launcher: {message}", file=sys.stderr)
    sys.stderr.flush()


@dataclass(frozen=True)
class Policy:
    """When to restart a server that stopped, and when to give up (reflect.yml
    ``supervision``)."""

    first_delay_seconds: float = 1
    max_delay_seconds: float = 16
    max_restarts: int = 4
    window_seconds: float = 120

    @classmethod
    def configured(cls) -> Policy:
        return cls(**tunables().get("supervision", {}))

    def delay(self, recent_restarts: int) -> float:
        return min(self.first_delay_seconds * 2**recent_restarts, self.max_delay_seconds)


class Supervisor:
    """Restarts a process of ``running`` that stops, after ``Policy.delay``, in its place in
    ``processes``; the others keep running. A process that stops more than ``max_restarts``
    times in ``window_seconds`` makes it give up: ``failure`` says why, ``failed`` is set and
    ``on_failure`` is called (the caller then stops everything)."""

    def __init__(
        self,
        services: List[Service],
        processes: List[subprocess.Popen],
        start: Callable[[int], subprocess.Popen],
        launch_id: str,
        policy: Policy,
        log_dir: Path | None = None,
        on_failure: Callable[[], None] | None = None,
    ) -> None:
        self.services, self.processes, self.policy = services, processes, policy
        self._start, self._launch_id, self._log_dir = start, launch_id, log_dir
        self._on_failure = on_failure
        self._restarts: Dict[int, List[float]] = {i: [] for i in range(len(services))}
        self._due: Dict[int, float] = {}  # restart at this time
        self._down_since: Dict[int, float] = {}
        self._coming_up: set[int] = set()
        self.failure: str | None = None
        self.failed = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._watch, name="reflect-supervisor", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """No more restarts; returns once any restart under way is done (so it can be stopped)."""
        self._stopping.set()
        with self._lock:
            pass
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def _watch(self) -> None:
        while not self._stopping.wait(0.25):
            with self._lock:
                if self._stopping.is_set():
                    return
                try:
                    self.check(time.monotonic())
                except Exception as problem:  # noqa: BLE001 (a bug here must stop, not hide)
                    self._give_up(f"the supervisor itself failed ({type(problem).__name__})")
                if self.failure:
                    return

    def check(self, now: float) -> None:
        """One look at every process: restart what is due, notice what came back or stopped."""
        for index, service in enumerate(self.services):
            if index in self._due:
                if now >= self._due[index]:
                    del self._due[index]
                    self.processes[index] = self._start(index)
                    self._coming_up.add(index)
                    say(f"the {service.name} is starting again (pid {self.processes[index].pid})")
                continue
            process = self.processes[index]
            if process.poll() is None:
                if index in self._coming_up and answers(service, self._launch_id, timeout=1):
                    self._coming_up.discard(index)
                    down = now - self._down_since.pop(index, now)
                    say(f"the {service.name} is back, {down:.1f} s after it stopped")
                continue
            self._coming_up.discard(index)
            recent = [t for t in self._restarts[index] if now - t < self.policy.window_seconds]
            if len(recent) >= self.policy.max_restarts:
                self._give_up(
                    f"the {service.name} stopped {len(recent) + 1} times in "
                    f"{self.policy.window_seconds:.0f} s (last exit code {process.returncode})"
                    + (f"; its log: {self._log_dir / service.log_name}" if self._log_dir else "")
                )
                return
            delay = self.policy.delay(len(recent))
            self._restarts[index] = [*recent, now]
            self._down_since.setdefault(index, now)
            self._due[index] = now + delay
            say(
                f"the {service.name} stopped unexpectedly (exit code {process.returncode}); "
                f"restarting it in {delay:.0f} s (restart {len(recent) + 1} of at most "
                f"{self.policy.max_restarts} in {self.policy.window_seconds:.0f} s)"
            )

    def _give_up(self, why: str) -> None:
        self.failure = f"error: {why}. Stopping Reflect: it needs a look before it runs again."
        say(self.failure)
        self.failed.set()
        if self._on_failure is not None:
            self._on_failure()


class Processes(List[subprocess.Popen]):
    """The processes ``running`` started, each in its service's place (a restart replaces it),
    with their ``supervisor``."""

    supervisor: Supervisor | None = None


@contextlib.contextmanager
def running(
    services: List[Service],
    env: Dict[str, str],
    log_dir: Path | None = None,
    policy: Policy | None = None,
    on_failure: Callable[[], None] | None = None,
) -> Iterator[Processes]:
    """Start ``services`` (each in its own process group), wait until all answer, supervise them
    (``Supervisor``, with reflect.yml's ``policy`` unless given), and stop them all when the block
    ends, however it ends (Ctrl-C and SIGTERM included)."""
    for service in services:  # before starting anything: nothing half-started to stop
        if port_in_use(service.port, service.host):
            raise SystemExit(port_taken(service))
    env = {**launch_env(), **env}  # a caller that talks to a server itself brings its own
    processes = Processes()
    logs: Dict[int, IO[bytes]] = {}
    handled = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {s: signal.getsignal(s) for s in handled}
    # `kill` behaves like Ctrl-C: `finally` runs. SIGINT too, since a process started in the
    # background by a script inherits it ignored, and Ctrl-C must still stop what it started.
    for sig in handled:
        signal.signal(sig, _interrupt)

    def start(index: int) -> subprocess.Popen:
        service = services[index]
        if log_dir is not None and index not in logs:
            log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            path = log_dir / service.log_name
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.fchmod(descriptor, 0o600)  # also a log made before
            logs[index] = os.fdopen(descriptor, "ab")
        output = logs.get(index)
        return subprocess.Popen(
            service.command,
            cwd=PROJECT_DIR,
            env=env,
            start_new_session=True,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            umask=0o077,  # the tracker database and anything else it writes: 0600
            preexec_fn=_die_with_parent(os.getpid()),  # noqa: PLW1509 (prctl only)
        )

    supervisor = Supervisor(
        services,
        processes,
        start,
        env[LAUNCH_ID_ENV],
        policy or Policy.configured(),
        log_dir,
        on_failure,
    )
    processes.supervisor = supervisor
    try:
        for index in range(len(services)):
            processes.append(start(index))
        for service, process in zip(services, processes, strict=True):
            wait_until_up(service, process, env[LAUNCH_ID_ENV])
        supervisor.start()
        yield processes
    finally:
        # A second Ctrl-C or SIGTERM must not cut the clean-up short (it is bounded: stop()).
        for sig in handled:
            signal.signal(sig, signal.SIG_IGN)
        try:
            supervisor.stop()
            stop(processes)
            for log in logs.values():
                log.close()
        finally:
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
        name="action server",
    )


def rasa_service(settings: Deployment, enable_api: bool, port_setting: str = "PORT") -> Service:
    return Service(
        rasa_command(settings, enable_api),
        f"rasa-{settings.port}.log",
        f"http://{settings.local_host}:{settings.port}/webhooks/rest/",
        settings.port,
        port_setting,
        settings.bind_host,
        name=f"Rasa server on port {settings.port}",
    )


def until_stopped(processes: List[subprocess.Popen]) -> int:
    """Wait while the processes run, restarted as needed (Ctrl-C ends the wait); 1 once their
    supervisor gave up (it said why), or, unsupervised, once one of them stopped."""
    supervisor = getattr(processes, "supervisor", None)
    if supervisor is None:
        while all(p.poll() is None for p in processes):
            time.sleep(1)
        print("error: a process stopped unexpectedly; stopping the rest", file=sys.stderr)
        return 1
    while not supervisor.failed.wait(1):  # short waits: Ctrl-C is seen at once
        pass
    return 1


STORE_FIXES = {
    "PostgreSQL": (
        "REFLECT_TRACKER_DB_URL",
        "start PostgreSQL (Debian: sudo systemctl start postgresql) and check the URL's host, "
        "port, user and password; or unset REFLECT_TRACKER_DB_URL to keep conversations in "
        "SQLite in the data folder (one server only)",
    ),
    "Redis": (
        "REFLECT_LOCK_STORE_URL",
        "start Redis (Debian: sudo systemctl start redis-server) and check the URL; or unset "
        "REFLECT_LOCK_STORE_URL when only one Rasa server runs",
    ),
}


def store_problems(settings: Deployment, timeout: float = 3) -> List[str]:
    """The stores ``settings`` name that cannot be reached now, each with how to fix it.
    (Rasa itself would wait for a missing database forever, logging a warning every 5 s.)"""
    problems = []

    def problem(store: str, where: str, error: Exception) -> str:
        setting, fix = STORE_FIXES[store]
        return (
            f"error: {store} ({setting}, at {where}) is not reachable "
            f"({type(error).__name__}): {fix}."
        )

    if settings.tracker_db_url:
        import sqlalchemy as sa

        url = sa.engine.make_url(settings.tracker_db_url)
        if url.get_backend_name() == "postgresql":
            # Rasa creates the database from `postgres` when it is missing: ask that one.
            engine = sa.create_engine(
                url.set(database="postgres"), connect_args={"connect_timeout": int(timeout)}
            )
            try:
                with engine.connect():
                    pass
            except Exception as error:  # noqa: BLE001 (any failure to connect is the answer)
                problems.append(problem("PostgreSQL", f"{url.host}:{url.port or 5432}", error))
            finally:
                engine.dispose()
    if settings.lock_store_url:
        import redis

        client = redis.Redis.from_url(
            settings.lock_store_url, socket_connect_timeout=timeout, socket_timeout=timeout
        )
        try:
            client.ping()
        except Exception as error:  # noqa: BLE001
            kwargs = client.connection_pool.connection_kwargs
            where = f"{kwargs.get('host')}:{kwargs.get('port')}"
            problems.append(problem("Redis", where, error))
        finally:
            client.close()
    return problems


def check_stores(settings: Deployment) -> None:
    """Stop with each unreachable store named, and how to fix it, before starting anything."""
    problems = store_problems(settings)
    if problems:
        raise SystemExit("\n".join(problems))


@contextlib.contextmanager
def servers(
    settings: Deployment,
    enable_api: bool,
    log_dir: Path | None = None,
    on_failure: Callable[[], None] | None = None,
) -> Iterator[Processes]:
    """The action server and the Rasa server, up, answering and supervised, until the block
    ends."""
    check_stores(settings)
    services = [action_service(settings), rasa_service(settings, enable_api)]
    with running(services, child_env(settings), log_dir, on_failure=on_failure) as processes:
        yield processes
