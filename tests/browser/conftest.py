"""The browser tests' one visit per page: the `page_visits` fixture (visits.py
holds the collectors it runs)."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from sitebuild.browser import SCHEMES, VIEWS
from visits import collectors_for, in_a_browser_of_its_own, visit_every_page


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
