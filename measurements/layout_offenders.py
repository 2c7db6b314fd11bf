"""The page owner's list of what still overflows, page by page (light scheme).

    .venv/bin/python -m measurements.layout_offenders [--out FILE]

Builds the site, measures every page at 390 and 1280 px as
tests/browser/test_browser_layout.py does (measurements/layout_probe.js) and writes the list
to /tmp/layout-offenders.md: display formulas wider than a phone, what widens
a phone's page, code blocks wider than the desktop column. The tests fail on
these past their limits; this lists them all, limits or not.
"""

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from measurements.layout import WIDTHS, measure, where
from sitebuild import local_site
from sitebuild.browser import launch, open_context, sitemap_pages, watch_errors


def collect(browser, base_url, pages, scheme, width):
    """Reports for every page at one width and scheme, each page loaded afresh
    (the tests read theirs off site_fixtures.page_visits)."""
    context = open_context(browser, base_url, scheme, WIDTHS[width])
    reports = []
    for path in pages:
        page = context.new_page()
        errors = watch_errors(page)
        page.goto(base_url.rstrip("/") + path, wait_until="load")
        reports.append(dict(measure(page), path=path, scheme=scheme, width=width, console=errors))
        page.close()
    context.close()
    return reports


def offenders_markdown(phone, desktop):
    """The page owner's list: what overflows, page by page (light scheme)."""
    lines = ["# Layout offenders", "",
             "Re-run: `.venv/bin/python -m measurements.layout_offenders`", ""]
    totals = {"formulas": 0, "display": 0, "wideners": 0, "code": 0, "pages_panning": []}
    by_path = {r["path"]: r for r in desktop}
    for p in phone:
        d = by_path[p["path"]]
        formulas = [f for f in p["display"] if f["hidden"] > 1]
        wide = p["wideners"] if p["scroll_width"] > p["viewport"] else []
        code = [c for c in d["code"] if c["hidden"] > 1]
        totals["formulas"] += len(formulas)
        totals["display"] += len(p["display"])
        totals["wideners"] += len(wide)
        totals["code"] += len(code)
        if p["scroll_width"] > p["viewport"]:
            totals["pages_panning"].append(f"{p['path']} ({p['scroll_width']} px)")
        if not (formulas or wide or code):
            continue
        lines.append(f"## {p['path']}")
        lines.append("")
        if formulas:
            lines.append(f"Display formulas wider than the 390 px screen ({len(formulas)} of {len(p['display'])}):")
            lines.append("")
            lines += [f"- {f['hidden']} px hidden{where(f)}: `{f['tex']}`" for f in sorted(formulas, key=lambda f: -f["hidden"])]
            lines.append("")
        if wide:
            lines.append(f"Widen the page at 390 px (page is {p['scroll_width']} px wide):")
            lines.append("")
            lines += [f"- {w['what']}, {w['hidden']} px past the edge"
                      + ("" if w["ink"] == w["hidden"] else f" (its visible ink {w['ink']} px; the rest is MathJax's invisible MathML copy)")
                      + f"{where(w)}: `{w['text']}`" for w in wide]
            lines.append("")
        if code:
            lines.append("Code blocks wider than the 1280 px column:")
            lines.append("")
            lines += [f"- {c['kind']} `{c['name']}`: {c['hidden']} px hidden" for c in sorted(code, key=lambda c: -c["hidden"])]
            lines.append("")
    summary = [f"Display formulas needing a scroll at 390 px: {totals['formulas']} of {totals['display']}.",
               f"Pages panning sideways at 390 px: {', '.join(totals['pages_panning']) or 'none'}.",
               f"Code blocks wider than the column at 1280 px: {totals['code']}.", ""]
    return "\n".join(lines[:4] + summary + lines[4:]) + "\n"


def write_offenders(out=Path("/tmp/layout-offenders.md")):
    """Build the site, measure every page at 390 and 1280 px (light), write the list."""
    with tempfile.TemporaryDirectory() as site, sync_playwright() as playwright:
        port = local_site.free_port()
        url = f"http://127.0.0.1:{port}/"
        ok, log = local_site.build(site, url)
        if not ok:
            raise SystemExit(f"mkdocs build --strict failed:\n{log}")
        server = local_site.serve(site, port)
        chromium = launch(playwright)
        try:
            pages = sitemap_pages(site)
            phone = collect(chromium, url, pages, "light", "phone")
            desktop = collect(chromium, url, pages, "light", "desktop")
        finally:
            chromium.close()
            server.shutdown()
            server.server_close()
    text = offenders_markdown(phone, desktop)
    Path(out).write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="/tmp/layout-offenders.md")
    print(write_offenders(Path(parser.parse_args().out)))
