"""Shared fixtures: the snippets on the import path, and one strict build of the
site, served on 127.0.0.1 with site_url matching, so Material's instant
navigation is live for the browser tests."""

import os
import sys
from pathlib import Path

import pytest
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
def built_site(served_site):
    return served_site[0]


def page_html(site, page):
    """The built HTML of a docs page, by its Markdown name."""
    stem = Path(page).stem
    path = site / "index.html" if stem == "index" else site / stem / "index.html"
    return path.read_text(encoding="utf-8")
