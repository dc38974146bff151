"""Rasa's endpoints (action server, tracker store, lock store) from our settings: SQLite and
in-memory locks unless the environment names PostgreSQL and Redis. URLs are read by the
libraries that own them (SQLAlchemy's ``make_url``, redis-py's ``parse_url``), so a driver, an
``sslmode`` or a password with escapes arrives as written."""

from __future__ import annotations

from typing import Any, Dict

from redis.connection import parse_url
from sqlalchemy.engine import URL, make_url

from bot.settings import ACTION_KEY_HEADER, ACTION_SECRET_ENV, Deployment

TRACKER_STORE = "bot.rasa_ext.tracker_store.IncrementalSQLTrackerStore"
LOCK_STORE = "bot.rasa_ext.lock_store.ReplicaSafeRedisLockStore"


def tracker_store(db_url: str | None, sqlite_path: str) -> Dict[str, Any]:
    if not db_url:
        return {"type": TRACKER_STORE, "dialect": "sqlite", "db": sqlite_path}
    url = make_url(db_url)
    config: Dict[str, Any] = {
        "type": TRACKER_STORE,
        "dialect": url.drivername,  # e.g. "postgresql+psycopg2"
        "url": url.host or "localhost",
        "port": url.port,
        "db": url.database or "reflect",
        "username": url.username,
        "password": url.password,
        "query": dict(url.query),  # e.g. sslmode
    }
    if url.get_backend_name() == "postgresql":
        config["login_db"] = "postgres"  # Rasa creates `db` from there when it is missing
    return config


def database_url(settings: Deployment) -> URL:
    """The tracker store's database, for our own SQL (retention)."""
    if settings.tracker_db_url:
        return make_url(settings.tracker_db_url)
    return URL.create("sqlite", database=str(settings.sqlite_path))


def lock_store(redis_url: str) -> Dict[str, Any]:
    parsed = parse_url(redis_url)
    config: Dict[str, Any] = {
        "type": LOCK_STORE,
        "url": parsed.get("host", "localhost"),
        "port": parsed.get("port", 6379),
        "db": parsed.get("db", 0),
        "password": parsed.get("password"),
    }
    if parsed.get("username"):
        config["username"] = parsed["username"]
    if redis_url.startswith("rediss://"):
        config["use_ssl"] = True
    return config


def endpoints(settings: Deployment) -> Dict[str, dict]:
    config: Dict[str, dict] = {
        # The launch's secret, which the action server asks of every call, stays out of the
        # file: Rasa reads ${...} in an endpoints file from its environment.
        "action_endpoint": {
            "url": settings.action_server_url,
            "headers": {ACTION_KEY_HEADER: f"${{{ACTION_SECRET_ENV}}}"},
        },
        "tracker_store": tracker_store(settings.tracker_db_url, str(settings.sqlite_path)),
    }
    if settings.lock_store_url:
        config["lock_store"] = lock_store(settings.lock_store_url)
    return config
