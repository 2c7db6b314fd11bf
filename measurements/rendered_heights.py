"""Measurement: the typical rendered height of each kind of block on the pages.

    .venv/bin/python -m measurements.rendered_heights (writes docs/measured/rendered-heights.md)

docs/stylesheets/offscreen.css lets the browser skip rendering the article's
blocks far from the screen; a skipped block holds the place of an estimated
height until it is rendered. This builds the site, loads every page at 390 and
1280 px with nothing skipped, and records the median height of each kind of
block (paragraph, display equation, code block, ...), the figures the
stylesheet's estimates are chosen from. Not a test: heights move with the text.
"""

import statistics
import sys
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

from sitebuild.browser import launch, sitemap_pages, wait_for_math
from sitebuild.local_site import build, free_port, machine, serve
from sitebuild.sources import DOCS  # sitebuild/, put on the path by local_site

OUT = DOCS / "measured" / "rendered-heights.md"
WIDTHS = (390, 1280)
RENDER_ALL = "* { content-visibility: visible !important; }"
# What offscreen.css gives a height of its own, in the order it lists them.
BLOCKS = """() => Array.from(document.querySelectorAll(
    '.md-content__inner > :not(h1, h2, h3, h4, h5, h6, script), .jupyter-wrapper .jp-Cell')).map(e => {
  const kind = e.matches('.jp-Cell') ? 'notebook cell'
    : e.matches('div.arithmatex, div.equation') ? 'display equation'
    : e.matches('.highlight, div[class^="language-"]') ? 'code block'
    : e.matches('.admonition') ? 'admonition (open)'
    : e.matches('details:not([open])') ? 'collapsed block'
    : e.matches('.md-typeset__scrollwrap') ? 'table'
    : e.matches('ul, ol') ? 'list'
    : e.matches('p') ? 'paragraph' : 'other';
  return [kind, e.getBoundingClientRect().height];
})"""


def measure(base_url, paths):
    """{width: {kind: [heights in px]}} over every page."""
    heights = {width: defaultdict(list) for width in WIDTHS}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 800})
            for path in paths:
                page.goto(base_url + path.lstrip("/"))
                page.add_style_tag(content=RENDER_ALL)
                wait_for_math(page)
                for kind, height in page.evaluate(BLOCKS):
                    heights[width][kind].append(height)
            page.close()
        browser.close()
    return heights


def table(heights):
    rem = 20  # Material's root font size (125 % of 16 px)
    kinds = sorted({kind for found in heights.values() for kind in found},
                   key=lambda kind: -len(heights[WIDTHS[0]].get(kind, [])))
    lines = ["| block | count | " + " | ".join(f"median at {w} px" for w in WIDTHS) + " |",
             "| --- | ---: | " + " | ".join("---:" for _ in WIDTHS) + " |"]
    for kind in kinds:
        cells = []
        for width in WIDTHS:
            found = heights[width].get(kind, [])
            median = statistics.median(found) if found else 0
            cells.append(f"{median:.0f} px ({median / rem:.1f} rem)")
        lines.append(f"| {kind} | {len(heights[WIDTHS[0]].get(kind, []))} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        ok, log = build(Path(folder), url)
        if not ok:
            sys.exit(f"the build failed:\n{log}")
        server = serve(Path(folder), port)
        try:
            heights = measure(url, sitemap_pages(folder))
        finally:
            server.shutdown()
    text = (f"Median rendered height of each kind of block on every page, with nothing skipped "
            f"(`measurements/rendered_heights.py`, {date.today().isoformat()}, {machine()}). "
            "`docs/stylesheets/offscreen.css` takes its placeholder heights from the phone column.\n\n"
            + table(heights) + "\n")
    OUT.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
