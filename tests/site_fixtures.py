"""Fixtures of the site-level tests: one strict build of the site, served on
127.0.0.1 with site_url matching (so Material's instant navigation is live), and
one headless Chromium. A pytest plugin (pytest.ini: -p site_fixtures), not part
of conftest.py, so a page's kit carries none of it."""

import os
from pathlib import Path

import pytest

import local_site  # tools/ is on pytest.ini's pythonpath

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """(site folder, base URL): the site built strictly once, served while tests run."""
    port = local_site.free_port()
    url = f"http://127.0.0.1:{port}/"
    site = tmp_path_factory.mktemp("site")
    ok, log = local_site.build(site, url)
    if not ok:
        pytest.fail(f"mkdocs build --strict failed:\n{log}", pytrace=False)
    server = local_site.serve(site, port)
    yield site, url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium for the whole session; skips without one, fails under CI."""
    from playwright.sync_api import sync_playwright

    from browser import BrowserMissing, launch

    with sync_playwright() as playwright:
        try:
            chromium = launch(playwright)
        except BrowserMissing as missing:
            if os.environ.get("CI"):
                pytest.fail(f"browser tests must run under CI: {missing}", pytrace=False)
            pytest.skip(str(missing))
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def built_site(served_site):
    return served_site[0]



@pytest.fixture(scope="session")
def typeset(built_site):
    """typeset(tex, display=True): MathJax's HTML for a formula, as the build made it (from its cache)."""
    import math_hooks

    typesetter = math_hooks.Typesetter()
    yield lambda tex, display=True: typesetter.typeset([(tex, display)])[0]
    typesetter.close()


# ---------------------------------------------------------------- one visit per page and scheme

# What the browser test modules read off each page at 1280 px, registered by
# name when they are imported: collect(page, path, scheme) -> a report. Every
# page is loaded once per scheme and each collector runs on it in turn, instead
# of each module loading every page again (a math-heavy page takes about 2 s
# to parse and lay out here).
DESKTOP = {"width": 1280, "height": 900}
DESKTOP_COLLECTORS = {}


def on_every_desktop_page(name):
    """Register a collector for `desktop_visits` under `name`."""
    def register(collect):
        DESKTOP_COLLECTORS[name] = collect
        return collect
    return register


@pytest.fixture(scope="session")
def desktop_visits(browser, served_site):
    """Every page of the sitemap at 1280 px, light then dark, each loaded once:
    [{path, scheme, console, foreign, <collector name>: its report, ...}]."""
    from browser import open_context, sitemap_pages, wait_for_math, watch_errors

    site, base_url = served_site
    visits = []
    for scheme in ("light", "dark"):
        context = open_context(browser, base_url, scheme, DESKTOP)
        for path in sitemap_pages(site):
            page = context.new_page()
            errors = watch_errors(page)
            before = len(context.foreign_requests)
            page.goto(base_url.rstrip("/") + path, wait_until="load")
            wait_for_math(page)
            visit = {"path": path, "scheme": scheme}
            for name, collect in DESKTOP_COLLECTORS.items():
                visit[name] = collect(page, path, scheme)
                page.evaluate("window.scrollTo(0, 0)")  # as the next collector would find the page
            visit.update(console=errors, foreign=context.foreign_requests[before:])
            visits.append(visit)
            page.close()
        context.close()
    return visits
