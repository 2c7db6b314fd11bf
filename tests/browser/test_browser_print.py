"""Every page printed as a reader prints it (Chromium's print to PDF, A4 and
Letter): no heading is the last line of a printed page, and the controls a
page cannot use on paper (copy buttons, answer boxes) are not printed.

The PDF is read with poppler's pdftotext (`sudo apt-get install poppler-utils`);
without it these tests skip, and under CI they must run.
"""

import os
import re
import shutil
import subprocess

import pytest

from sitebuild.browser import open_context, sitemap_pages, wait_for_math

PAPERS = ("A4", "Letter")
HEADINGS = """() => [...document.querySelectorAll('article h1, article h2, article h3, article h4')]
  .map(h => h.cloneNode(true)).map(h => { h.querySelectorAll('.headerlink').forEach(a => a.remove());
  return h.textContent.trim(); })"""


def squeezed(text):
    return re.sub(r"\s+", " ", text).strip()


def page_texts(pdf, tmp_path):
    """The text of each printed page, as pdftotext reads it."""
    tool = shutil.which("pdftotext")
    if tool is None:
        message = "pdftotext is missing: sudo apt-get install poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(f"the print tests must run under CI: {message}", pytrace=False)
        pytest.skip(message)
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def headings_ending_pages(texts, headings):
    """[(page number, heading)] of every printed page whose last line is one of the headings."""
    wanted = {squeezed(h) for h in headings if h}
    found = []
    for number, text in enumerate(texts, start=1):
        lines = [squeezed(line) for line in text.splitlines() if line.strip()]
        if lines and lines[-1] in wanted and number < len(texts):
            found.append((number, lines[-1]))
    return found


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
        controls = page.evaluate("""() => [...document.querySelectorAll(
            'article .md-clipboard, article .exercise input, article .exercise button')]
            .filter(e => getComputedStyle(e).display !== 'none').length""")
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
