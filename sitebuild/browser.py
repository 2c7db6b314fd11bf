"""Headless Chromium for the browser tests and the page-metrics benchmark.

Debian's /usr/bin/chromium (or any CHROMIUM=/path) is driven by Playwright;
where none is found, Playwright's own Chromium is tried
(`.venv/bin/playwright install chromium`).
"""

import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

from sitebuild.sources import ROOT

INSTALL_HINT = ("no Chromium found: install Debian's (`sudo apt-get install chromium`) "
                "or Playwright's (`.venv/bin/playwright install chromium`), or set CHROMIUM=/path")

# As root Chromium needs --no-sandbox; the rest keep it from calling Google's
# services, which this site's no-other-host checks would rightly count.
ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-default-apps", "--disable-features=Translate,OptimizationHints"]


class BrowserMissing(RuntimeError):
    pass


def chromium_path():
    """A Chromium executable on this machine, or None."""
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"),
                      shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def launch(playwright):
    """Launch headless Chromium, or raise BrowserMissing with what to install."""
    args = ARGS + (["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])
    path = chromium_path()
    try:
        if path:
            return playwright.chromium.launch(executable_path=path, args=args)
        return playwright.chromium.launch(args=args)
    except Exception as error:  # Playwright raises its own Error when no browser exists
        if path:
            raise
        raise BrowserMissing(INSTALL_HINT) from error


def sitemap_pages(site):
    """Every page's URL path (like '/notation/'), from the built sitemap.xml."""
    root = ET.parse(Path(site) / "sitemap.xml").getroot()
    locations = [element.text for element in root.iter() if element.tag.endswith("loc")]
    return [urlparse(location).path for location in locations]


# Resolves once the current page's math is on screen. Built pages carry their
# math typeset and load no MathJax: nothing to wait for. A page built with
# MATH_RENDER=client (measurements/page_metrics.py measures both) typesets in the
# browser: mathjax.js chains every typeset onto startup.promise, so wait until
# that promise stops changing.
WAIT_FOR_MATH = """async () => {
    if (!document.querySelector('script[src*="mathjax/tex-chtml"]')) return;
    while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
        await new Promise(resolve => setTimeout(resolve, 20));
    }
    let promise;
    do { promise = MathJax.startup.promise; await promise; } while (promise !== MathJax.startup.promise);
}"""


def wait_for_math(page):
    page.evaluate(WAIT_FOR_MATH)


# Material's instant navigation writes the new URL as the link is clicked (or
# at once on Back) and swaps in the page's content, canonical link included,
# only once the page is fetched: until then the old page is still shown.
ARRIVED = """() => {
    const canonical = document.querySelector('link[rel="canonical"]');
    return canonical !== null && new URL(canonical.href).pathname === location.pathname;
}"""


def arrive(page, url):
    """Wait until the page at url (anything page.wait_for_url takes) is the one shown."""
    page.wait_for_url(url)
    page.wait_for_function(ARRIVED)
    wait_for_math(page)


def open_context(browser, base_url, scheme, viewport):
    """A fresh browser context that records (and blocks) requests to any other host."""
    context = browser.new_context(color_scheme=scheme, viewport=viewport)
    context.foreign_requests = []
    local = urlparse(base_url).netloc

    def route(request_route):
        url = request_route.request.url
        if urlparse(url).scheme in {"http", "https", "ws", "wss"} and urlparse(url).netloc != local:
            context.foreign_requests.append(url)
            return request_route.abort()
        return request_route.continue_()

    context.route("**/*", route)
    return context


def watch_errors(page):
    """A list that fills with the page's console errors and uncaught exceptions."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


def slug(path):
    """A URL path as a file name for screenshots: '/notation/' -> 'notation', '/' -> 'home'."""
    return path.strip("/").replace("/", "-") or "home"


# The widths and schemes every page is looked at in, and where screenshots go.
VIEWS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
DESKTOP = VIEWS["desktop"]
SCHEMES = ("light", "dark")
ARTIFACTS = ROOT / "test-artifacts"


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
