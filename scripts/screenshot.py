"""Take the README's screenshot: serve a store and photograph the page in Debian's Chromium.

    python scripts/screenshot.py --db claimgraph.db -o docs/screenshot.png
"""

from __future__ import annotations

import argparse
import socket
import threading
import time

import uvicorn
from playwright.sync_api import sync_playwright

from claimgraph.serve.app import create_app
from claimgraph.settings import db_url_from_env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None)
    parser.add_argument("-o", "--output", default="docs/screenshot.png")
    parser.add_argument("--hash", default="", help="page state, e.g. 'place=364103&proposition=<id>'")
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db_url_from_env(args.db)), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/#{args.hash}")
        page.wait_for_selector("body[data-ready=true]")
        if "claim=" in args.hash:
            page.wait_for_selector(".claim-card.open")
        page.wait_for_timeout(500)
        page.screenshot(path=args.output)
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()
