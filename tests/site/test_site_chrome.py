"""The site's chrome, on the built HTML: download links, the source archive and
the footer that links it, the notebook page's download buttons and its served
CSS, and a search index that finds σ as well as \\sigma (sitebuild/,
overrides/)."""

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import urlparse

from sitebuild.steps import search_index
from sitebuild.steps import served_files
from sitebuild.steps import source_archive
import nbformat
import pytest
from sitebuild.local_site import page_html
from sitebuild.sources import DOCS, ROOT

NOTEBOOK = "notebooks/train-digits.py"


class Anchors(HTMLParser):
    """Every <a href> of a page with its attributes; every <style> and stylesheet <link>."""

    def __init__(self):
        super().__init__()
        self.anchors, self.stylesheets, self.styles = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.anchors.append(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])
        if tag == "style":
            self.styles += 1


def parse(html):
    parser = Anchors()
    parser.feed(html)
    return parser


def html_pages(site):
    return sorted(site.rglob("*.html"))


def target(site, page, href):
    """The built file a relative href on `page` points to."""
    path = (page.parent / urlparse(href).path).resolve()
    return path / "index.html" if path.is_dir() else path


def is_download_target(href):
    url = urlparse(href)
    return not (url.scheme or url.netloc) and url.path.endswith((".py", ".ipynb", ".zip"))


# ------------------------------------------------------------------ download links


def test_every_link_to_a_served_file_carries_the_download_attribute(built_site):
    links, missing = 0, []
    for page in html_pages(built_site):
        for anchor in parse(page.read_text(encoding="utf-8")).anchors:
            if is_download_target(anchor["href"]):
                links += 1
                if "download" not in anchor:
                    missing.append(f"{page.relative_to(built_site)}: {anchor['href']}")
    assert links > len(html_pages(built_site)), "expected snippet links besides the footer's"
    assert missing == []


def test_every_snippet_link_in_a_page_downloads(built_site):
    # The pages link their snippets in Markdown, with no attribute: the hook adds it.
    snippet_links = [(page, anchor) for page in html_pages(built_site)
                     for anchor in parse(page.read_text(encoding="utf-8")).anchors
                     if "snippets/" in anchor["href"] and anchor["href"].endswith(".py")]
    assert snippet_links
    for page, anchor in snippet_links:
        assert "download" in anchor, f"{page}: {anchor['href']}"
        assert target(built_site, page, anchor["href"]).is_file(), anchor["href"]


def test_download_marking_leaves_other_links_alone():
    html = ('<a href="../snippets/mlp.py">a</a><a href="notation/">b</a>'
            '<a href="https://example.org/x.py">c</a><a download href="x.zip">d</a>')
    marked = served_files.mark_downloads(html)
    assert marked == ('<a download href="../snippets/mlp.py">a</a><a href="notation/">b</a>'
                      '<a href="https://example.org/x.py">c</a><a download href="x.zip">d</a>')


# ------------------------------------------------------------------ the source archive


def test_every_page_links_the_source_archive_from_its_footer(built_site):
    archive = built_site / source_archive.SOURCE_ARCHIVE
    assert archive.is_file()
    missing = []
    for page in html_pages(built_site):
        html = page.read_text(encoding="utf-8")
        footer = html[html.find('<footer class="md-footer"'):]
        anchors = [a for a in parse(footer).anchors if a["href"].endswith(source_archive.SOURCE_ARCHIVE)]
        if page.name == "404.html":  # served at any depth: its links are from the root
            ok = anchors and all(a["href"].lstrip("/").endswith("source.zip") for a in anchors)
        else:
            ok = any(target(built_site, page, a["href"]) == archive and "download" in a for a in anchors)
        if not ok:
            missing.append(str(page.relative_to(built_site)))
    assert missing == []


def archive_names(built_site):
    with zipfile.ZipFile(built_site / source_archive.SOURCE_ARCHIVE) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
    folders = {PurePosixPath(name).parts[0] for name in names}
    assert len(folders) == 1, f"every entry under one folder, not {sorted(folders)[:5]}"
    return {PurePosixPath(*PurePosixPath(name).parts[1:]).as_posix() for name in names}


def test_source_archive_holds_the_source(built_site):
    names = archive_names(built_site)
    for needed in ("README.md", "mkdocs.yml", "Makefile", "requirements.txt", "snippets/mlp.py",
                   "sitebuild/steps/source_archive.py", "overrides/main.html", NOTEBOOK.join(["docs/", ""]),
                   "tests/conftest.py", "tests/site/test_site_chrome.py"):
        assert needed in names, needed
    assert {name for name in names if name.startswith("tests/") and "/test_" in name} == {
        p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").glob("*/test_*.py")}


def test_source_archive_unpacks_into_a_folder_named_for_the_project(built_site):
    """Not the checkout's folder name ("main" here), which means nothing to a reader."""
    with zipfile.ZipFile(built_site / source_archive.SOURCE_ARCHIVE) as archive:
        folder = PurePosixPath(archive.namelist()[0]).parts[0]
    url = source_archive.repository_url()
    assert folder == (source_archive.FOLDER if url is None else url.rsplit("/", 1)[-1])
    assert source_archive.archive_folder(None) == source_archive.FOLDER != ROOT.name
    assert source_archive.archive_folder("https://github.com/someone/backprop/") == "backprop"


def test_source_archive_holds_nothing_generated(built_site):
    generated = re.compile(r"^(\.venv[^/]*|venv|site|kits|test-artifacts)/|(^|/)(__pycache__|\.pytest_cache|"
                           r"\.hypothesis|\.cache|\.git)/|\.pyc$|\.zip$|\.ipynb$")
    assert sorted(name for name in archive_names(built_site) if generated.search(name)) == []


def test_source_archive_is_the_same_for_the_same_tree(built_site, tmp_path):
    assert source_archive.source_archive(tmp_path) == source_archive.source_archive(tmp_path)


def test_source_walk_without_git_skips_what_is_generated(monkeypatch):
    def no_git(*args, **kwargs):
        raise FileNotFoundError("git")

    monkeypatch.setattr(source_archive.subprocess, "run", no_git)
    files = source_archive.source_files(exclude=[ROOT / "site"])
    assert "README.md" in files and "snippets/mlp.py" in files
    assert [f for f in files if source_archive.is_generated(f) or f.startswith((".venv/", "site/"))] == []
    assert not any(f.startswith("test-artifacts/") or "__pycache__" in f for f in files)
    assert "tests/site/test_site_chrome.py" in files  # a source folder named like a generated one


@pytest.mark.parametrize("name, generated", [
    ("site/index.html", True), (".venv-kits/bin/python", True), ("snippets/__pycache__/mlp.pyc", True),
    ("tests/site/test_site.py", False), ("docs/kits/index.md", False), ("sitebuild/steps/served_files.py", False),
])
def test_only_top_level_build_folders_and_caches_count_as_generated(name, generated):
    assert source_archive.is_generated(name) is generated


# ------------------------------------------------------------------ the repository URL


@pytest.mark.parametrize("env, remote, expected", [
    ({"REPO_URL": "https://example.org/o/n/"}, None, "https://example.org/o/n"),
    ({"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/n"}, None,
     "https://github.com/o/n"),
    ({}, "git@github.com:o/n.git", "https://github.com/o/n"),
    ({}, "https://user:token@github.com/o/n.git", "https://github.com/o/n"),
    ({}, "/srv/git/n.git", None),
    ({}, "", None),
])
def test_repository_url_from_env_or_git_remote(monkeypatch, env, remote, expected):
    class Result:
        returncode = 0 if remote else 2
        stdout = remote or ""

    monkeypatch.setattr(source_archive.subprocess, "run", lambda *a, **k: Result())
    assert source_archive.repository_url(env) == expected


def test_material_repo_url_stays_unset():
    # Material's header widget for repo_url fetches api.github.com.
    assert not re.search(r"^repo_url:", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)


def render_footer(repository):
    from mkdocs.theme import Theme

    env = Theme(name="material", custom_dir=str(ROOT / "overrides")).get_env()
    config = {"copyright": None, "extra": {"source_archive": "source.zip",
                                           "source_repository": repository}}
    return env.get_template("partials/copyright.html").render(config=config, page=None, base_url="..")


def test_footer_links_the_repository_when_the_build_knows_it():
    footer = parse(render_footer("https://github.com/o/n"))
    hrefs = [a["href"] for a in footer.anchors]
    assert "https://github.com/o/n" in hrefs and "../source.zip" in hrefs
    without = [a["href"] for a in parse(render_footer(None)).anchors]
    assert "../source.zip" in without and not any("github.com/o" in h for h in without)


# ------------------------------------------------------------------ the notebook page


def notebook_buttons(built_site):
    html = page_html(built_site, NOTEBOOK)
    nav = re.search(r'<nav class="notebook-downloads".*?</nav>', html, re.S)
    assert nav, "no download buttons on the notebook page"
    assert nav.start() < html.find("<h1"), "the buttons belong above the notebook's title"
    return parse(nav.group(0)).anchors


def test_notebook_page_has_download_buttons_for_ipynb_and_py(built_site):
    page = built_site / "notebooks" / "train-digits" / "index.html"
    anchors = notebook_buttons(built_site)
    by_suffix = {PurePosixPath(urlparse(a["href"]).path).suffix: a for a in anchors}
    assert set(by_suffix) == {".ipynb", ".py"}
    assert all("download" in a for a in anchors)

    ipynb = target(built_site, page, by_suffix[".ipynb"]["href"])
    notebook = nbformat.reads(ipynb.read_text(encoding="utf-8"), as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs for cell in code), "the served .ipynb has no outputs"

    source = target(built_site, page, by_suffix[".py"]["href"])
    assert source.read_bytes() == (DOCS / NOTEBOOK).read_bytes()


def test_notebook_css_is_one_served_file_not_inline(built_site):
    html = page_html(built_site, NOTEBOOK)
    page = parse(html)
    assert page.styles == 0, "nbconvert's <style> blocks are still inline"
    sheets = [href for href in page.stylesheets if "assets/notebook/jupyter." in href]
    assert len(sheets) == 1
    css = target(built_site, built_site / "notebooks" / "train-digits" / "index.html", sheets[0])
    text = css.read_text(encoding="utf-8")
    for rule in (".jupyter-wrapper .jp-OutputArea-output", ".highlight-ipynb", ".jp-InputPrompt"):
        assert rule in text, rule
    assert len(html.encode()) < 300_000, f"the notebook page weighs {len(html.encode())} bytes"


# ------------------------------------------------------------------ search


@pytest.mark.parametrize("tex, reading", [
    (r"\sigma'(z)", "σ′(z)"),
    (r"\delta^{(out)} = A^{(out)} - Y", "δ^(out) = A^(out) - Y"),
    (r"\frac{\partial J}{\partial W^{(out)}}", "∂J/∂W^(out)"),
    (r"\sum_{k} \big(A^{(h)}\big)^\top \odot \delta", "∑_k (A^(h) )^⊤⊙δ"),
    (r"\frac{1}{\sqrt{\text{fan-in}}}", "1/(√ fan-in)"),
    (r"\frac{1}{1 + e^{-z}}", "1/(1 + e^-z)"),
])
def test_formulas_read_as_unicode_for_search(tex, reading):
    assert search_index.tex_to_unicode(tex) == reading


def test_search_index_finds_greek_letters_and_keeps_tex(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"] == search_index.SEARCH_SEPARATOR
    separator = re.compile(index["config"]["separator"])

    def pages_with(token):
        return {doc["location"].split("#")[0] for doc in index["docs"]
                if token in {t.lower() for t in separator.split(re.sub(r"<[^>]+>", " ", doc["text"]))}}

    for token in ("σ′", "δ", "sigma"):
        found = pages_with(token)
        assert {"sigma-prime/", "output-layer-2-2-2/"} <= found, (token, found)
    assert not any(re.search(r"\\\(|\\\[", re.sub(r"<span hidden>.*?</span>", "", doc["text"]))
                   for doc in index["docs"]), "a formula left unread outside its hidden TeX"
