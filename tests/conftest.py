"""What the site's own tests share (not carried by any kit): each test marked
with its folder's kind, one strict build of the site served on 127.0.0.1 with
site_url matching (so Material's instant navigation is live), one headless
Chromium, and the reader's NumPy-only Python."""

import os

import pytest

from sitebuild import local_site
from sitebuild.sources import TEST_KINDS, TESTS


def pytest_configure(config):
    for kind, needs in TEST_KINDS.items():
        config.addinivalue_line("markers", f"{kind}: {needs}")


def pytest_collection_modifyitems(config, items):
    """Mark every test with the kind of its folder: `make check` runs `-m "kit or site"`."""
    for item in items:
        kind = item.path.relative_to(TESTS).parts[0]
        if kind not in TEST_KINDS:
            raise pytest.UsageError(f"{item.path} is in no test folder of tests/ ({', '.join(TEST_KINDS)})")
        item.add_marker(kind)


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

    from sitebuild.browser import BrowserMissing, launch

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
    from sitebuild import reader_venv

    return reader_venv.reader_python()


@pytest.fixture(scope="session")
def built_site(served_site):
    return served_site[0]



@pytest.fixture(scope="session")
def typeset(built_site):
    """typeset(tex, display=True): MathJax's HTML for a formula, as the build made it (from its cache)."""
    from sitebuild.steps import typeset_math

    typesetter = typeset_math.Typesetter()
    yield lambda tex, display=True: typesetter.typeset([(tex, display)])[0]
    typesetter.close()
