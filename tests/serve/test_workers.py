"""``claimgraph serve --workers 2``: several server processes answer the same API."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow
CLAIMGRAPH = Path(sys.executable).parent / "claimgraph"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_two_worker_processes_answers_the_api(sample_store: str) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [str(CLAIMGRAPH), "serve", "--db", sample_store, "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        deadline, answer = time.monotonic() + 90, None
        while time.monotonic() < deadline and answer is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/propositions", params={"limit": 2}, timeout=10)
            except httpx.HTTPError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.3)
        assert answer is not None and answer.status_code == 200
        assert len(answer.json()["propositions"]) == 2
        assert httpx.post(f"http://127.0.0.1:{port}/api/documents", json=[]).status_code == 403  # still read-only
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
