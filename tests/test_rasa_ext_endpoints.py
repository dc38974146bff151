"""bot/rasa_ext/endpoints.py: store URLs read by SQLAlchemy and redis-py, nothing dropped."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from bot.rasa_ext.endpoints import database_url, endpoints
from bot.settings import deployment


def test_the_driver_the_query_and_an_escaped_password_reach_rasa(tmp_path: Path) -> None:
    url = (
        "postgresql+psycopg2://reflect:p%40ss%2Fword@db.internal:5433/reflect_live?sslmode=require"
    )
    settings = deployment({"REFLECT_DATA_DIR": str(tmp_path), "REFLECT_TRACKER_DB_URL": url})
    store = endpoints(settings)["tracker_store"]
    assert store["dialect"] == "postgresql+psycopg2"
    assert (store["url"], store["port"], store["db"]) == ("db.internal", 5433, "reflect_live")
    assert (store["username"], store["password"]) == ("reflect", "p@ss/word")
    assert store["query"] == {"sslmode": "require"}
    assert store["login_db"] == "postgres"
    # Retention's own SQL connects to the very same database.
    assert database_url(settings) == make_url(url)


def test_sqlite_needs_no_login_database(tmp_path: Path) -> None:
    settings = deployment({"REFLECT_DATA_DIR": str(tmp_path)})
    assert database_url(settings).get_backend_name() == "sqlite"
    assert database_url(settings).database == str(tmp_path / "tracker.db")


def test_a_redis_url_with_tls_and_a_user(tmp_path: Path) -> None:
    settings = deployment(
        {
            "REFLECT_DATA_DIR": str(tmp_path),
            "REFLECT_LOCK_STORE_URL": "rediss://reflect:s%3Acret@cache.internal:6390/3",
        }
    )
    lock = endpoints(settings)["lock_store"]
    assert (lock["url"], lock["port"], lock["db"]) == ("cache.internal", 6390, 3)
    assert (lock["username"], lock["password"], lock["use_ssl"]) == ("reflect", "s:cret", True)
