#!/usr/bin/env python3
"""Build the sample crawl examples/crawl/nilecourier-2025-03-12.warc.gz.

The Nile Courier is an invented outlet (see docs/sample-corpus.md); every page below is
fictional and written for this project. The archive holds, in order:

* a warcinfo record;
* request + response (HTTP 200, text/html) for two Nile Courier article pages: the first
  is the Nile Courier's copy of the GWS Kosti wire story (credit line "... — GWS", last
  paragraph trimmed), the second is the paper's own report from Rabak and Kosti;
* request + response (HTTP 404, text/html) for a deleted live page — readers must skip it;
* request + response (HTTP 200, image/png) for the site logo — readers must skip it;
* request + response (HTTP 200, application/json) for a "most read" widget — readers
  must skip it.

The output is byte-for-byte reproducible: WARC dates and record ids are fixed (ids are
uuid5 of the target URI and record type) and gzip members carry no timestamp.

Usage (from the repository root):

    .venv/bin/python scripts/build_example_warc.py [OUTPUT]
"""

from __future__ import annotations

import json
import struct
import sys
import uuid
import zlib
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "examples" / "crawl" / "nilecourier-2025-03-12.warc.gz"
NAMESPACE = uuid.UUID("6f1d7c1e-3b59-4d0e-9a43-0c1c5e2f7a10")

SITE = "https://nilecourier.example"


def page(title: str, published: str, canonical: str, paragraphs: list[str], kicker: str) -> str:
    """A Nile Courier article page: nav, cookie bar, article, related links, footer."""
    body = "\n".join(f"        <p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title} &#8211; Nile Courier</title>
  <meta property="og:site_name" content="Nile Courier">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{title}">
  <meta property="og:url" content="{canonical}">
  <meta property="article:published_time" content="{published}">
  <meta property="article:section" content="{kicker}">
  <link rel="canonical" href="{canonical}">
  <link rel="stylesheet" href="{SITE}/wp-content/themes/courier/style.css?ver=4.2">
  <link rel="icon" href="{SITE}/static/img/logo.png">
</head>
<body class="post-template-default single single-post">
  <div class="cookie-bar">We use cookies to give you the best experience on our website. <a href="/privacy">Learn more</a> <button class="cookie-ok">Got it</button></div>
  <header id="masthead">
    <div class="site-branding"><a href="/"><img src="/static/img/logo.png" alt="Nile Courier"></a>
      <p class="tagline">Independent news from Sudan since 2009</p></div>
    <nav id="site-navigation" class="main-navigation">
      <ul id="primary-menu">
        <li><a href="/">Home</a></li>
        <li><a href="/category/news/">News</a></li>
        <li><a href="/category/politics/">Politics</a></li>
        <li><a href="/category/economy/">Economy</a></li>
        <li><a href="/category/humanitarian/">Humanitarian</a></li>
        <li><a href="/category/opinion/">Opinion</a></li>
        <li><a href="/arabic/">&#1593;&#1585;&#1576;&#1610;</a></li>
      </ul>
    </nav>
  </header>
  <div id="content" class="site-content">
    <main id="main">
      <article class="post type-post status-publish">
        <span class="cat-links">{kicker}</span>
        <h1 class="entry-title">{title}</h1>
        <div class="entry-meta"><time class="entry-date published" datetime="{published}">{published[:10]}</time></div>
{body}
      </article>
      <div class="post-navigation">
        <a href="/news/2025/03/11/wad-madani-residents-flee" rel="prev">&laquo; Previous story</a>
        <a href="/news/2025/03/13/wad-madani-residents-describe-first-days" rel="next">Next story &raquo;</a>
      </div>
    </main>
    <aside id="secondary" class="widget-area">
      <section class="widget"><h2 class="widget-title">Donate</h2><p>The Nile Courier depends on its readers. Support independent journalism.</p></section>
      <section class="widget"><h2 class="widget-title">Newsletter</h2><p>Get our morning briefing by email.</p></section>
    </aside>
  </div>
  <footer id="colophon" class="site-footer">
    <a href="/about/">About us</a> &middot; <a href="/contact/">Contact</a> &middot;
    <a href="/privacy">Privacy policy</a> &middot; <a href="/advertise/">Advertise</a>
    <p>&copy; 2025 Nile Courier. All rights reserved.</p>
  </footer>
</body>
</html>
"""


# The Nile Courier's copy of the GWS wire story of 12 March: same body as the Meridian
# Daily (examples/html) and Sahel Post (examples/feeds) copies, no dateline, last
# paragraph trimmed, credit line at the end.
WIRE_COPY = page(
    title="Thousands flee Gezira fighting toward Kosti; army says Sennar attack repelled",
    published="2025-03-12T10:40:00+00:00",
    canonical=f"{SITE}/news/2025/03/12/thousands-flee-gezira-fighting-toward-kosti",
    kicker="News",
    paragraphs=[
        "Thousands of people who fled the fighting in Sudan's Gezira state streamed into the "
        "White Nile city of Kosti on Wednesday, as the army said it had beaten back a rebel "
        "assault on the city of Sennar to the east.",
        "Brigadier Nabil Osman, the army spokesman, said in a statement read on state "
        "television that troops had \"repelled a large-scale attack\" on the northern "
        "approaches of Sennar at dawn and destroyed several combat vehicles. He did not give "
        "casualty figures.",
        "Major Tariq Hamid, a spokesman for the Gezira Revolutionary Front (GRF), said on the "
        "group's Telegram channel that its fighters had reached the outskirts of Sennar and "
        "were \"consolidating positions\". He did not address the army's account.",
        "Two military sources told GWS on condition of anonymity that reinforcements had been "
        "flown from El Obeid to Rabak, the capital of White Nile state, to shore up defences "
        "along the river. GWS could not independently verify either side's claims.",
        "At a school turned into a shelter in Kosti, new arrivals described a chaotic journey "
        "from Wad Madani, which the GRF said it captured on Tuesday. The defence ministry has "
        "called that claim baseless. \"We left with nothing. The road was full of people "
        "walking,\" said a woman who gave her name as Amna, 41.",
        "Local aid workers said at least 6,000 people had registered in Kosti since Monday, and "
        "that food and clean water were running short. &#8212; GWS",
    ],
)

# The Nile Courier's own report, written independently of the wire story.
OWN_REPORT = page(
    title="Rabak and Kosti under curfew as displaced arrive from Gezira",
    published="2025-03-12T20:00:00+00:00",
    canonical=f"{SITE}/news/2025/03/12/rabak-kosti-curfew-displaced-gezira",
    kicker="Humanitarian",
    paragraphs=[
        "Authorities in White Nile state on Wednesday imposed a night curfew in Rabak and "
        "Kosti as thousands of people displaced by the fighting in Gezira state arrived in "
        "the two cities.",
        "The state security committee said in a statement that the curfew would run from "
        "9 p.m. to 6 a.m. \"until further notice\" and that all vehicles entering the state "
        "from the east would be searched.",
        "In Rabak, the state capital, the Nile Courier saw army lorries carrying troops parked "
        "outside the state government headquarters. A local official said the soldiers had "
        "arrived overnight from Al-Ubayyid, the capital of North Kordofan. The army did not "
        "comment on the deployment.",
        "At the Kosti bus station, families who had travelled from Wad Madani and Sennar "
        "waited for relatives. \"We came through Sennar on Tuesday, and by night we heard "
        "shelling behind us,\" said a man who had made the journey with eleven members of "
        "his family.",
        "The state health ministry said hospitals in Kosti had received 14 people wounded in "
        "the fighting in Gezira and Sennar.",
        "The army said it had repelled a rebel attack on Sennar on Wednesday morning. The "
        "Gezira Revolutionary Front said its forces were on the outskirts of the city. The "
        "Nile Courier could not independently verify the claims.",
    ],
)

NOT_FOUND = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found &#8211; Nile Courier</title></head>
<body><header><a href="/">Nile Courier</a></header>
<main><h1>Oops! That page can&rsquo;t be found.</h1>
<p>It looks like nothing was found at this location. Maybe try a search?</p></main>
<footer>&copy; 2025 Nile Courier</footer></body></html>
"""

MOST_READ = {
    "generated": "2025-03-12T21:00:00+00:00",
    "items": [
        {"title": "Rabak and Kosti under curfew as displaced arrive from Gezira",
         "url": f"{SITE}/news/2025/03/12/rabak-kosti-curfew-displaced-gezira", "views": 18234},
        {"title": "Thousands flee Gezira fighting toward Kosti; army says Sennar attack repelled",
         "url": f"{SITE}/news/2025/03/12/thousands-flee-gezira-fighting-toward-kosti", "views": 15110},
    ],
}


def tiny_png(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (0x1f, 0x4e, 0x79)) -> bytes:
    """A valid, solid-colour PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


# (url, status line, content type, body, WARC-Date of the capture)
CAPTURES: list[tuple[str, str, str, bytes, str]] = [
    (f"{SITE}/news/2025/03/12/thousands-flee-gezira-fighting-toward-kosti", "200 OK",
     "text/html; charset=UTF-8", WIRE_COPY.encode("utf-8"), "2025-03-12T21:10:04Z"),
    (f"{SITE}/news/2025/03/12/rabak-kosti-curfew-displaced-gezira", "200 OK",
     "text/html; charset=UTF-8", OWN_REPORT.encode("utf-8"), "2025-03-12T21:10:06Z"),
    (f"{SITE}/news/2025/03/11/wad-madani-live-updates", "404 Not Found",
     "text/html; charset=UTF-8", NOT_FOUND.encode("utf-8"), "2025-03-12T21:10:07Z"),
    (f"{SITE}/static/img/logo.png", "200 OK", "image/png", tiny_png(), "2025-03-12T21:10:08Z"),
    (f"{SITE}/api/most-read.json", "200 OK", "application/json",
     json.dumps(MOST_READ, indent=1).encode("utf-8"), "2025-03-12T21:10:09Z"),
]

HTTP_DATES = {
    "2025-03-12T21:10:04Z": "Wed, 12 Mar 2025 21:10:04 GMT",
    "2025-03-12T21:10:06Z": "Wed, 12 Mar 2025 21:10:06 GMT",
    "2025-03-12T21:10:07Z": "Wed, 12 Mar 2025 21:10:07 GMT",
    "2025-03-12T21:10:08Z": "Wed, 12 Mar 2025 21:10:08 GMT",
    "2025-03-12T21:10:09Z": "Wed, 12 Mar 2025 21:10:09 GMT",
}


def record_id(uri: str, kind: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, kind + ' ' + uri)}>"


def build(out: Path) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with out.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        info = (
            "software: claimgraph scripts/build_example_warc.py (warcio)\r\n"
            "format: WARC File Format 1.0\r\n"
            "description: Fictional sample crawl of the invented outlet Nile Courier, "
            "for claimgraph tests and demos. Not real news.\r\n"
            "isPartOf: claimgraph-sample-corpus\r\n"
        ).encode("utf-8")
        warcinfo = writer.create_warc_record(
            "", "warcinfo",
            payload=BytesIO(info), length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": record_id(out.name, "warcinfo"),
                "WARC-Date": "2025-03-12T21:10:00Z",
                "WARC-Filename": out.name,
            },
        )
        writer.write_record(warcinfo)
        count += 1

        for url, status, ctype, body, date in CAPTURES:
            path = url[len(SITE):]
            req_headers = StatusAndHeaders(
                f"GET {path} HTTP/1.1",
                [("Host", "nilecourier.example"),
                 ("User-Agent", "claimgraph-sample-crawler/0.1 (+https://claimgraph.example/bot)"),
                 ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
                 ("Accept-Language", "en")],
                is_http_request=True,
            )
            request = writer.create_warc_record(
                url, "request", http_headers=req_headers,
                warc_headers_dict={"WARC-Record-ID": record_id(url, "request"), "WARC-Date": date},
            )
            resp_headers = StatusAndHeaders(
                status,
                [("Date", HTTP_DATES[date]),
                 ("Server", "nginx"),
                 ("Content-Type", ctype),
                 ("Content-Length", str(len(body))),
                 ("Cache-Control", "max-age=300")],
                protocol="HTTP/1.1",
            )
            response = writer.create_warc_record(
                url, "response", payload=BytesIO(body), length=len(body),
                http_headers=resp_headers,
                warc_headers_dict={"WARC-Record-ID": record_id(url, "response"), "WARC-Date": date},
            )
            writer.write_request_response_pair(request, response)
            count += 2
    return count


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    n = build(out)
    print(f"wrote {n} records to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
