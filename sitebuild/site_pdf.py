"""The whole site as one PDF, made from the built pages with the Chromium the tests use.

    python -m sitebuild.site_pdf SITE_DIR [--paper A4|Letter] [--measure]

writes SITE_DIR/backpropagation.pdf (`make pdf`): a title page, a table of
contents with page numbers, the pages in the nav's order, page numbers in the
footer, an outline (bookmarks) made by Chromium from the headings, and every
link between pages or to an equation jumping inside the PDF. Nothing leaves
this machine: SITE_DIR is served on 127.0.0.1 and read in headless Chromium.

How. Each page is opened as a reader opens it; print.js's forPaper() builds
its widgets and moves its exercises' solutions to the end of the page; its
article is then copied with every id prefixed by the page's slug (so two
pages' #eq-result stay two), folded blocks open, inputs and buttons replaced
by the values they show, and each link rewritten: to a page of the site, an
in-document link (#slug or #slug--id); to another file of the site (a kit, a
notebook), the published address (SITE_URL); to another site, unchanged.
The articles go into one document under the site's own stylesheets (print.css
included) and are printed twice: the first print tells on which page each
page and section starts (the PDF's named destinations), the second prints the
contents with those numbers. --measure also writes docs/measured/pdf.md.
"""

import argparse
import datetime
import html
import io
import os
import time
from pathlib import Path

from sitebuild import local_site, sources
from sitebuild.browser import launch, wait_for_math

PDF_NAME = "backpropagation.pdf"
MEASURED = sources.DOCS / "measured" / "pdf.md"
FOOTER = ('<div style="font-size: 8px; width: 100%; text-align: center; color: #444;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
MARGIN = {"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}

# Run in each page: its article, made ready for one document (see the docstring).
ARTICLE = """async ({slug, pages, published}) => {
  if (window.sitePrint) await window.sitePrint.forPaper();
  const article = document.querySelector("article").cloneNode(true);
  article.querySelectorAll(".headerlink, .anchor-link, .md-clipboard, .md-content__button, .md-source-file, "
    + ".exercise, script, noscript").forEach((e) => e.remove());
  article.querySelectorAll("details").forEach((d) => { d.open = true; });
  article.querySelectorAll("input, button").forEach((control) => {
    const shown = document.createElement("span");
    shown.className = "pdf-value";
    if (control.tagName === "INPUT") shown.textContent = control.value;
    else shown.innerHTML = control.innerHTML;
    control.replaceWith(shown);
  });
  article.querySelectorAll("[id]").forEach((e) => { e.id = `${slug}--${e.id}`; });
  article.querySelectorAll("a[href]").forEach((a) => {
    const url = new URL(a.getAttribute("href"), location.href);
    if (url.origin !== location.origin) return;
    const page = pages[url.pathname];
    if (page) a.setAttribute("href", url.hash ? `#${page}--${decodeURIComponent(url.hash.slice(1))}` : `#${page}`);
    else a.setAttribute("href", published + url.pathname.replace(/^\\//, "") + url.search + url.hash);
  });
  const text = (e) => e.textContent.trim();
  const withoutMath = (e) => !e.querySelector("mjx-container, sub, sup");  // plain text in a PDF's text too
  return {
    html: article.innerHTML,
    title: text(article.querySelector("h1") || article),
    sections: [...article.querySelectorAll("h2[id]")].map((h) => ({id: h.id, title: text(h)})),
    // What the tests look for in the PDF: headings without math, equation numbers, code, exercises.
    headings: [...article.querySelectorAll("h1, h2, h3, h4")].filter(withoutMath).map(text),
    equations: [...article.querySelectorAll('mjx-mtd[id*="mjx-eqn:"]')].map((e) => e.id.split("mjx-eqn:")[1]),
    code: [...article.querySelectorAll("pre code")].map((c) => c.textContent),
    exercises: [...article.querySelectorAll(".print-solutions h3")].map(text),
  };
}"""

# The site's stylesheets, as the home page links them, made absolute.
STYLESHEETS = """() => [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.href)"""

PDF_CSS = """
body { margin: 0; }
.pdf-title { break-after: page; padding-top: 30vh; text-align: center; }
.pdf-title h1 { font-size: 2.2em; margin-bottom: 0.5em; }
.pdf-contents { break-after: page; }
.pdf-contents ol { list-style: none; padding-left: 0; margin: 0; }
.pdf-contents ol ol { padding-left: 1.5em; }
.pdf-contents li { margin: 0.15em 0; list-style: none; }
.pdf-contents li::before { content: none; }
.pdf-contents a { display: flex; color: inherit; text-decoration: none; }
.pdf-contents a .pdf-leader { flex: 1; border-bottom: 1px dotted #888; margin: 0 0.4em 0.3em; }
.pdf-page { break-before: page; }
.pdf-value { font-variant-numeric: tabular-nums; }
"""


def slug_of(path):
    """A page's slug in the PDF: its docs path without the suffix, folders joined by '-'."""
    return "home" if path == "index.md" else path.rsplit(".", 1)[0].replace("/", "-")


def url_path(path):
    """The URL path a docs file is served at: index.md -> /, a/b.md -> /a/b/."""
    return "/" if path == "index.md" else "/" + path.rsplit(".", 1)[0] + "/"


def nav_pages():
    """[(nav label, docs path)] of every page in the nav (Markdown and the notebook)."""
    return [(label, path) for label, path in sources.nav() if path.endswith((".md", ".py", ".ipynb"))]


def contents(articles, numbers=None):
    """The table of contents: each page and its sections, with page numbers once known."""
    numbers = numbers or {}

    def entry(target, title):
        number = numbers.get(target, "")
        return (f'<a href="#{target}"><span>{html.escape(title)}</span><span class="pdf-leader"></span>'
                f'<span class="pdf-number" data-for="{target}">{number}</span></a>')

    items = []
    for slug, article in articles:
        sections = "".join(f"<li>{entry(s['id'], s['title'])}</li>" for s in article["sections"])
        items.append(f"<li>{entry(slug, article['title'])}" + (f"<ol>{sections}</ol>" if sections else "") + "</li>")
    return f'<nav class="pdf-contents"><h1>Contents</h1><ol>{"".join(items)}</ol></nav>'


def document(articles, stylesheets, config, numbers=None):
    """The one HTML document the PDF is printed from."""
    links = "".join(f'<link rel="stylesheet" href="{html.escape(href)}">' for href in stylesheets)
    title = html.escape(config["site_name"])
    made = datetime.date.today().isoformat()
    pages = "".join(f'<article class="pdf-page md-content__inner md-typeset" id="{slug}">{article["html"]}</article>'
                    for slug, article in articles)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{links}
<style>{PDF_CSS}</style></head><body><div class="md-typeset">
<section class="pdf-title"><h1>{title}</h1><p>{html.escape(config.get("site_description", ""))}</p>
<p>{html.escape(config["site_url"])}</p><p>Printed from the site on {made}.</p></section>
{contents(articles, numbers)}</div>{pages}</body></html>"""


def page_numbers(pdf):
    """{named destination: 1-based page number} of a PDF Chromium printed."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found = {}
    for name, destination in reader.named_destinations.items():
        try:
            found[str(name).lstrip("/")] = reader.get_destination_page_number(destination) + 1
        except Exception:  # a destination without a page: nothing to number
            continue
    return found


def print_pdf(page, paper):
    return page.pdf(format=paper, margin=MARGIN, display_header_footer=True, header_template="<span></span>",
                    footer_template=FOOTER, outline=True, tagged=True, print_background=False)


def site_config():
    import yaml

    config = yaml.load(sources.MKDOCS_YML.read_text(encoding="utf-8"), Loader=sources._AnyTagLoader)
    config["site_url"] = os.environ.get("SITE_URL", "http://127.0.0.1:8000/")
    return config


def make_pdf(browser, base_url, paper="A4", config=None):
    """(the PDF's bytes, [(slug, article)]) of the site served at base_url."""
    config = config or site_config()
    published = config["site_url"].rstrip("/") + "/"
    order = nav_pages()
    pages = {url_path(path): slug_of(path) for _, path in order}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    articles = []
    for _, path in order:
        page.goto(base_url.rstrip("/") + url_path(path))
        wait_for_math(page)
        articles.append((slug_of(path), page.evaluate(ARTICLE, {"slug": slug_of(path), "pages": pages,
                                                                "published": published})))
    page.goto(base_url)
    stylesheets = page.evaluate(STYLESHEETS)
    page.set_content(document(articles, stylesheets, config), wait_until="load")
    page.emulate_media(media="print")
    page.evaluate("document.fonts.ready.then(() => true)")
    first = print_pdf(page, paper)
    numbers = page_numbers(first)
    page.evaluate("""(numbers) => document.querySelectorAll('.pdf-number').forEach((n) => {
        n.textContent = numbers[n.dataset.for] || ""; })""", numbers)
    pdf = print_pdf(page, paper)
    context.close()
    return pdf, articles


def pages_per_site_page(pdf, articles):
    """[(page title, PDF pages it takes)], from where the outline's top level starts each page."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    starts = [reader.get_destination_page_number(item) + 1 for item in reader.outline
              if not isinstance(item, list)][2:]  # after the title page and the contents
    ends = starts[1:] + [len(reader.pages) + 1]
    return [(article["title"], end - start) for (_, article), start, end in zip(articles, starts, ends)]


def measure(site, papers=("A4", "Letter")):
    """The figures docs/measured/pdf.md records: pages and bytes per paper, and the time taken."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    rows = []
    port = local_site.free_port()
    server = local_site.serve(site, port)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for paper in papers:
                start = time.perf_counter()
                pdf, articles = make_pdf(browser, f"http://127.0.0.1:{port}/", paper)
                seconds = time.perf_counter() - start
                rows.append((paper, len(PdfReader(io.BytesIO(pdf)).pages), len(pdf), seconds, len(articles),
                             pages_per_site_page(pdf, articles)))
                if paper == papers[0]:
                    (Path(site) / PDF_NAME).write_bytes(pdf)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def write_measured(rows):
    lines = ["| paper | site pages | PDF pages | size | time to make |", "| --- | ---: | ---: | ---: | ---: |"]
    lines += [f"| {paper} | {count} | {pages} | {size / 1e6:.1f} MB | {seconds:.0f} s |"
              for paper, pages, size, seconds, count, _ in rows]
    papers = [row[0] for row in rows]
    lines += ["", f"Made by `python -m sitebuild.site_pdf site --measure` (`make pdf`) on this machine; "
              f"`{PDF_NAME}` is the {papers[0]} one. The time includes opening every page in Chromium "
              "and printing twice (the second print has the contents' page numbers).", "",
              "PDF pages each site page takes (after a title page and the contents):", "",
              "| page | " + " | ".join(papers) + " |", "| --- |" + " ---: |" * len(papers)]
    for k, (title, _) in enumerate(rows[0][5]):
        lines.append(f"| {title} | " + " | ".join(str(row[5][k][1]) for row in rows) + " |")
    MEASURED.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="the built site (make site)")
    parser.add_argument("--paper", default="A4", choices=("A4", "Letter"))
    parser.add_argument("--measure", action="store_true", help=f"also print Letter, and write {MEASURED}")
    args = parser.parse_args(argv)
    rows = measure(args.site, (args.paper, "Letter" if args.paper == "A4" else "A4") if args.measure
                   else (args.paper,))
    for paper, pages, size, seconds, count, _ in rows:
        print(f"{paper}: {count} site pages, {pages} PDF pages, {size / 1e6:.1f} MB, {seconds:.0f} s")
    if args.measure:
        write_measured(rows)
    print(f"wrote {args.site / PDF_NAME}")


if __name__ == "__main__":
    main()
