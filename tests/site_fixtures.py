"""Fixtures of the site-level tests: one strict build of the site, served on
127.0.0.1 with site_url matching (so Material's instant navigation is live), and
one headless Chromium. A pytest plugin (pytest.ini: -p site_fixtures), not part
of conftest.py, so a page's kit carries none of it."""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

import local_site  # tools/ is on pytest.ini's pythonpath
from browser import open_context, sitemap_pages, wait_for_math, watch_errors
from sources import ROOT

ARTIFACTS = ROOT / "test-artifacts"  # screenshots and reports the browser tests leave


# What a test needs beyond Python and the built site, read off its fixtures:
# `make check` deselects these (pytest -m "not (browser or reader or kits or notebook)").
SLOW_FIXTURES = {"browser": "browser", "reader_python": "reader", "kit_python": "kits", "executed_notebook": "notebook"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        for fixture, marker in SLOW_FIXTURES.items():
            if fixture in item.fixturenames:
                item.add_marker(marker)


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
def reader_python():
    """A Python with NumPy alone (.venv-reader): where pasted code and notebooks run."""
    import page_code

    return page_code.reader_python()


@pytest.fixture(scope="session")
def built_site(served_site):
    return served_site[0]



@pytest.fixture(scope="session")
def typeset(built_site):
    """typeset(tex, display=True): MathJax's HTML for a formula, as the build made it (from its cache)."""
    import typeset_math

    typesetter = typeset_math.Typesetter()
    yield lambda tex, display=True: typesetter.typeset([(tex, display)])[0]
    typesetter.close()


# ---------------------------------------------- one visit per page, width and scheme

# What the browser test modules read off each page, registered by name when
# they are imported: collect(page, path, scheme) -> a report, at the widths and
# in the schemes it asks for. Every page is loaded once per width and scheme and
# each collector runs on that load in turn, instead of each module loading
# every page again (a math-heavy page is slow to parse and style).
# Collectors that change the page (open its collapsed blocks, type answers)
# say so with a higher `order`, and run after those that only read it.
VIEWS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
DESKTOP = VIEWS["desktop"]
SCHEMES = ("light", "dark")
COLLECTORS = []


def on_every_page(name, widths=("desktop",), schemes=SCHEMES, order=0, fresh=False):
    """Register a collector for `page_visits` under `name`; `fresh`: it needs
    each page loaded from the address bar, not reached by a link."""
    def register(collect):
        COLLECTORS.append({"name": name, "widths": widths, "schemes": schemes, "order": order,
                           "fresh": fresh, "collect": collect})
        return collect
    return register


# Counts the pages Material has shown in this document (document$ emits one per page).
COUNT_PAGES = """() => { if (window.pagesShown === undefined) {
    window.pagesShown = 0; document$.subscribe(() => { window.pagesShown += 1; }); } return window.pagesShown; }"""
# Instant navigation, as a reader's click on a link triggers it.
FOLLOW = """path => { const a = document.createElement('a'); a.href = path; a.textContent = path;
    document.querySelector('.md-content article').append(a); a.click(); }"""


def show(context, page, url, path, fresh):
    """The page at `path`: loaded afresh in a new tab when `fresh` or when there
    is no tab yet, else reached from the tab's page by instant navigation."""
    if fresh or page is None:
        if page is not None:
            page.close()
        page = context.new_page()
        page.errors = watch_errors(page)
        page.goto(url.rstrip("/") + path, wait_until="load")
    else:
        seen = page.evaluate(COUNT_PAGES)
        page.evaluate(FOLLOW, path)
        page.wait_for_function("([path, seen]) => location.pathname === path && window.pagesShown > seen",
                               arg=[path, seen], timeout=30_000)
    wait_for_math(page)
    return page


# Scroll down one screen at a time, as a reader reading through, letting each
# screen render: the browser renders a block far from the screen only when it
# comes near (docs/stylesheets/offscreen.css), and the scripts look at a block
# once it is rendered. Then back to the top.
READ_THROUGH = """async () => {
    // Three frames: one to find the block near the screen, one to render it,
    // one for the observers that look at what was rendered.
    const frame = () => new Promise(resolve =>
        requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
        window.scrollTo(0, y);
        await frame();
    }
    window.scrollTo(0, 0);
    await frame();
}"""


def read_through(page):
    """The page scrolled through to its end and back, every block rendered once."""
    page.evaluate(READ_THROUGH)


def collectors_for(width, scheme):
    return sorted((c for c in COLLECTORS if width in c["widths"] and scheme in c["schemes"]),
                  key=lambda c: c["order"])


def visit_every_page(chromium, site, base_url, scheme, width):
    """The visits of one scheme and width (see page_visits)."""
    collectors = collectors_for(width, scheme)
    fresh = any(c["fresh"] for c in collectors)
    context = open_context(chromium, base_url, scheme, VIEWS[width])
    page, visits = None, []
    for path in sitemap_pages(site):
        page = show(context, page, base_url, path, fresh)
        errors, foreign = len(page.errors), len(context.foreign_requests)
        visit = {"path": path, "scheme": scheme, "width": VIEWS[width]["width"]}
        for collector in collectors:
            visit[collector["name"]] = collector["collect"](page, path, scheme)
            page.evaluate("window.scrollTo(0, 0)")  # as the next collector would find the page
        visit.update(console=page.errors[errors:], foreign=context.foreign_requests[foreign:])
        visits.append(visit)
    context.close()
    return visits


def in_a_browser_of_its_own(job):
    """job(chromium), with a Playwright and a Chromium started on this thread
    (Playwright's objects belong to the thread that made them)."""
    from playwright.sync_api import sync_playwright

    from browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            return job(chromium)
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def page_visits(browser, served_site):
    """Every page of the sitemap at each width and in each scheme some collector
    asks for, each shown once, all of that width and scheme's collectors run on
    it: [{path, scheme, width, console, foreign, <collector name>: its
    report, ...}]. Pages are loaded afresh where a collector needs it (1280 px),
    and elsewhere reached by instant navigation, as a reader clicking through
    gets them (a fraction of a fresh load's time). The dark scheme's visits run
    meanwhile in a second Chromium on a thread of their own, so two renderers
    share the cores."""
    site, base_url = served_site
    jobs = [(scheme, width) for scheme in SCHEMES for width in VIEWS if collectors_for(width, scheme)]

    def visits_in(chromium, scheme):
        return [visit for s, width in jobs if s == scheme
                for visit in visit_every_page(chromium, site, base_url, s, width)]

    with ThreadPoolExecutor(max_workers=1) as pool:
        dark = pool.submit(in_a_browser_of_its_own, lambda chromium: visits_in(chromium, "dark"))
        light = visits_in(browser, "light")
        return light + dark.result()


def visits_with(visits, name):
    """The visits on which the collector `name` ran."""
    return [visit for visit in visits if name in visit]
