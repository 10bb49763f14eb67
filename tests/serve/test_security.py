"""The API's defences: token-gated writes, CORS off unless asked for, bounded bodies,
rate-limited writes, and errors that say what to do."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from claimgraph.cli import app as cli
from claimgraph.errors import UsageError
from claimgraph.serve.app import create_app

AUTH = {"Authorization": "Bearer s3cret"}
EVIL = "https://evil.example"


def _doc(n: int) -> dict[str, str]:
    return {"text": f"The river brigade said on Monday that it had reached checkpoint {n} before dawn."}


@pytest.fixture
def store(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'security.db'}"


@pytest.fixture
def client(store: str) -> Iterator[TestClient]:
    with TestClient(create_app(store, token="s3cret", max_body=2048, write_rate="3/minute")) as test_client:
        yield test_client


def test_cors_is_off_by_default(client: TestClient) -> None:
    for response in (
        client.get("/api/meta", headers={"Origin": EVIL}),
        client.options("/api/documents", headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"}),
        client.post("/api/documents", json=[_doc(1)], headers={**AUTH, "Origin": EVIL}),
    ):
        assert not any(name.lower().startswith("access-control-") for name in response.headers), response.headers


def test_cors_allows_only_the_named_origin(store: str) -> None:
    client = TestClient(create_app(store, cors_origins=["https://desk.example"]))
    allowed = client.get("/api/meta", headers={"Origin": "https://desk.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://desk.example"
    assert "access-control-allow-origin" not in client.get("/api/meta", headers={"Origin": EVIL}).headers
    preflight = client.options(
        "/api/documents", headers={"Origin": "https://desk.example", "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]


def test_writes_are_rate_limited_per_client(client: TestClient) -> None:
    statuses = [client.post("/api/documents", json=[_doc(n)], headers=AUTH).status_code for n in range(3)]
    assert statuses == [201, 201, 201]
    refused = client.post("/api/documents", json=[_doc(9)], headers=AUTH)
    assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
    assert "3 per 1 minute" in refused.json()["detail"]
    assert client.get("/api/documents").status_code == 200  # reads are not limited


def test_unauthenticated_writes_count_against_the_limit(client: TestClient) -> None:
    """Guessing tokens is rate limited too."""
    guesses = [client.post("/api/documents", json=[_doc(1)], headers={"Authorization": f"Bearer g{n}"}).status_code
               for n in range(4)]  # fmt: skip
    assert guesses == [403, 403, 403, 429]


def test_request_bodies_are_bounded_with_and_without_content_length(client: TestClient) -> None:
    big = b'[{"text": "' + b"x" * 4096 + b'"}]'
    assert client.post("/api/documents", content=big, headers=AUTH).status_code == 413

    def chunks() -> Iterator[bytes]:  # streamed: no Content-Length to trust
        for start in range(0, len(big), 512):
            yield big[start : start + 512]

    assert client.post("/api/documents", content=chunks(), headers=AUTH).status_code == 413
    lying = client.post("/api/documents", content=big, headers={**AUTH, "Content-Length": "10"})
    assert lying.status_code in (400, 413)


def test_writes_need_a_token_and_the_right_one(store: str) -> None:
    read_only = TestClient(create_app(store))
    assert read_only.post("/api/documents", json=[_doc(1)]).status_code == 403
    gated = TestClient(create_app(store, token="s3cret"))
    missing = gated.post("/api/documents", json=[_doc(1)])
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert gated.post("/api/documents", json=[_doc(1)], headers={"Authorization": "Basic s3cret"}).status_code == 401
    assert gated.post("/api/documents", json=[_doc(1)], headers={"Authorization": "Bearer s3cre"}).status_code == 403


def test_an_unreadable_write_rate_is_a_usage_error(store: str) -> None:
    with pytest.raises(UsageError, match="60/minute"):
        create_app(store, write_rate="lots")


def test_serve_offers_the_cors_and_rate_options() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"], env={"COLUMNS": "200"})
    assert "--cors-origin" in result.output and "--write-rate" in result.output


@pytest.mark.parametrize("origin", ["*", "null", "https://desk.example/", "desk.example", "https://desk.example/path"])
def test_a_wildcard_null_or_malformed_cors_origin_is_refused(store: str, origin: str) -> None:
    with pytest.raises(UsageError, match="scheme://host"):
        create_app(store, cors_origins=[origin])


@pytest.mark.parametrize(("path", "params"), [
    ("/api/documents", {"offset": "9223372036854775808"}),
    ("/api/claims", {"offset": "9223372036854775807"}),
    ("/api/propositions", {"limit": "9223372036854775808"}),
    ("/api/propositions", {"as_of": "9999-12-31T23:59:59-14:00"}),
    ("/api/propositions", {"as_of": "0001-01-01T00:00:00+14:00"}),
])
def test_api_edges_answer_422_json_not_500(client: TestClient, path: str, params: dict[str, str]) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/json")


def test_a_deeply_nested_json_body_is_a_400(store: str) -> None:
    client = TestClient(create_app(store, token="s3cret"))
    deep = "[" * 5000 + "]" * 5000
    response = client.post("/api/documents", content=deep, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 400 and "nested too deeply" in response.json()["detail"]


def test_serve_does_not_trust_forwarded_addresses(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn trusts X-Forwarded-For from 127.0.0.1 by default: a new address per request
    would dodge the write rate limit. serve turns proxy headers off."""
    import uvicorn

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kw: seen.update(kw))
    result = CliRunner().invoke(cli, ["serve", "--db", store, "--port", "8765"])
    assert result.exit_code == 0, result.output
    assert seen.get("proxy_headers") is False


def test_an_unknown_host_header_is_refused(store: str) -> None:
    # DNS rebinding: a page at rebind.example re-points its name to 127.0.0.1 and reads
    # the store; serve answers only the localhost names, its bound address and the names
    # it is given.
    from claimgraph.serve.app import default_allowed_hosts

    hosts = default_allowed_hosts("127.0.0.1", ["desk.example"])
    client = TestClient(create_app(store, allowed_hosts=hosts), base_url="http://127.0.0.1:8000")
    assert client.get("/api/meta").status_code == 200
    for name in ("localhost:8000", "desk.example"):
        assert client.get("/api/meta", headers={"Host": name}).status_code == 200, name
    refused = client.get("/api/meta", headers={"Host": "rebind.example:8000"})
    assert refused.status_code == 400 and "--allowed-host rebind.example" in refused.json()["detail"]
    assert client.get("/api/meta", headers={"Host": "[::1]:8000"}).status_code == 200  # an IPv6 literal
    assert default_allowed_hosts("0.0.0.0") is None  # every interface, no name: the operator is told
    assert "10.0.0.5" in default_allowed_hosts("10.0.0.5")


def test_every_error_is_json_with_a_code(client: TestClient) -> None:
    cases = [
        (client.get("/api/documents/nope"), 404),
        (client.get("/api/no-such-route"), 404),
        (client.get("/api/documents?limit=0"), 422),
        (client.get("/api/documents?offset=99999999999999999999"), 422),
        (client.post("/api/documents", json=[_doc(1)]), 401),
        (client.post("/api/documents", content=b"x" * 5000, headers={**AUTH, "Content-Type": "application/json"}), 413),
    ]
    for response, status in cases:
        assert response.status_code == status, response.text
        body = response.json()
        assert body["code"] == f"HTTP-{status}" and body["detail"], body


def test_an_unexpected_error_is_a_json_500(store: str, monkeypatch) -> None:
    from claimgraph.serve import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "documents", broken)
    with TestClient(create_app(store), raise_server_exceptions=False) as test_client:
        response = test_client.get("/api/documents")
    assert response.status_code == 500 and response.json()["code"] == "HTTP-500"
    assert "a bug" not in response.text  # the log has it, not the client


def test_proxy_headers_are_trusted_only_from_named_proxies() -> None:
    from claimgraph.serve.app import serve_proxy_options

    assert serve_proxy_options(None) == {"proxy_headers": False}
    assert serve_proxy_options(" 10.0.0.2, 10.0.0.3 ") == {"proxy_headers": True, "forwarded_allow_ips": "10.0.0.2,10.0.0.3"}
    with pytest.raises(UsageError, match="name the proxies"):
        serve_proxy_options("*")
    result = CliRunner().invoke(cli, ["serve", "--forwarded-allow-ips", "*", "--db", "sqlite:///:memory:"])
    assert result.exit_code == 2 and "name the proxies" in result.output
