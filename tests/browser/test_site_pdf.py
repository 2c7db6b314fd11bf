"""The whole site as one PDF (sitebuild/site_pdf.py), read back as a reader uses it:
its outline, contents, links, text, equations, code, explorer and exercises.

The PDF is made once from the served test build, with the test browser; pypdf
reads its structure and poppler's pdftotext its laid-out text (printed.py).
"""

import io
import re

import pytest

from printed import headings_ending_pages, page_texts, squeezed
from sitebuild import site_pdf

pypdf = pytest.importorskip("pypdf")


@pytest.fixture(scope="module")
def made(browser, served_site, tmp_path_factory):
    """(the PDF's bytes, its reader, [(slug, article)], each page's text as laid out and as drawn,
    the published address)."""
    config = {**site_pdf.site_config(), "site_url": "https://example.org/backprop/"}
    pdf, articles = site_pdf.make_pdf(browser, served_site[1], "A4", config)
    folder = tmp_path_factory.mktemp("pdf")
    texts = {"layout": page_texts(pdf, folder), "raw": page_texts(pdf, folder, raw=True)}
    return pdf, pypdf.PdfReader(io.BytesIO(pdf)), articles, texts, config["site_url"]


def bare(text):
    """Text without its spaces: the outline and the page's DOM space an inline link apart differently."""
    return "".join(text.split())


def outline(reader):
    """[(depth, title, page number)] of the PDF's bookmarks, in order."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, squeezed(item.title), reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 0)
    return found


def page_ranges(reader, articles):
    """{slug: (first page, last page)} of each site page in the PDF, from the outline's top level."""
    top = [page for depth, _, page in outline(reader) if depth == 0][2:]  # after the title and the contents
    ends = [start - 1 for start in top[1:]] + [len(reader.pages)]
    return {slug: (start, end) for (slug, _), start, end in zip(articles, top, ends)}


FOOTER = re.compile(r"^\s*\d+ / \d+\s*$", re.MULTILINE)


def text_of(texts, pages):
    """The text of a range of PDF pages, read across its page breaks (the footers' numbers left out)."""
    first, last = pages
    return squeezed(FOOTER.sub("", " ".join(texts[first - 1:last])))


def links(reader):
    """([page number each in-document link lands on, or None], [every URI])."""
    internal, uris = [], []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            if action is not None and action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
                continue
            destination = annotation.get("/Dest") if action is None else action.get("/D")
            internal.append(landing(reader, destination))
    return internal, uris


def landing(reader, destination):
    try:
        if isinstance(destination, (str, pypdf.generic.TextStringObject, pypdf.generic.NameObject)):
            destination = reader.named_destinations[str(destination)]
            return reader.get_destination_page_number(destination) + 1
        return reader.get_page_number(destination[0].get_object()) + 1
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def test_the_outline_has_every_page_then_its_sections_in_the_navs_order(made):
    _, reader, articles, _, _ = made
    entries = outline(reader)
    top = [bare(title) for depth, title, _ in entries if depth == 0]
    assert top[:2] == [bare(site_pdf.site_config()["site_name"]), "Contents"]
    assert top[2:] == [bare(article["title"]) for _, article in articles]
    starts = [k for k, (depth, _, _) in enumerate(entries) if depth == 0][2:] + [len(entries)]
    for (slug, article), start, end in zip(articles, starts, starts[1:]):
        children = [bare(title) for depth, title, _ in entries[start + 1:end] if depth == 1]
        assert children[:len(article["sections"])] == [bare(s["title"]) for s in article["sections"]], slug


def test_the_contents_give_each_page_and_section_the_page_it_starts_on(made):
    _, reader, articles, texts, _ = made
    texts = texts["layout"]
    ranges = page_ranges(reader, articles)
    first_page = min(start for start, _ in ranges.values())
    lines = [bare(line) for text in texts[1:first_page - 1] for line in text.splitlines() if line.strip()]
    assert lines[0] == "Contents"
    for slug, article in articles:
        at = next(k for k, line in enumerate(lines) if bare(article["title"])[:20] in line)
        number = str(ranges[slug][0])  # a long title wraps: its number ends its last line
        assert lines[at].endswith(number) or lines[at + 1].endswith(number), (slug, lines[at:at + 2])


def test_every_page_prints_its_headings_in_order(made):
    _, reader, articles, texts, _ = made
    texts = texts["raw"]
    for slug, pages in page_ranges(reader, articles).items():
        text, at = text_of(texts, pages), 0
        for heading in dict(articles)[slug]["headings"]:
            found = text.find(squeezed(heading), at)
            assert found >= 0, f"{slug}: '{heading}' is missing or out of order"
            at = found + 1


def test_no_heading_ends_a_page_of_the_pdf(made):
    _, _, articles, texts, _ = made
    texts = texts["layout"]
    headings = [heading for _, article in articles for heading in article["headings"]]
    assert headings_ending_pages(texts, headings) == []


def test_every_numbered_equation_appears_with_its_number(made):
    _, reader, articles, texts, _ = made
    texts = texts["raw"]
    for slug, pages in page_ranges(reader, articles).items():
        text, at = text_of(texts, pages), 0
        for number in dict(articles)[slug]["equations"]:
            found = text.find(f"({number})", at)
            assert found >= 0, f"{slug}: equation ({number}) is missing or out of order"
            at = found + 1


def test_every_line_of_every_code_block_appears_whole(made):
    _, reader, articles, texts, _ = made
    texts = texts["raw"]
    for slug, pages in page_ranges(reader, articles).items():
        text = text_of(texts, pages)
        for block in dict(articles)[slug]["code"]:
            for line in filter(None, map(squeezed, block.splitlines())):
                assert line in text, f"{slug}: the code line '{line}' is not printed whole"


def test_every_link_between_pages_lands_on_a_page_of_the_pdf(made):
    _, reader, articles, _, published = made
    internal, uris = links(reader)
    assert internal and None not in internal and all(1 <= page <= len(reader.pages) for page in internal)
    page_addresses = {published + site_pdf.url_path(path).lstrip("/") for _, path in site_pdf.nav_pages()}
    assert not [uri for uri in uris if uri.split("#")[0] in page_addresses], "a link still points at the site"


def test_fonts_are_embedded_and_the_text_selectable(made):
    _, reader, _, texts, _ = made
    texts = texts["raw"]
    for number, page in enumerate(reader.pages, start=1):
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type3":  # drawn from the PDF's own glyph procedures
                continue
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            files = described["/FontDescriptor"].get_object()
            assert any(key in files for key in ("/FontFile", "/FontFile2", "/FontFile3")), (number, font)
    assert all(text.strip() for text in texts), "a page has no selectable text"


def test_the_explorer_prints_its_tables_with_the_pages_numbers(made):
    _, reader, articles, texts, _ = made
    texts = texts["raw"]
    text = text_of(texts, page_ranges(reader, articles)["output-layer-2-2-2"])
    for heading in ("Forward pass and loss", "The four chain-rule products"):
        assert heading in text
    assert "∂J/∂w" in text and "J =" in text


def test_exercises_print_their_questions_and_their_solutions_at_the_pages_end(made):
    _, reader, articles, texts, _ = made
    texts = texts["raw"]
    with_exercises = [(slug, article) for slug, article in articles if article["exercises"]]
    assert len(with_exercises) >= 8
    for slug, article in with_exercises:
        text = text_of(texts, page_ranges(reader, articles)[slug])
        solutions = text.rfind("Solutions")
        questions = [text.find(squeezed(title.removesuffix(": solution"))) for title in article["exercises"]]
        assert all(0 <= at < solutions for at in questions), f"{slug}: a question is missing or after its solution"
        assert all(text.find(squeezed(title), solutions) > solutions for title in article["exercises"]), slug


def test_home_and_about_link_the_pdf_where_make_pdf_writes_it(served_site):
    from urllib.parse import urljoin

    site, base_url = served_site
    for path in ("index.html", "about/index.html"):
        links = re.findall(r'href="([^"]*backpropagation\.pdf)"', (site / path).read_text(encoding="utf-8"))
        page_url = base_url + path.removesuffix("index.html")
        assert links and {urljoin(page_url, link) for link in links} == {base_url + site_pdf.PDF_NAME}, path
