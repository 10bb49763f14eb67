"""Open a store: create the engine, tune SQLite, bring the schema up to date."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from claimgraph.errors import StoreError

_BUSY_TIMEOUT_MS = 30_000
# As many connections as the server's worker threads (anyio's default limiter is 40), so a
# burst of readers never waits for a pooled connection (and never times out waiting).
_POOL = {"pool_size": 10, "max_overflow": 30}


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """WAL lets readers run beside the writer; foreign keys keep claims tied to documents.

    The busy timeout comes first: switching a fresh file to WAL takes a lock, and a
    connection opened while another writes must wait for it, not fail "database is locked".
    """
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create(url: str) -> Engine:
    """An engine for ``url`` (SQLite files get WAL and a busy timeout)."""
    memory = url.startswith("sqlite") and (":memory:" in url or url.rstrip("/") in ("sqlite:", "sqlite+pysqlite:"))
    # sqlite3 keeps 128 prepared statements per connection by default, and every length of
    # an expanded IN (...) list is a statement of its own (up to 2000 parameters): in a long
    # ingest that cache alone grew the process by tens of MB (bench/scale.py). 16 suffice.
    lite = {"connect_args": {"cached_statements": 16}} if url.startswith("sqlite") else {}
    engine = create_engine(url, future=True, **({} if memory else _POOL), **lite)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def migrate(engine: Engine) -> None:
    """Apply every pending Alembic migration (a no-op on an up-to-date store)."""
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("claimgraph.store").joinpath("migrations"))
    )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_store(url: str) -> Engine:
    """Open (creating if needed) and migrate the store at ``url``.

    Raises:
        StoreError: the database cannot be reached or migrated.
    """
    try:
        engine = create(url)
        migrate(engine)
    except SQLAlchemyError as exc:
        safe = make_url(url).render_as_string(hide_password=True)
        raise StoreError(
            f"cannot open the store at {safe}: {exc.__class__.__name__}: {exc.args[0] if exc.args else exc}. "
            "Check --db / CLAIMGRAPH_DB and that the server is running."
        ) from exc
    return engine
