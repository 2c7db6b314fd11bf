"""Site-wide checks of the built site: math typeset at build, no other host, figures."""

import re
from pathlib import Path
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlparse

from generators import draw_figures
from sitebuild.local_site import page_html
from sitebuild.sources import DOCS


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


def test_math_is_typeset_at_build_and_no_page_loads_mathjax(built_site):
    mathjax = built_site / "assets" / "mathjax"
    assert list((mathjax / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    assert (mathjax / "chtml.css").exists() and (mathjax / "LICENSE").exists()
    assert not (mathjax / "tex-chtml.js").exists()
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "mathjax/tex-chtml" not in text and "MathJax = " not in text, page
        # arithmatex's delimiters are all replaced by MathJax's output.
        assert not re.search(r'class="arithmatex">\\[(\[]', text), page
    page = page_html(built_site, "output-layer-2-2-2.md")
    assert "assets/mathjax/chtml.css" in page and page.count("<mjx-container") > 100
    assert page.count("<mjx-assistive-mml") == page.count("<mjx-container")


def test_the_math_stylesheet_has_a_rule_for_every_character_used(built_site):
    """chtml.css is the union of each formula's CSS: no character may be left without its glyph."""
    css = (built_site / "assets" / "mathjax" / "chtml.css").read_text(encoding="utf-8")
    defined = set(re.findall(r"mjx-c\.(mjx-c[0-9A-F]+(?:\.TEX-[A-Z0-9]+)?)::before", css))
    used = set()
    for page in built_site.rglob("*.html"):
        for classes in re.findall(r'<mjx-c class="([^"]+)"', page.read_text(encoding="utf-8")):
            used.add(".".join(classes.split()))
    assert used and used <= defined, sorted(used - defined)[:10]
    for font in re.findall(r"url\(\"?([^\")]+\.woff)", css):
        assert (built_site / "assets" / "mathjax" / font).exists(), font


def test_each_page_preloads_the_math_fonts_of_its_first_screen_and_no_other(built_site):
    from sitebuild.steps import first_screen

    css = (built_site / "assets" / "mathjax" / "chtml.css").read_text(encoding="utf-8")
    font_of = {cls: file for cls, family in re.findall(r"\.(TEX-[A-Z0-9]+) \{\s*font-family: MJXZERO, ([\w-]+);", css)
               for family2, file in re.findall(r"font-family: ([\w-]+);\s*src: url\(\"[^\"]*/([^/\"]+)\"", css)
               if family2 == family}
    pages = [page for page in built_site.rglob("*.html") if "<mjx-container" in page.read_text(encoding="utf-8")]
    assert len(pages) >= 10
    fewer = []  # pages whose later blocks use fonts the first screen does not
    for page in pages:
        text = page.read_text(encoding="utf-8")
        preloaded = re.findall(r'<link rel="preload" href="([^"]+)" as="font" type="font/woff" crossorigin>', text)
        for href in preloaded:
            assert (page.parent / href).resolve().is_file(), (page, href)
        names = {Path(href).name for href in preloaded}
        shown = first_screen.first_screen(text)
        used = {font_of[cls] for cls in re.findall(r'<mjx-c class="mjx-c[0-9A-F]+ (TEX-[A-Z0-9]+)"', shown)}
        assert used | {"MathJax_Zero.woff", "MathJax_Main-Regular.woff"} <= names, (page, sorted(used - names))
        if "<mjx-stretchy" not in shown:
            assert names == used | {"MathJax_Zero.woff", "MathJax_Main-Regular.woff"}, page
        everywhere = {font_of[cls] for cls in re.findall(r'<mjx-c class="mjx-c[0-9A-F]+ (TEX-[A-Z0-9]+)"', text)}
        fewer += [page] if not everywhere <= names else []
    assert fewer, "every page's first screen uses every font of the page: the check proves nothing"


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
            f"docs/figures/{name} differs from generators/draw_figures.py: run `make figures`")


FIGURES = sorted((DOCS / "figures").glob("*.svg"))
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\b(?:white|black)\b")


def scheme_blocks():
    """The custom properties figures.css sets for the light and for the dark scheme."""
    css = (DOCS / "stylesheets" / "figures.css").read_text(encoding="utf-8")
    light = re.search(r':root,\s*\[data-md-color-scheme="default"\]\s*\{(.*?)\}', css, re.S)
    dark = re.search(r'\[data-md-color-scheme="slate"\]\s*\{(.*?)\}', css, re.S)
    assert light and dark, "figures.css sets no colours for the light and the dark scheme"
    return [set(re.findall(r"(--fig-[a-z0-9-]+)\s*:", block.group(1))) for block in (light, dark)]


def test_figure_colours_come_from_the_scheme_variables():
    # Every colour a figure draws is var(--fig-NAME, light fallback), set by
    # figures.css for both schemes; no bare colour, and no background card.
    light, dark = scheme_blocks()
    assert FIGURES
    for figure in FIGURES:
        svg = re.sub(r"<metadata\b.*?</metadata>", "", figure.read_text(encoding="utf-8"), flags=re.S)
        used = set(re.findall(r"var\((--fig-[a-z0-9-]+), #[0-9a-f]{6}\)", svg))
        assert used, f"{figure.name} draws no colour from the scheme variables"
        assert used <= light and used <= dark, f"{figure.name}: {sorted(used - (light & dark))} not set for both schemes"
        bare = COLOUR.findall(re.sub(r"var\(--fig-[a-z0-9-]+, #[0-9a-f]{6}\)", "", svg))
        assert bare == [], f"{figure.name} draws colours outside the scheme variables: {bare[:5]}"
        assert not re.search(r'\s(?:fill|stroke)="(?!none")', svg), f"{figure.name} sets a colour attribute"
        width, height = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups()
        for shape in re.findall(r"<(?:rect|path)\b[^>]*>", svg):
            covers = (re.search(rf'width="{width}"[^>]*height="{height}"', shape)
                      or re.search(rf'd="M 0 {height}\s+L {width} {height}\s+L {width} 0\s+L 0 0', shape))
            assert not (covers and "fill: none" not in shape), f"{figure.name} has a background card: {shape[:80]}"


def test_every_figure_is_shown_with_alt_text(built_site):
    # In the Markdown an image with a real alt text; in the built page the SVG
    # itself, labelled by that text, with ids that no other element on the page has.
    pages = {p: p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md")}
    assert FIGURES
    for figure in FIGURES:
        found = [(p, m.group(1)) for p, text in pages.items()
                 for m in re.finditer(rf"!\[([^\]]*)\]\(figures/{re.escape(figure.name)}\)", text)]
        assert found and all(len(alt) > 40 for _, alt in found), f"{figure.name} is not shown with a real alt text"
        for page, alt in found:
            html = page_html(built_site, page.relative_to(DOCS))
            tags = re.findall(rf'<svg\b[^>]*data-figure="{re.escape(figure.name)}"[^>]*>', html)
            assert tags, f"{figure.name} is not inlined in {page.name}"
            for tag in tags:
                assert 'role="img"' in tag, f"{figure.name} in {page.name} has no role"
                label = re.search(r'aria-label="([^"]*)"', tag)
                assert label and unescape(label.group(1)) == alt, f"{figure.name} in {page.name}: aria-label is not the alt text"
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<img\b[^>]*src="[^"]*figures/[^"]*\.svg"', html), f"{page}: a figure left as <img>"
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), f"{page}: ids used twice: {sorted({i for i in ids if ids.count(i) > 1})[:5]}"


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
    from sitebuild.site_pdf import PDF_NAME

    pages = {path: parse_links(path) for path in built_site.rglob("*.html")}
    broken = []
    for page, links in pages.items():
        for href in links.hrefs:
            url = urlparse(href)
            if url.scheme or url.netloc:
                continue  # a plain hyperlink to another site is not a request
            if (page.parent / url.path).resolve() == (built_site / PDF_NAME).resolve():
                continue  # made after the build by make pdf; tests/browser/test_site_pdf.py makes and reads it
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
    from measurements import bench_loop_vs_vectorised as bench
    from generators import plot_figures

    for name in plot_figures.PLOTS:
        plot_figures.draw(name, tmp_path / name)
        assert (tmp_path / name).read_bytes() == (DOCS / "figures" / name).read_bytes(), (
            f"docs/figures/{name} differs from generators/plot_figures.py: run `make figures`")
    # The benchmark's figure, redrawn from the timings it records (nothing is timed).
    rows, sizes, measured_on = bench.recorded(bench.FIGURE)
    bench.draw(rows, sizes, tmp_path / "bench.svg", measured_on)
    assert (tmp_path / "bench.svg").read_bytes() == bench.FIGURE.read_bytes(), (
        "docs/figures/loop-vs-vectorised.svg differs from its recorded timings redrawn: "
        "run `python -m measurements.bench_loop_vs_vectorised --redraw`")


# ------------------------------------------------------------------ "How this page is checked"

def test_how_this_page_is_checked_names_the_test_modules_of_its_snippets(built_site):
    from sitebuild.steps import checked_by
    from sitebuild import kits
    from sitebuild import sources

    pages = [page for page in sources.pages() if "## How this page is checked" in sources.markdown(page)]
    assert pages, "no page has the section"
    held = {kit.name: {path for path in kit.files if path.startswith("tests/test_")} for kit in kits.kits()}
    for page in pages:
        assert checked_by.MARKER in sources.markdown(page), f"{page} types its test modules by hand"
        modules = [f"tests/{path.name}" for path in sources.page_tests(page)]
        shown = re.search(r"<p>The tests in (.*?) come in this page", page_html(built_site, page), re.S)
        assert shown and re.findall(r"<code>(.*?)</code>", shown[1]) == modules, page
        assert set(modules) <= held[Path(page).stem], f"{page}: its kit lacks some of {modules}"


def test_a_page_without_tested_snippets_cannot_ask_for_its_test_modules():
    from sitebuild.steps import checked_by

    import pytest
    with pytest.raises(ValueError, match="includes no tested snippet"):
        checked_by.expand(f"# A page\n\n{checked_by.MARKER}\n", "index.md")
