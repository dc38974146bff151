"""Points 6 and 7: the launcher names a port in use before starting anything and trusts only
its own servers' answers; the data folder is 0700 and what is in it 0600; old conversations are
deleted by the server itself."""

from __future__ import annotations

import contextlib
import http.server
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from bot.ops.launcher import PROJECT_DIR, Service, child_env, free_port, servers, wait_until_up
from tests.e2e.conftest import ServedBot, new_sender, served_settings

pytestmark = pytest.mark.served


@contextlib.contextmanager
def held_port() -> Iterator[int]:
    """A port another program listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


@pytest.mark.parametrize("setting", ["PORT", "ACTION_PORT"])
def test_serve_stops_naming_a_port_in_use(tmp_path: Path, setting: str) -> None:
    with held_port() as port:
        env = {
            **child_env(),
            "REFLECT_DATA_DIR": str(tmp_path),
            "PORT": str(free_port()),
            "ACTION_PORT": str(free_port()),
            setting: str(port),
        }
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "bot", "serve", "--no-demo"],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode != 0
    assert f"port {port} is in use: set {setting}=… to use another" in done.stderr + done.stdout
    assert not (tmp_path / "logs").exists()  # nothing was started
    assert time.perf_counter() - started < 60


class Impostor(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}')

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


def test_an_answer_without_this_launchs_id_is_not_trusted() -> None:
    """Something that took the port after the check answers like a Reflect: refused, by name."""
    impostor = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Impostor)
    port = impostor.server_address[1]
    threading.Thread(target=impostor.serve_forever, daemon=True).start()
    ours = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    service = Service(["ours"], "x.log", f"http://127.0.0.1:{port}/webhooks/rest/", port, "PORT")
    try:
        with pytest.raises(SystemExit, match=f"port {port} is in use: set PORT="):
            wait_until_up(service, ours, launch_id="this-launch", timeout=20)
    finally:
        ours.kill()
        impostor.shutdown()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_folder_is_private(served_bot: ServedBot) -> None:
    served_bot.say(new_sender(), "hello")
    data = served_bot.settings.data_dir
    assert mode(data) == 0o700 and mode(data / "logs") == 0o700
    for path in [data / "tracker.db", data / "conversation.key", *(data / "logs").glob("*.log")]:
        assert mode(path) == 0o600, path


def test_the_server_deletes_old_conversations_itself(tmp_path: Path) -> None:
    """At start (and then every retention_every_hours): a conversation whose last event is
    older than retention_days is gone, a recent one stays; an earlier 0644 database is 0600."""
    settings = served_settings(tmp_path, free_port(), {})
    bot = ServedBot(settings, tmp_path / "logs", 0)
    old, recent = new_sender(), new_sender()
    with servers(settings, enable_api=False, log_dir=bot.log_dir):
        bot.say(old, "mum keeps promising to change")
        bot.say(recent, "mum keeps promising to change")
    database = settings.sqlite_path
    with sqlite3.connect(database) as connection:
        connection.execute(
            "update events set timestamp = timestamp - 40 * 86400 where sender_id = ?", (old,)
        )
    os.chmod(database, 0o644)
    with servers(settings, enable_api=False, log_dir=bot.log_dir):
        time.sleep(2)  # the first expiry runs as the server starts
        assert bot.request(f"/webhooks/reflect/summary/{old}.md")[0] == 404
        assert bot.request(f"/webhooks/reflect/summary/{recent}.md")[0] == 200
    assert mode(database) == 0o600
    assert "retention: deleted 1 conversation(s)" in bot.logs()
