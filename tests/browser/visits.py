"""One visit per page, width and scheme, shared by the browser tests.

The browser test modules register what they read off each page with
`on_every_page`; the `page_visits` fixture (tests/browser/conftest.py) loads
every page once per width and scheme and runs each collector on that load.
"""

from sitebuild.browser import SCHEMES, VIEWS, open_context, sitemap_pages, wait_for_math, watch_errors


# What the browser test modules read off each page, registered by name when
# they are imported: collect(page, path, scheme) -> a report, at the widths and
# in the schemes it asks for. Every page is loaded once per width and scheme and
# each collector runs on that load in turn, instead of each module loading
# every page again (a math-heavy page is slow to parse and style).
# Collectors that change the page (open its collapsed blocks, type answers)
# say so with a higher `order`, and run after those that only read it.
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

    from sitebuild.browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            return job(chromium)
        finally:
            chromium.close()


def visits_with(visits, name):
    """The visits on which the collector `name` ran."""
    return [visit for visit in visits if name in visit]
