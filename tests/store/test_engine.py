import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from claimgraph.errors import StoreError
from claimgraph.store.engine import open_store
from claimgraph.store.schema import metadata


def test_migrations_build_exactly_the_schema(db_url: str) -> None:
    engine = open_store(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert diff == []


def test_open_store_twice_is_a_noop(db_url: str) -> None:
    open_store(db_url).dispose()
    engine = open_store(db_url)
    assert {"documents", "lsh_bands", "ingest_failures", "alembic_version"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()


def test_sqlite_store_uses_wal(tmp_path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_unreachable_store_is_a_named_error(tmp_path) -> None:
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")


def test_sqlite_connections_wait_for_locks_and_the_pool_covers_the_server_threads(tmp_path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    assert engine.pool.size() + engine.pool._max_overflow >= 40  # anyio's default thread limit
    engine.dispose()


def test_a_reader_is_not_locked_out_by_an_open_write_transaction(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    writer, reader = open_store(url), open_store(url)
    with writer.begin() as conn:
        conn.exec_driver_sql("INSERT INTO ingest_failures (path, code, reason, at) VALUES ('x', 'E001', 'r', '2025-01-01')")
        with reader.connect() as other:  # WAL: reads go on beside the open write transaction
            assert other.exec_driver_sql("SELECT count(*) FROM ingest_failures").scalar() == 0
    with reader.connect() as other:
        assert other.exec_driver_sql("SELECT count(*) FROM ingest_failures").scalar() == 1
    writer.dispose()
    reader.dispose()
