"""Benchmark: what each page costs a reader, measured in headless Chromium.

    make metrics     (or: python tools/page_metrics.py)

Builds the site, serves it on 127.0.0.1, and loads every page of the sitemap
in a fresh browser context (an empty cache), recording the bytes transferred,
the number of requests, and the milliseconds from navigation start until
MathJax has finished typesetting. Prints the table and writes it, with a line
naming the machine, to docs/measured/page-metrics.md, which the About page
includes. Figures differ between machines and runs: this is not a test.
"""

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

from browser import launch, sitemap_pages, wait_for_math
from local_site import build, free_port, machine, serve

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "measured" / "page-metrics.md"


def build_and_serve(site):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    ok, log = build(site, url)
    if not ok:
        sys.exit(f"mkdocs build --strict failed:\n{log}")
    return serve(site, port), url


def measure_page(browser, url):
    context = browser.new_context()  # empty cache: a first visit
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    wait_for_math(page)
    typeset_ms = page.evaluate("performance.now()")
    page.wait_for_load_state("networkidle")
    transferred = sum(size["responseBodySize"] + size["responseHeadersSize"]
                      for size in (request.sizes() for request in finished))
    context.close()
    return len(finished), transferred, typeset_ms


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=TABLE, help="where to write the Markdown table")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as site, sync_playwright() as playwright:
        server, base = build_and_serve(site)
        browser = launch(playwright)
        for path in sitemap_pages(site):
            requests, transferred, typeset_ms = measure_page(browser, base.rstrip("/") + path)
            rows.append((path, requests, transferred, typeset_ms))
            print(f"{path:<28} {requests:>4} requests {transferred / 1024:>8.0f} KiB {typeset_ms:>7.0f} ms")
        browser.close()
        server.shutdown()
    lines = ["| page | requests | transferred | math typeset after |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| `{path}` | {requests} | {transferred / 1024:.0f} KiB | {ms:.0f} ms |"
              for path, requests, transferred, ms in rows]
    lines += ["", f"Measured on {date.today().isoformat()} with `make metrics`: headless Chromium "
              f"{browser.version}, empty cache, uncompressed, served from 127.0.0.1; {machine()}."]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
