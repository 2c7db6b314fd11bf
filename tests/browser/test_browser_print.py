"""Every page printed as a reader prints it (Chromium's print to PDF, A4 and
Letter): no heading is the last line of a printed page, the controls a page
cannot use on paper (copy buttons, answer boxes) are not printed, and a link
prints its address only when it leads to another site.

The PDF is read with poppler's pdftotext (printed.py): without it these tests
skip, and under CI they must run.
"""

import pytest

from printed import headings_ending_pages, page_texts
from sitebuild.browser import open_context, sitemap_pages, wait_for_math

PAPERS = ("A4", "Letter")
HEADINGS = """() => [...document.querySelectorAll('article h1, article h2, article h3, article h4')]
  .map(h => h.cloneNode(true)).map(h => { h.querySelectorAll('.headerlink').forEach(a => a.remove());
  return h.textContent.trim(); })"""


@pytest.fixture(scope="module")
def printed(browser, served_site):
    """{(page path, paper): (the PDF's bytes, the page's headings, what print hides that is shown on screen)}."""
    site, base_url = served_site
    context = open_context(browser, base_url, "light", {"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    for path in sitemap_pages(site):
        page.goto(base_url.rstrip("/") + path)
        wait_for_math(page)
        headings = page.evaluate(HEADINGS)
        page.emulate_media(media="print")
        page.evaluate("() => window.sitePrint.forPaper()")  # what beforeprint does; page.pdf fires none
        controls = page.evaluate("""() => [...document.querySelectorAll(
            'article .md-clipboard, article .md-code__button, article .exercise input, article .exercise button')]
            .filter(e => e.getClientRects().length > 0).length""")
        for paper in PAPERS:
            found[path, paper] = (page.pdf(format=paper), headings, controls)
    context.close()
    return found


def test_no_heading_ends_a_printed_page(printed, tmp_path):
    ending = {f"{path} ({paper})": headings_ending_pages(page_texts(pdf, tmp_path), headings)
              for (path, paper), (pdf, headings, _) in printed.items()}
    assert not {page: found for page, found in ending.items() if found}


def test_a_heading_at_a_pages_foot_is_found():
    texts = ["Intro text\nThe four chain-rule products\n", "the products\n"]
    assert headings_ending_pages(texts, ["The four chain-rule products"]) == [(1, "The four chain-rule products")]
    assert headings_ending_pages(texts[::-1], ["The four chain-rule products"]) == []


def test_copy_buttons_and_answer_boxes_are_not_printed(printed):
    assert {path: controls for (path, _), (_, _, controls) in printed.items() if controls} == {}


def test_only_links_to_other_sites_print_their_address(browser, served_site):
    page = open_context(browser, served_site[1], "light", {"width": 1280, "height": 900}).new_page()
    page.goto(served_site[1].rstrip("/") + "/notation/")
    page.emulate_media(media="print")
    page.evaluate("() => window.sitePrint.forPaper()")
    shown = page.evaluate("""() => [...document.querySelectorAll('article a[href]')].map((a) =>
        [new URL(a.href).origin === location.origin, getComputedStyle(a, '::after').content])""")
    assert any(not ours for ours, _ in shown), "the page has no link to another site to try"
    assert all((after in ("none", "normal")) == ours for ours, after in shown)
