"""The web page and the offline report in a real browser (Playwright driving Debian's
Chromium; no browser download): map, as-of slider, claim cards, and hostile text shown
as text. Screenshots go to the test's temporary directory."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from claimgraph.ingest.run import ingest
from claimgraph.reconcile.materialize import refresh
from claimgraph.serve.app import create_app
from claimgraph.serve.report import write_report
from claimgraph.serve.views import report_bundle
from claimgraph.settings import Settings
from claimgraph.store.engine import open_store

CHROMIUM = Path("/usr/bin/chromium")
WAD_MADANI = "364103"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (apt-get install chromium)")
        pytest.skip("no /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()


@contextmanager
def _served(store_url: str) -> Iterator[str]:
    """The app over ``store_url`` on a free loopback port, in a thread."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store_url), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the test server did not start"
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(sample_store: str) -> Iterator[str]:
    """The app over the sample store, for the module's tests."""
    with _served(sample_store) as url:
        yield url


class Watch:
    """Console errors, page errors and dialogs seen by a page (none may happen)."""

    def __init__(self, page: Any) -> None:
        self.problems: list[str] = []
        page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        page.on("console", lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))


def _api(base: str, path: str, **params: str) -> Any:
    return httpx.get(base + path, params=params, timeout=30).json()


def _grf_capture(props: list[dict]) -> dict:
    found = [p for p in props if p["type"] == "CONTROL" and str(p["place"]["geonames_id"]) == WAD_MADANI
             and p["agent"]["canonical"] == "Gezira Revolutionary Front"]
    return min(found, key=lambda p: p["valid_time"]["start"])


def _stop_index(stops: list[str], at: str) -> int:
    return max(i for i, s in enumerate(stops) if s <= at)


def test_page_replays_the_offensive_and_opens_a_claim(browser: Any, base_url: str, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    watch = Watch(page)
    page.goto(base_url)
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("path.place-marker").count() >= 3
    assert page.locator(f'path.place-marker[data-place="{WAD_MADANI}"]').count() == 1
    page.screenshot(path=str(tmp_path / "page.png"))

    stops = _api(base_url, "api/meta")["report_times"]
    grf_id = _grf_capture(_api(base_url, "api/propositions")["propositions"])["id"]
    noon = _grf_capture(_api(base_url, "api/propositions", as_of="2025-03-12T12:00:00+00:00")["propositions"])
    slider = page.locator("#asof-slider")
    slider.fill(str(_stop_index(stops, "2025-03-12T12:00:00+00:00")))
    page.wait_for_function("document.querySelector('#asof-label').dataset.asOf.startsWith('2025-03-12')")
    # the list re-renders after the fetch for the new as-of: wait for that state, not the old one
    page.wait_for_selector(f'#propositions li[data-id="{noon["id"]}"][data-status="contested"] .status-chip')
    page.screenshot(path=str(tmp_path / "noon-12-march.png"))

    slider.fill(str(len(stops) - 1))
    page.wait_for_function(f"document.querySelector('#asof-label').dataset.asOf >= '{stops[-1][:10]}' || document.querySelector('#asof-label').dataset.asOf === 'latest'")
    page.wait_for_selector(f'#propositions li[data-id="{grf_id}"][data-status="confirmed"]')
    item = page.locator(f'#propositions li[data-id="{grf_id}"]')

    item.click()
    card = page.locator("#claims .claim-card").first
    card.wait_for()
    card.click()
    page.wait_for_selector(".claim-card.open")
    opened = page.locator(".claim-card.open")
    claim = _api(base_url, "api/claims", ids=opened.get_attribute("data-id"))["claims"][0]
    assert opened.locator("mark.evidence").text_content() == claim["evidence"]
    assert claim["evidence"] in opened.text_content() and claim["sentence"][:20] in opened.text_content()
    assert f"proposition={grf_id}" in page.evaluate("location.hash")  # the view is shareable
    page.screenshot(path=str(tmp_path / "claim-card.png"))
    assert watch.problems == []
    page.close()


def _hostile_ids(base: str) -> tuple[str, str]:
    (claim,) = [c for c in _api(base, "api/search", q="onerror=alert(2)")["claims"] if "captured Rufaa" in c["sentence"]]
    (prop,) = [p for p in _api(base, "api/propositions")["propositions"] if claim["id"] in p["claims"]]
    return prop["id"], claim["id"]


def _assert_shown_as_text(page: Any, watch: Watch, hostile: dict[str, str]) -> None:
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector(".claim-card.open")
    card = page.locator(".claim-card.open")
    assert "<script>alert(3)</script>" in card.text_content()  # the markup is visible text
    assert "<img src=x onerror=alert(2)>" in card.text_content()
    assert page.locator("#claims img, #claims script, #propositions img, #timeline img, #claims b").count() == 0
    assert page.locator("#claims a[href^='javascript']").count() == 0
    assert page.evaluate("() => window.__pwned === undefined")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__pwned = 1'; document.body.append(s); }")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__pwned === undefined"), "an injected inline script ran: CSP is missing"
    assert not [p for p in watch.problems if p.startswith(("dialog", "pageerror"))]


def test_hostile_text_is_shown_as_text_in_the_page(browser: Any, base_url: str, hostile: dict[str, str], tmp_path: Path) -> None:
    prop, claim = _hostile_ids(base_url)
    page = browser.new_page()
    watch = Watch(page)
    page.goto(f"{base_url}#proposition={prop}&claim={claim}")
    _assert_shown_as_text(page, watch, hostile)
    page.screenshot(path=str(tmp_path / "hostile-page.png"))
    page.close()


def test_hostile_text_is_shown_as_text_in_the_report(
    browser: Any, sample_store: str, base_url: str, hostile: dict[str, str], tmp_path: Path
) -> None:
    prop, claim = _hostile_ids(base_url)
    engine = open_store(sample_store)
    with engine.connect() as conn:
        path = write_report(report_bundle(conn), tmp_path / "report.html")
    engine.dispose()
    html = path.read_text(encoding="utf-8")
    assert "<script>alert(3)</script>" not in html  # embedded escaped, never as markup
    page = browser.new_page()
    watch = Watch(page)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.goto(f"{path.as_uri()}#proposition={prop}&claim={claim}")
    assert page.locator("body").get_attribute("data-mode") == "report"
    _assert_shown_as_text(page, watch, hostile)
    assert requests == []  # works offline: nothing fetched from anywhere
    page.screenshot(path=str(tmp_path / "hostile-report.png"))
    page.close()


def _circles(page: Any) -> list[tuple[float, float, float, str]]:
    """Centre x, y, radius and place of every place marker as drawn."""
    boxes = page.eval_on_selector_all(
        "path.place-marker",
        "els => els.map(e => { const b = e.getBoundingClientRect();"
        " return [b.x + b.width / 2, b.y + b.height / 2, b.width / 2, e.dataset.place]; })")
    return [tuple(b) for b in boxes]


def test_nearby_markers_are_spread_not_stacked(browser: Any, base_url: str, tmp_path: Path) -> None:
    # (A new user saw the markers of nearby towns drawn over each other.) Zoomed out until
    # some markers share a spot, every marker is still whole and clickable.
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    watch = Watch(page)
    page.goto(base_url)
    page.wait_for_selector("body[data-ready=true]")
    for _ in range(3):
        page.locator(".leaflet-control-zoom-out").click()
        page.wait_for_timeout(400)
    circles = _circles(page)
    assert len(circles) >= 3
    spread = page.eval_on_selector_all("path.place-marker", "els => els.map(e => Number(e.dataset.spread || 1))")
    assert max(spread) > 1, "zoomed out, some markers should share a spot: the test proves nothing"
    for i, (x1, y1, r1, a) in enumerate(circles):
        for x2, y2, r2, b in circles[i + 1:]:
            assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= r1 + r2 - 1.5, (a, b)
    page.screenshot(path=str(tmp_path / "spread.png"))
    # zoomed back in, a marker returns to its own place
    for _ in range(3):
        page.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(400)
    assert watch.problems == []
    page.close()


def test_timeline_labels_are_not_cut(browser: Any, base_url: str) -> None:
    # (A new user read "CONTR" on a short bar.) The label runs on past a short bar, and its
    # title holds the whole of it.
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(base_url)
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("#timeline .tl-item")
    titles = page.eval_on_selector_all("#timeline .tl-item", "els => els.map(e => e.title)")
    types = page.eval_on_selector_all("#timeline .tl-item .tl-type", "els => els.map(e => e.textContent)")
    assert titles and all(t and kind in t for t, kind in zip(titles, types, strict=True))
    overflow = page.eval_on_selector_all(
        "#timeline .vis-item.vis-range .vis-item-overflow", "els => els.map(e => getComputedStyle(e).overflow)")
    assert overflow and set(overflow) == {"visible"}
    page.close()


def _report(outlet: str, published: str, text: str) -> str:
    return json.dumps({"url": f"https://{outlet.lower().replace(' ', '')}.example/{published[:10]}",
                       "outlet": outlet, "published": published, "language": "en", "title": text[:40], "text": text})


def test_timeline_opens_on_the_busiest_fortnight(browser: Any, tmp_path: Path) -> None:
    # (A store spanning 2023 and 2024 opened on two years of slivers.) Invented reports: one
    # in January 2023, three in March 2024; the page opens on March 2024.
    corpus = tmp_path / "two-years.jsonl"
    corpus.write_text("\n".join([
        _report("Lume Gazette", "2023-01-05T09:00:00+00:00", "Sudanese rebels said they had captured Kosti, in Sudan, on Wednesday."),
        _report("Lume Gazette", "2024-03-10T09:00:00+00:00", "Sudan's army said it had retaken Kosti, in Sudan, on Sunday."),
        _report("Harbour Times", "2024-03-11T09:00:00+00:00", "Residents said Sudanese army troops entered Kosti on Sunday."),
        _report("Lagoon Radio", "2024-03-12T09:00:00+00:00", "Sudanese rebels denied that the army held Kosti."),
    ]) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'two-years.db'}"
    engine = open_store(url)
    ingest([str(corpus)], engine, Settings(db_url=url))
    refresh(engine)
    engine.dispose()
    with _served(url) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(base)
        page.wait_for_selector("body[data-ready=true]")
        page.wait_for_selector("#timeline[data-window-start]")
        start = page.locator("#timeline").get_attribute("data-window-start")
        end = page.locator("#timeline").get_attribute("data-window-end")
        page.close()
    assert "2024-03-08" <= start[:10] <= "2024-03-10" and "2024-03-12" <= end[:10] <= "2024-03-14", (start, end)
