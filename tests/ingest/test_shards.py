"""extract-batch into Parquet shards, then a load of the shards, gives the direct store."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.errors import UsageError
from claimgraph.ingest.parallel import open_pool
from claimgraph.ingest.shards import ShardReport, extract_to_parquet, ingest_parquet
from claimgraph.settings import Settings
from claimgraph.store.engine import open_store

from .conftest import EXAMPLES
from .tables import store_rows


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ShardReport]:
    out = tmp_path_factory.mktemp("shards") / "out"
    with open_pool(workers=2) as pool:
        written = extract_to_parquet([str(EXAMPLES)], out, Settings(batch_size=8), pool=pool, rows_per_shard=10)
    return out, written


@pytest.mark.slow
def test_shards_load_into_the_store_a_direct_ingest_gives(
    shards: tuple[Path, ShardReport], examples_store: str, db_url: str
) -> None:
    out, written = shards
    assert (written.documents, len(written.failures)) == (26, 0)
    assert len(written.shards) == 2  # batches 8 + 8 (a new file from 10 rows on), then 8 + 2
    engine = open_store(db_url)
    loaded = ingest_parquet(out, engine, Settings(db_url=db_url, batch_size=5))
    assert (loaded.new, loaded.claims) == (26, written.claims)
    again = ingest_parquet(out, engine, Settings(db_url=db_url))
    assert (again.new, again.duplicates, again.claims) == (0, 26, 0)
    engine.dispose()
    assert store_rows(db_url) == store_rows(examples_store)


def test_extract_batch_will_not_mix_with_earlier_shards(tmp_path: Path) -> None:
    (tmp_path / "part-00000.parquet").write_bytes(b"")
    with pytest.raises(UsageError, match="already holds"):
        extract_to_parquet([str(EXAMPLES)], tmp_path, Settings())


def test_loading_an_empty_directory_is_a_usage_error(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 's.db'}")
    with pytest.raises(UsageError, match="no .parquet shards"):
        ingest_parquet(tmp_path, engine, Settings())
    engine.dispose()
