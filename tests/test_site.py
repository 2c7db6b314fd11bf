"""Site-wide checks of the built site: MathJax served locally, no other host, figures."""

import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import draw_figures
from conftest import DOCS


class Requests(HTMLParser):
    """Collects every URL a page would fetch by itself (not plain hyperlinks)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "audio", "video", "embed"} and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") != "canonical":
            self.urls.append(attrs["href"])
        if tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])


def fetched_urls(html):
    parser = Requests()
    parser.feed(html)
    return parser.urls


def test_strict_build_succeeds(built_site):
    assert (built_site / "index.html").exists()
    assert (built_site / "output-layer-2-2-2" / "index.html").exists()


def test_mathjax_is_served_by_the_site(built_site):
    mathjax = built_site / "assets" / "mathjax"
    assert 'VERSION="3.2.2"' in (mathjax / "tex-chtml.js").read_text(encoding="utf-8")
    assert list((mathjax / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    page = (built_site / "index.html").read_text(encoding="utf-8")
    assert "assets/mathjax/tex-chtml.js" in page


def test_no_page_fetches_from_another_host(built_site):
    offenders = []
    for page in built_site.rglob("*.html"):
        for url in fetched_urls(page.read_text(encoding="utf-8")):
            if urlparse(url).netloc or url.startswith("//"):
                offenders.append(f"{page.relative_to(built_site)}: {url}")
    assert offenders == []


def test_no_stylesheet_loads_from_another_host(built_site):
    offenders = []
    for sheet in built_site.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s+)['\"]?([^'\")\s]+)", sheet.read_text(encoding="utf-8")):
            if urlparse(url).netloc or url.startswith("//"):
                offenders.append(f"{sheet.relative_to(built_site)}: {url}")
    assert offenders == []


def test_figures_match_their_generator():
    for name, draw in draw_figures.FIGURES.items():
        assert (DOCS / "figures" / name).read_text(encoding="utf-8") == draw(), (
            f"docs/figures/{name} differs from tools/draw_figures.py: run `make figures`")


FIGURES = sorted((DOCS / "figures").glob("*.svg"))


def test_figures_sit_on_a_light_card_for_dark_mode():
    # The first shape drawn must be a white background covering the figure.
    for figure in FIGURES:
        svg = re.sub(r"<(defs|metadata)\b.*?</\1>", "", figure.read_text(encoding="utf-8"), flags=re.S)
        first_shape = re.search(r"<(rect|circle|line|path|text)\b[^>]*>", svg)
        assert first_shape and re.search(r"fill(=\"|: )#ffffff", first_shape.group(0)), figure.name


def test_every_figure_is_shown_with_alt_text():
    pages = " ".join(p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md"))
    assert FIGURES
    for figure in FIGURES:
        match = re.search(rf"!\[([^\]]*)\]\(figures/{re.escape(figure.name)}\)", pages)
        assert match and len(match.group(1)) > 40, f"{figure.name} is not shown with a real alt text"


class Links(HTMLParser):
    """Collects every hyperlink target and every id on a page."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def parse_links(path):
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_internal_link_and_anchor_resolves(built_site):
    pages = {path: parse_links(path) for path in built_site.rglob("*.html")}
    broken = []
    for page, links in pages.items():
        for href in links.hrefs:
            url = urlparse(href)
            if url.scheme or url.netloc:
                continue  # a plain hyperlink to another site is not a request
            if url.path.startswith("/"):  # absolute path: from the site's root
                target = built_site / url.path.lstrip("/")
            else:
                target = (page.parent / url.path).resolve() if url.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)}: {href}")
            elif url.fragment and target.suffix == ".html":
                if url.fragment not in pages[target].ids:
                    broken.append(f"{page.relative_to(built_site)}: {href} (no such anchor)")
    assert broken == []


def test_plots_match_their_generator(tmp_path):
    import plot_figures

    for name in plot_figures.PLOTS:
        plot_figures.draw(name, tmp_path / name)
        assert (tmp_path / name).read_bytes() == (DOCS / "figures" / name).read_bytes(), (
            f"docs/figures/{name} differs from tools/plot_figures.py: run `make figures`")
