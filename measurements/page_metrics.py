"""Benchmark: what each page costs a reader (not a test).

    make metrics     (or: python -m measurements.page_metrics; --help for the options)

Builds the site twice, as it is (math typeset at build by sitebuild/steps/typeset_math.py)
and with MATH_RENDER=client (MathJax's JavaScript typesets in the browser, as
the site did before), serves both on 127.0.0.1, and loads every page of the
sitemap in a fresh browser context (an empty cache: a first visit). For each
page and each way: the requests, the bytes transferred (uncompressed, as
served here, and gzipped, as a compressing server such as GitHub Pages would
send them), the milliseconds from navigation start until the text is painted
(first contentful paint) and until every formula is painted (typeset, and
MathJax's fonts loaded), and the cumulative layout shift; each the median of
three first visits. Prints the table and writes it, with a summary and a line
naming the machine, to docs/measured/typeset-metrics.md.

Then runs Lighthouse (measurements/lighthouse.py) on every page of the site as built
now, served gzipped, mobile and desktop presets, three runs each, saves the
medians as docs/measured/lighthouse-after.json (--label) and rewrites
docs/measured/page-metrics.md, before and after side by side. The About page
includes both tables. `--site FOLDER --label before` runs Lighthouse alone on
a site built earlier; --pages, --runs and --presets narrow a run.
Figures differ between machines and runs, and with other work on the machine.
"""

import argparse
import gzip
import os
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

from measurements import lighthouse
from sitebuild.browser import launch, wait_for_math
from sitebuild.local_site import build, free_port, machine, serve
from sitebuild.sources import DOCS  # sitebuild/, put on the path by local_site

TABLE = DOCS / "measured" / "typeset-metrics.md"
WAYS = ("client", "build")

# Layout shifts, summed as the browser reports them (CLS, without input).
OBSERVE_SHIFTS = """
window.__layoutShift = 0;
new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""
PAINTS = """() => {
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    const fonts = performance.getEntriesByType("resource").filter(r => /mathjax\\/.*\\.woff/.test(r.name));
    return {text: fcp ? fcp.startTime : null,
            fonts: fonts.length ? Math.max(...fonts.map(r => r.responseEnd)) : 0,
            shift: window.__layoutShift};
}"""


def build_and_serve(site, way):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    os.environ["MATH_RENDER"] = way
    try:
        ok, log = build(site, url)
    finally:
        del os.environ["MATH_RENDER"]
    if not ok:
        sys.exit(f"mkdocs build --strict ({way}) failed:\n{log}")
    return serve(site, port), url


def measure_page(browser, url):
    context = browser.new_context()  # empty cache: a first visit
    context.add_init_script(OBSERVE_SHIFTS)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")
    wait_for_math(page)
    typeset_ms = page.evaluate("performance.now()") if page.query_selector("script[src*='tex-chtml']") else 0
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # let a late shift be reported
    paints = page.evaluate(PAINTS)
    bodies = [response.body() for response in responses if response.status == 200]
    context.close()
    return {
        "requests": len(responses),
        "bytes": sum(map(len, bodies)),
        "gzip": sum(len(gzip.compress(body, 6)) for body in bodies),
        "text_ms": paints["text"],
        "math_ms": max(paints["text"], typeset_ms, paints["fonts"]),
        "shift": paints["shift"],
        "index_requests": sum(response.url.endswith("/search/search_index.json") for response in responses),
    }


def table(rows, version, runs, index_bytes):
    head = ("Each cell: typeset in the browser → typeset at build.\n\n"
            "| page | requests | KiB | KiB gzip | text painted, ms | math painted, ms | layout shift |\n"
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    lines = [head]
    columns = [("requests", "{:.0f}", 1), ("bytes", "{:.0f}", 1024), ("gzip", "{:.0f}", 1024),
               ("text_ms", "{:.0f}", 1), ("math_ms", "{:.0f}", 1), ("shift", "{:.3f}", 1)]
    paths = list(dict.fromkeys(path for path, _, _ in rows))
    for path in paths:
        client, built = (next(m for p, w, m in rows if p == path and w == way) for way in WAYS)
        cells = [f"{form.format(client[key] / unit)}\u00a0→\u00a0{form.format(built[key] / unit)}"  # one line each
                 for key, form, unit in columns]
        lines.append(f"| `{path}` | " + " | ".join(cells) + " |")
    by = {way: [m for _, w, m in rows if w == way] for way in WAYS}
    ratio = [b["bytes"] / c["bytes"] for c, b in zip(by["client"], by["build"])]
    ratio_gzip = [b["gzip"] / c["gzip"] for c, b in zip(by["client"], by["build"])]
    late = [b["math_ms"] - b["text_ms"] for b in by["build"]]
    painted = ("with the text on every page" if max(late) == 0 else
               f"a median {statistics.median(late):.0f} ms after the text (at most {max(late):.0f} ms)")
    median = {way: {key: statistics.median(m[key] for m in by[way]) for key in ("text_ms", "math_ms")}
              for way in WAYS}
    summary = (f"Typeset at build, a first visit costs {min(ratio):.2f} to {max(ratio):.2f} of the bytes it cost "
               f"with MathJax in the browser ({min(ratio_gzip):.2f} to {max(ratio_gzip):.2f} gzipped). "
               f"The math is painted {painted}: a median {median['build']['math_ms']:.0f} ms after navigation, "
               f"against {median['client']['math_ms']:.0f} ms when the browser typeset it; the text alone is "
               f"painted a median {median['build']['text_ms']:.0f} ms after navigation, against "
               f"{median['client']['text_ms']:.0f} ms (the pages are larger, and MathJax's fonts come first).")
    fetched = [path for path, way, m in rows if way == "build" and m["index_requests"]]
    index = (f"No first visit here fetches the search index ({index_bytes / 1024:.0f} KiB): "
             f"the site asks for it only once the reader starts a search." if not fetched else
             f"The first visit of {', '.join(fetched)} fetched the search index ({index_bytes / 1024:.0f} KiB).")
    return "\n".join(lines + ["", summary, "", index, "",
                              f"Measured on {date.today().isoformat()} with `make metrics`: headless Chromium "
                              f"{version}, empty cache, served from 127.0.0.1, the median of {runs} first visits "
                              f"(KiB as served, and gzipped at level 6); {machine()}."]) + "\n"


def measure_typeset(browser, sites, pages, runs):
    """Rows (path, way, medians) for the pages, each way, over `runs` first visits."""
    rows = []
    for path in pages:
        for way in WAYS:
            _, _, base = sites[way]
            visits = [measure_page(browser, base.rstrip("/") + path) for _ in range(runs)]
            m = {key: statistics.median(visit[key] for visit in visits) for key in visits[0]}
            rows.append((path, way, m))
            print(f"{path:<28} {way:<6} {m['requests']:>3} requests {m['bytes'] / 1024:>6.0f} KiB "
                  f"{m['gzip'] / 1024:>5.0f} KiB gzip  text {m['text_ms']:>5.0f} ms  "
                  f"math {m['math_ms']:>5.0f} ms  shift {m['shift']:.3f}")
    return rows


def typeset(sites, pages, runs, out):
    """Measure both builds in Playwright's Chromium and write the typeset table to out."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        rows = measure_typeset(browser, sites, pages, runs)
        version = browser.version
        browser.close()
    index_bytes = (sites["build"][0] / "search" / "search_index.json").stat().st_size
    text = table(rows, version, runs, index_bytes)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(next(paragraph for paragraph in text.split("\n\n") if paragraph.startswith("Typeset at build")))
    print(f"wrote {out}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="Lighthouse only, on this built site folder (no build)")
    parser.add_argument("--skip-typeset", action="store_true", help="Lighthouse only, on the site built now")
    parser.add_argument("--typeset-out", type=Path, default=TABLE, help="where to write the typeset table")
    lighthouse.add_arguments(parser)  # --pages, --runs, --presets, --label, --measured
    args = parser.parse_args(argv)
    if args.site:
        lighthouse.run(args.site, args)
        return
    lighthouse.node()  # fail early, before the builds, if Node or Lighthouse is missing
    with tempfile.TemporaryDirectory() as folder:
        sites = {}
        for way in (("build",) if args.skip_typeset else WAYS):
            site = Path(folder) / way
            sites[way] = (site, *build_and_serve(site, way))
        pages = lighthouse.page_paths(sites["build"][0], args.pages)
        if not args.skip_typeset:
            typeset(sites, pages, args.runs, args.typeset_out)
        for _, server, _ in sites.values():
            server.shutdown()
            server.server_close()
        lighthouse.run(sites["build"][0], args)


if __name__ == "__main__":
    main()
