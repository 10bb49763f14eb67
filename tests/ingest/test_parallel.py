"""One process, local worker processes and a Dask LocalCluster give the same store.

On PostgreSQL (COPY) the shards test compares with the same one-process store.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.errors import UsageError
from claimgraph.ingest.parallel import open_pool

from .conftest import EXAMPLES
from .tables import store_rows


@pytest.mark.slow
@pytest.mark.parametrize("flags", [["--workers", "2"], ["--dask", "local", "--workers", "2"]], ids=["workers", "dask"])
def test_parallel_ingest_gives_the_one_process_store(examples_store: str, flags: list[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'parallel.db'}"
    result = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--db", url, "--batch-size", "7", "--json", *flags])
    assert result.exit_code == 0, result.output
    one, other = store_rows(examples_store), store_rows(url)
    assert len(one["documents"]) == 26 and len(one["claims"]) > 100 and one["events"] and one["places"]
    for table, rows in one.items():
        assert other[table] == rows, f"table {table} differs"


@pytest.mark.parametrize("dask", ["localhost", "8786", ""])
def test_open_pool_refuses_an_address_without_scheme(dask: str) -> None:
    with pytest.raises(UsageError), open_pool(dask=dask):
        pass


def test_open_pool_without_workers_extracts_in_process() -> None:
    with open_pool() as pool:
        assert pool is None
