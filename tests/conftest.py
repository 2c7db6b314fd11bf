"""Shared fixtures: the snippets on the import path, and one strict build of the site."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"
# Tests import the snippets as a reader runs them, from snippets/.
sys.path.insert(0, str(SNIPPETS))
sys.path.insert(0, str(ROOT / "tools"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The strictly built site: `make test` passes its fresh build as BUILT_SITE,
    a bare `pytest` builds one here. Either way a failing strict build fails."""
    given = os.environ.get("BUILT_SITE")
    if given:
        site = (ROOT / given).resolve()
        assert (site / "index.html").exists(), f"BUILT_SITE={given} holds no built site"
        return site
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return site


def page_html(site, page):
    """The built HTML of a docs page, by its Markdown name."""
    stem = Path(page).stem
    path = site / "index.html" if stem == "index" else site / stem / "index.html"
    return path.read_text(encoding="utf-8")


# Under CI, property-based tests draw the same examples every run.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
