"""Reflect's settings: ``reflect.yml`` for tunables, environment variables for deployment.

Deployment settings never require editing a committed file (README, "Serving").
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
SETTINGS_FILE = PROJECT_DIR / "reflect.yml"
# One launch's secrets, made by the launcher for the processes it starts (bot/ops/launcher.py):
# Rasa presents the action secret to the action server in ACTION_KEY_HEADER, and each server
# answers its health check with the launch id in LAUNCH_HEADER, so the launcher can tell its
# own servers from whatever else holds a port.
ACTION_SECRET_ENV = "REFLECT_ACTION_SECRET"
ACTION_KEY_HEADER = "X-Reflect-Action-Key"
LAUNCH_ID_ENV = "REFLECT_LAUNCH_ID"
LAUNCH_HEADER = "X-Reflect-Launch"


@lru_cache(maxsize=1)
def tunables() -> Dict[str, Any]:
    """The contents of reflect.yml."""
    return yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))


# Which audits Reflect uses (reflect.yml `content: live_audits`): "all", or audit ids separated by
# commas. An environment variable too, so a partnership serving its own content folder
# (REFLECT_CONTENT_DIR) chooses without editing a committed file.
LIVE_AUDITS_ENV = "REFLECT_LIVE_AUDITS"
ALL_AUDITS = "all"


@dataclass(frozen=True)
class LiveAudits:
    """The audits chosen to be live (None: every audit in the content folder), and where that
    was said, for an error that names it."""

    ids: Tuple[str, ...] | None
    source: str


def live_audits(env: Dict[str, str] | None = None) -> LiveAudits:
    """``REFLECT_LIVE_AUDITS`` if set, else reflect.yml's ``content: live_audits``."""
    env = os.environ if env is None else env
    if env.get(LIVE_AUDITS_ENV, "").strip():
        value: Any = [i.strip() for i in env[LIVE_AUDITS_ENV].split(",") if i.strip()]
        source = f"the environment variable {LIVE_AUDITS_ENV}"
    else:
        value = (tunables().get("content") or {}).get("live_audits", ALL_AUDITS)
        source = f"{SETTINGS_FILE.name} (content: live_audits)"
    if value == ALL_AUDITS or value == [ALL_AUDITS]:
        return LiveAudits(None, source)
    if isinstance(value, str):  # one id written without brackets
        value = [value]
    return LiveAudits(tuple(str(i) for i in value), source)


@dataclass(frozen=True)
class Deployment:
    data_dir: Path
    port: int
    action_port: int
    action_server_url: str
    tracker_db_url: str | None
    lock_store_url: str | None
    api_token: str | None
    cors_origins: List[str]
    environment: str
    log_level: str
    # Where every server listens: loopback unless a deployment behind a proxy says otherwise.
    bind_host: str
    # Signs conversation keys (bot/channels/access.py); unset: a key file in the data folder.
    conversation_secret: str | None
    # Opens the partnership's insights (bot/channels/insights.py); unset: they are closed.
    insights_token: str | None = None

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "tracker.db"

    @property
    def local_host(self) -> str:
        """Where this machine reaches its own servers."""
        return reachable_host(self.bind_host)

    @property
    def production(self) -> bool:
        return self.environment == "production"

    def as_env(self) -> Dict[str, str]:
        """These settings as the environment variables they come from, for child processes."""
        return {
            "REFLECT_DATA_DIR": str(self.data_dir),
            "PORT": str(self.port),
            "ACTION_PORT": str(self.action_port),
            "REFLECT_ACTION_SERVER_URL": self.action_server_url,
            "REFLECT_TRACKER_DB_URL": self.tracker_db_url or "",
            "REFLECT_LOCK_STORE_URL": self.lock_store_url or "",
            "REFLECT_API_TOKEN": self.api_token or "",
            "REFLECT_CORS_ORIGINS": ",".join(self.cors_origins),
            "REFLECT_ENV": self.environment,
            "REFLECT_LOG_LEVEL": self.log_level,
            "REFLECT_BIND_HOST": self.bind_host,
            "REFLECT_CONVERSATION_SECRET": self.conversation_secret or "",
            "REFLECT_INSIGHTS_TOKEN": self.insights_token or "",
        }


def reachable_host(bind_host: str) -> str:
    """Where this machine reaches a server that listens on ``bind_host``."""
    return "127.0.0.1" if bind_host in ("0.0.0.0", "::") else bind_host


def deployment(env: Dict[str, str] | None = None) -> Deployment:
    """Deployment settings from the environment, with local-development defaults."""
    env = os.environ if env is None else env
    action_port = int(env.get("ACTION_PORT", "5055"))
    bind_host = env.get("REFLECT_BIND_HOST") or "127.0.0.1"
    environment = env.get("REFLECT_ENV", "development")
    origins = [o.strip() for o in env.get("REFLECT_CORS_ORIGINS", "").split(",") if o.strip()]
    if not origins and environment != "production":  # the demo page, on whichever port it is
        demo_port = env.get("DEMO_PORT", "8080")
        origins = [f"http://localhost:{demo_port}", f"http://127.0.0.1:{demo_port}"]
    return Deployment(
        data_dir=Path(env.get("REFLECT_DATA_DIR", PROJECT_DIR / "var")).resolve(),
        port=int(env.get("PORT", "5005")),
        action_port=action_port,
        action_server_url=env.get(
            "REFLECT_ACTION_SERVER_URL", f"http://{reachable_host(bind_host)}:{action_port}/webhook"
        ),
        tracker_db_url=env.get("REFLECT_TRACKER_DB_URL") or None,
        lock_store_url=env.get("REFLECT_LOCK_STORE_URL") or None,
        api_token=env.get("REFLECT_API_TOKEN") or None,
        cors_origins=origins,
        environment=environment,
        log_level=env.get("REFLECT_LOG_LEVEL", "INFO"),
        bind_host=bind_host,
        conversation_secret=env.get("REFLECT_CONVERSATION_SECRET") or None,
        insights_token=env.get("REFLECT_INSIGHTS_TOKEN") or None,
    )
