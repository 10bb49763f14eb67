"""The self-contained HTML report: the web page with its CSS, scripts and data inlined.

``render_report(bundle)`` returns one HTML file that works offline from a ``file://`` URL:
``static/index.html`` with ``app.css`` and the vendored CSS inlined as ``<style>``, the
vendored scripts and ``app.js`` inlined as ``<script>``, the data bundle embedded as JSON in
``<script id="claimgraph-data" type="application/json">`` and the Natural Earth basemap in
``<script id="claimgraph-basemap" type="application/json">``. A Content-Security-Policy
``<meta>`` allows exactly the inlined scripts (by sha256 hash) and nothing remote.

The bundle (assembled from the store by the caller)::

    {"meta": {...as GET /api/meta},
     "snapshots": [{"as_of": iso, "propositions": [...]}, ...],  # one per report time, last = current
     "claims": [...], "documents": [...],
     "timelines": {"<geonames_id>": {...as GET /api/timeline}},
     "sources": {...as GET /api/sources}}

Article text inside the bundle is untrusted: the JSON is escaped so that no ``</script>``,
``<!--`` or U+2028/U+2029 in it can end the data block or change how the page parses.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import math
import re
from importlib import resources
from pathlib import Path
from typing import Any

BASEMAP = "vendor/world-atlas/countries-50m.json"

_LINK = re.compile(r'<link rel="stylesheet" href="static/([^"]+)">')
_SCRIPT = re.compile(r'<script src="static/([^"]+)"></script>')
_SOURCE_MAP = re.compile(r"^\s*(?://[#@] sourceMappingURL=\S*|/\*[#@] sourceMappingURL=\S*\s*\*/)\s*$", re.M)
_SURROGATE = re.compile("[\ud800-\udfff]")


def static_dir() -> Path:
    """The directory holding index.html, app.js, app.css and vendor/ (for the app to mount)."""
    return Path(str(resources.files("claimgraph.serve").joinpath("static")))


def script_hash(source: str) -> str:
    """The CSP source expression (``'sha256-…'``) allowing one inline script's exact text."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def report_csp(hashes: list[str]) -> str:
    """The report's Content-Security-Policy: the given script hashes, inline styles, no network."""
    return "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(hashes),
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src 'none'",
        "connect-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def json_for_script(data: Any) -> str:
    """JSON text safe inside ``<script type="application/json">`` (parse back with JSON.parse).

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` (so no ``</script>`` or
    ``<!--``), U+2028/U+2029 and lone surrogates are escaped; NaN/±inf become null.
    """
    text = json.dumps(_finite(data), ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False, default=_json_default)
    return _escape_json_text(text)


def render_report(bundle: dict[str, Any], *, title: str | None = None) -> str:
    """One self-contained HTML page showing ``bundle`` (see the module docstring)."""
    root = static_dir()
    page = _read(root / "index.html")
    hashes: list[str] = []

    def inline_style(match: re.Match[str]) -> str:
        css = _SOURCE_MAP.sub("", _read(_asset(root, match.group(1))))
        if re.search(r"</style", css, re.I):
            raise ValueError(f"{match.group(1)} contains '</style' and cannot be inlined")
        return f"<style>\n{css}\n</style>"

    def inline_script(match: re.Match[str]) -> str:
        js = _SOURCE_MAP.sub("", _read(_asset(root, match.group(1))))
        if re.search(r"</script|<!--", js, re.I):
            raise ValueError(f"{match.group(1)} contains '</script' or '<!--' and cannot be inlined")
        js = f"\n{js}\n"
        hashes.append(script_hash(js))
        return f"<script>{js}</script>"

    page, n_styles = _LINK.subn(inline_style, page)
    page, n_scripts = _SCRIPT.subn(inline_script, page)
    if not n_styles or not n_scripts or "<script src=" in page or '<link rel="stylesheet"' in page:
        raise ValueError("index.html does not have the expected stylesheet/script references")

    data = (
        '<script id="claimgraph-data" type="application/json">'
        + json_for_script(bundle)
        + "</script>\n"
        + '<script id="claimgraph-basemap" type="application/json">'
        + _escape_json_text(_read(root / BASEMAP).strip())
        + "</script>\n"
    )
    first_script = page.index("<script>")
    page = page[:first_script] + data + page[first_script:]

    meta = bundle.get("meta") or {}
    name = title or meta.get("title") or "claimgraph report"
    page = re.sub(r"<title>.*?</title>", lambda _m: f"<title>{html.escape(str(name))}</title>", page, count=1)
    csp = (
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(report_csp(hashes), quote=False).replace('"', '&quot;')}">\n'
        '<meta name="generator" content="claimgraph">\n'
    )
    charset = '<meta charset="utf-8">\n'
    if charset not in page:
        raise ValueError("index.html must start its <head> with <meta charset=\"utf-8\">")
    return page.replace(charset, charset + csp, 1)


def write_report(bundle: dict[str, Any], path: str | Path, *, title: str | None = None) -> Path:
    """Render the report and write it to ``path`` (UTF-8); returns the path."""
    out = Path(path)
    out.write_text(render_report(bundle, title=title), encoding="utf-8", newline="\n")
    return out


# ---------------------------------------------------------------------------- helpers


def _read(path: Path) -> str:
    """A text file with its line endings normalised the way the HTML parser will see them."""
    text = path.read_text(encoding="utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _asset(root: Path, relative: str) -> Path:
    path = (root / relative).resolve()
    if root.resolve() not in path.parents:
        raise ValueError(f"asset outside the static directory: {relative}")
    return path


def _escape_json_text(text: str) -> str:
    text = (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)
