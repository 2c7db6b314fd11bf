"""Shared fixtures: the snippets on the import path, and one strict build of the
site, served on 127.0.0.1 with site_url matching, so Material's instant
navigation is live for the browser tests."""

import os
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"
ARTIFACTS = ROOT / "test-artifacts"
# Tests import the snippets as a reader runs them, from snippets/.
sys.path.insert(0, str(SNIPPETS))
sys.path.insert(0, str(ROOT / "tools"))

# Under CI, property-based tests draw the same examples every run.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

import local_site  # noqa: E402  (from tools/, on the path above)


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


def page_html(site, page):
    """The built HTML of a docs page, by its source path under docs/."""
    route = Path(page).with_suffix("")
    path = site / "index.html" if route.name == "index" else site / route / "index.html"
    return path.read_text(encoding="utf-8")


def random_network(n, m, d, t, seed):
    """Random inputs and weights, with binary targets.

    Every input and weight has a random sign and a size away from 0, weights
    scaled by 1/sqrt(fan-in) as a network is initialised (so units do not
    saturate), and the targets are 0 or 1. That keeps every gradient well above
    the rounding floor of central differences: a relative error against a
    gradient of 1e-5 would measure rounding, not the formula.
    """
    rng = np.random.default_rng(seed)

    def away_from_zero(rows, columns, scale=1.0):
        signs = rng.choice([-1.0, 1.0], size=(rows, columns))
        return signs * rng.uniform(0.5, 1.5, size=(rows, columns)) * scale

    return (away_from_zero(n, m), away_from_zero(m, d, m ** -0.5), away_from_zero(d, t, d ** -0.5),
            rng.integers(0, 2, size=(n, t)).astype(float))


def agree_at_random_points(left, right, symbols, trials=3, seed=0):
    """True if two SymPy expressions agree to 40 digits at random rational points.

    For expressions too large for simplify (nested sigmoids): the derivatives
    are still exact, symbolic ones; only the comparison is made at points.
    """
    rng = np.random.default_rng(seed)
    for _ in range(trials):
        point = {s: sp.Rational(int(rng.integers(-90, 91)), 37) for s in symbols}
        if abs(sp.N(left.subs(point) - right.subs(point), 50)) > sp.Float(10) ** -40:
            return False
    return True
