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


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """WAL lets readers run beside the writer; foreign keys keep claims tied to documents."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
    cursor.close()


def create(url: str) -> Engine:
    """An engine for ``url`` (SQLite files get WAL and a busy timeout)."""
    engine = create_engine(url, future=True)
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
