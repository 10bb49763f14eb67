"""The self-contained HTML report and the static web page (pure Python, no browser)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claimgraph.serve import report as report_mod
from claimgraph.serve.report import json_for_script, render_report, static_dir

EVIL = "</script><script>alert(1)</script> <!-- \u2028 \u2029 & <b>x</b> ]]>"

VENDORED = {
    "leaflet": ("1.9.4", ["leaflet.js", "leaflet.css", "LICENSE"]),
    "vis-timeline": ("8.5.4", ["vis-timeline-graph2d.min.js", "vis-timeline-graph2d.min.css",
                               "LICENSE.md", "LICENSE.Apache-2.0.txt", "LICENSE.MIT.txt"]),
    "topojson-client": ("3.1.0", ["topojson-client.min.js", "LICENSE"]),
    "world-atlas": ("2.0.2", ["countries-50m.json", "LICENSE"]),
}


def _proposition(pid: str, status: str, claims: list[str]) -> dict:
    return {
        "id": pid, "type": "CONTROL", "status": status, "confidence": 0.8,
        "place": {"name": "Wad Medani", "geonames_id": 364103, "country": "SD", "lat": 14.40118, "lon": 33.51989},
        "agent": {"canonical": "Gezira Revolutionary Front", "side": "opposition"},
        "facility": None,
        "valid_time": {"start": "2025-03-10T21:00:00+00:00", "end": "2025-03-15T00:00:00+00:00"},
        "reasons": ["asserted by Global Wire Service", EVIL],
        "claims": claims, "support": claims, "deny": [],
        "independent_sources": 1, "documents": 1,
        "first_reported": "2025-03-11T07:55:00+00:00", "last_reported": "2025-03-11T07:55:00+00:00",
        "sources": [{"name": "Global Wire Service", "side": "media", "kind": "media", "stance": "assert"}],
    }


@pytest.fixture
def bundle() -> dict:
    sentence = f"Rebels say {EVIL} they hold Wad Medani."
    start = sentence.index("they")
    claim = {
        "id": "c1", "document_id": "d1", "sentence": sentence, "sentence_span": [100, 100 + len(sentence)],
        "span": [100 + start, 100 + len(sentence) - 1], "evidence": sentence[start:-1],
        "source": {"text": "Rebels", "span": [100, 106], "canonical": "Gezira Revolutionary Front",
                   "kind": "armed_group", "side": "opposition"},
        "cue": "say", "cue_span": [107, 110], "stance": "assert", "quote": "indirect", "channel": None,
        "chain": ["Rebels", "Global Wire Service"], "hedges": [], "attributed": True,
    }
    doc = {"id": "d1", "url": "https://gws.example/wire/1", "outlet": "Global Wire Service",
           "title": "Rebels claim Wad Madani </script>", "published_at": "2025-03-11T07:55:00+00:00"}
    times = ["2025-03-10T08:40:00+00:00", "2025-03-11T07:55:00+00:00"]
    return {
        "meta": {"version": "0.1.0", "documents": 1, "claims": 1, "first_reported": times[0],
                 "last_reported": times[-1], "report_times": times, "tile_url": None},
        "snapshots": [
            {"as_of": times[0], "propositions": []},
            {"as_of": times[1], "propositions": [_proposition("p1", "unverified", ["c1"])]},
        ],
        "claims": [claim],
        "documents": [doc],
        "timelines": {"364103": {"place": None, "intervals": [], "history": []}},
        "sources": {"method": "test", "sources": [{"key": "gws", "name": "Global Wire Service", "kind": "media",
                                                   "side": "media", "reliability": 0.9, "evidence": 1,
                                                   "propositions": 1, "asserted": 1, "denied": 0}]},
    }


class _Page(HTMLParser):
    """Collects scripts (attributes and raw text), link/src attributes and meta tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.urls: list[tuple[str, str, str]] = []
        self.metas: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        attributes = dict(attrs)
        for name in ("src", "href", "action", "data", "poster"):
            if attributes.get(name):
                self.urls.append((tag, name, attributes[name] or ""))
        if tag == "meta":
            self.metas.append(attributes)
        if tag == "script":
            self._script, self._text = attributes, []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def _csp(parsed: _Page) -> dict[str, list[str]]:
    metas = [m for m in parsed.metas if (m.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(metas) == 1
    policy: dict[str, list[str]] = {}
    for directive in (metas[0]["content"] or "").split(";"):
        name, *values = directive.split()
        policy[name] = values
    return policy


def test_report_embeds_the_bundle_so_it_round_trips(bundle: dict) -> None:
    page = render_report(bundle)
    parsed = _parse(page)
    data = [text for attrs, text in parsed.scripts if attrs.get("id") == "claimgraph-data"]
    assert len(data) == 1
    raw = data[0]
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in raw
    assert json.loads(raw) == bundle
    # article text cannot open or close elements: every <script> in the page is one of ours
    assert page.count("<script") == page.count("</script>") == len(parsed.scripts) == 6
    assert "alert(1)" not in page.replace(json_for_script(bundle), "")


def test_json_for_script_escapes_and_sanitises() -> None:
    text = json_for_script({"s": EVIL, "nan": float("nan"), "inf": float("inf"), "lone": "\ud800"})
    assert not re.search(r"[<>&\u2028\u2029\ud800-\udfff]", text)
    assert json.loads(text) == {"s": EVIL, "nan": None, "inf": None, "lone": "\ud800"}


def test_report_has_no_external_urls(bundle: dict) -> None:
    page = render_report(bundle)
    parsed = _parse(page)
    assert "link" in parsed.tags  # only the data: favicon
    for tag, name, url in parsed.urls:
        assert not re.match(r"\s*(https?:)?//", url, re.I), (tag, name, url)
        assert url.startswith("data:"), (tag, name, url)
    assert not any(attrs.get("src") for attrs, _ in parsed.scripts)
    assert '<link rel="stylesheet"' not in page
    # the document URL in the data is still there, as data
    assert "https://gws.example/wire/1" in page


def test_csp_allows_exactly_the_inlined_scripts(bundle: dict) -> None:
    parsed = _parse(render_report(bundle))
    policy = _csp(parsed)
    executable = [text for attrs, text in parsed.scripts if attrs.get("type") in (None, "", "text/javascript")]
    assert len(executable) == 4  # leaflet, vis-timeline, topojson-client, app.js
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
        for text in executable
    }
    assert set(policy["script-src"]) == hashes
    assert policy["default-src"] == ["'none'"]
    assert policy["connect-src"] == ["'none'"]
    assert policy["img-src"] == ["data:"]
    assert policy["style-src"] == ["'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert "frame-ancestors" not in policy  # ignored (with a console error) in a <meta> policy
    # the data blocks are not scripts, and the CSP meta comes before every script
    page = render_report(bundle)
    assert page.index("Content-Security-Policy") < page.index("<script")


def test_report_inlines_styles_and_app(bundle: dict) -> None:
    page = render_report(bundle, title="Gezira <report>")
    assert "<title>Gezira &lt;report&gt;</title>" in page
    assert page.count("<style>") == 3
    assert ".leaflet-container" in page and ".vis-timeline" in page and ".claim-card" in page
    assert "sourceMappingURL" not in page
    assert 'id="claimgraph-basemap" type="application/json"' in page


def test_report_refuses_unsafe_vendored_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundle: dict) -> None:
    copy = tmp_path / "static"
    shutil.copytree(static_dir(), copy)
    (copy / "app.js").write_text('var s = "</script><script>alert(1)";', encoding="utf-8")
    monkeypatch.setattr(report_mod, "static_dir", lambda: copy)
    with pytest.raises(ValueError, match="cannot be inlined"):
        render_report(bundle)


def test_write_report(tmp_path: Path, bundle: dict) -> None:
    out = report_mod.write_report(bundle, tmp_path / "report.html")
    assert out.read_text(encoding="utf-8") == render_report(bundle)


def test_vendored_files_exist_and_are_listed() -> None:
    vendor = static_dir() / "vendor"
    listing = (vendor / "VENDORED.md").read_text(encoding="utf-8")
    total = 0
    for package, (version, files) in VENDORED.items():
        assert f"| {package} | {version} |" in listing
        for name in files:
            path = vendor / package / name
            assert path.is_file() and path.stat().st_size > 0, path
            assert f"`{package}/{name}`" in listing
            total += path.stat().st_size
    assert total < 2_000_000
    atlas = json.loads((vendor / "world-atlas" / "countries-50m.json").read_text(encoding="utf-8"))
    assert atlas["type"] == "Topology" and "countries" in atlas["objects"]


def test_static_page_is_csp_clean_and_uses_no_html_sinks() -> None:
    root = static_dir()
    index = (root / "index.html").read_text(encoding="utf-8")
    parsed = _parse(index)
    assert all(attrs.get("src") for attrs, _ in parsed.scripts), "no inline scripts in index.html"
    assert not re.search(r"\son[a-z]+\s*=", index, re.I), "no inline event handlers"
    assert "style=" not in index
    for _tag, _name, url in parsed.urls:
        assert url.startswith(("static/", "data:")), url
    for name in ("app.js", "app.css"):
        text = (root / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), name
    app = (root / "app.js").read_text(encoding="utf-8")
    for sink in (r"\binnerHTML\b", r"\bouterHTML\b", r"\binsertAdjacentHTML\b", r"document\.write",
                 r"\beval\s*\(", r"new\s+Function\b", r"setTimeout\(\s*[\"'`]", r"setInterval\(\s*[\"'`]"):
        assert not re.search(sink, app), sink
    for hook in ("#map", "#asof-slider", "#asof-label", "#propositions", ".status-chip", ".claim-card",
                 "mark.evidence", "#sources", "#timeline", "#filter-place", "#filter-status", "#filter-source"):
        assert hook in app, hook  # documented at the top of app.js
    for element_id in ("map", "asof-slider", "asof-label", "propositions", "claims", "sources", "timeline",
                       "filter-place", "filter-status", "filter-source"):
        assert f'id="{element_id}"' in index, element_id
