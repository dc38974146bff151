"""The demo intranet page (``make serve``: http://localhost:8080/), showing the one-tag embed.

A plain static server in a thread of the launcher, served again if it fails. The page's script
tag points at the Rasa server on the host the browser used, so the demo works at localhost and
127.0.0.1 alike.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator

from bot.settings import Deployment

DEMO_DIR = Path(__file__).resolve().parent / "widget" / "demo"


class DemoHandler(SimpleHTTPRequestHandler):
    bot_port = 5005

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path.split("?")[0] not in ("/", "/index.html"):
            return super().do_GET()
        host = (self.headers.get("Host") or "localhost").rsplit(":", 1)[0]
        page = (DEMO_DIR / "index.html").read_text(encoding="utf-8")
        body = page.replace("{{BOT_URL}}", f"http://{host}:{self.bot_port}").encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # noqa: ANN002 (keep the terminal quiet)
        pass


@contextlib.contextmanager
def demo_site(
    settings: Deployment, enabled: bool = True, say: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Serve the page in a thread until the block ends; ``say`` logs a failure (the launcher's
    ``say``; standard error otherwise)."""
    say = say or (lambda message: print(message, file=sys.stderr))
    if not enabled:
        yield
        return
    port = int(os.environ.get("DEMO_PORT", "8080"))
    handler = type("Handler", (DemoHandler,), {"bot_port": settings.port})
    try:
        server = ThreadingHTTPServer(
            (settings.bind_host, port), partial(handler, directory=str(DEMO_DIR))
        )
    except OSError:
        raise SystemExit(f"error: port {port} is in use: set DEMO_PORT=… to use another") from None
    stopping = threading.Event()

    def serve() -> None:
        """Serve until stopped; an unexpected error is logged and the page served again."""
        failures = 0
        while not stopping.is_set():
            try:
                server.serve_forever()
            except Exception as problem:  # noqa: BLE001 (the page must come back whatever it was)
                failures += 1
                delay = min(2**failures, 30)
                say(
                    f"the demo page stopped ({type(problem).__name__}); serving it again in "
                    f"{delay} s"
                )
                stopping.wait(delay)

    thread = threading.Thread(target=serve, name="reflect-demo", daemon=True)
    thread.start()
    print(f"Demo intranet page: http://localhost:{port}/")
    try:
        yield
    finally:
        stopping.set()
        server.shutdown()
        server.server_close()
