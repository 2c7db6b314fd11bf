"""The HTML-side build steps as one pass over a built site folder.

It runs on any generator's output: `python -m sitebuild.html_pass SITE_DIR`
after `zensical build`, say; the MkDocs adapter (mkdocs_hooks.py) calls
finish() at the end of its build. Every HTML file gets, in this order:

- if it is the notebook page (mkdocs-jupyter's nbconvert HTML), its fixes
  (steps/notebook_page.py);
- the `download` attribute on links to served files (steps/served_files.py);
- `defer` on its scripts (steps/defer_scripts.py);
- its figures inlined (steps/inline_figures.py);
- its math typeset, with the fonts of its first screen preloaded and
  MathJax's stylesheet linked (steps/typeset_math.py), unless MATH_RENDER=client.

Then the search index (MkDocs' search/search_index.json, Zensical's
search.json) gets readable formulas (steps/search_index.py), and whatever
the site serves besides docs/ (kits, snippets, notebooks, source.zip,
MathJax's fonts) is written where the generator did not write it already.
A notebook the nav lists but no generator made a page of is an error.
"""

import argparse
import json
import re
import sys
from pathlib import Path

from sitebuild import kits
from sitebuild.sources import DOCS
from sitebuild.steps import defer_scripts
from sitebuild.steps import inline_figures
from sitebuild.steps import notebook_page
from sitebuild.steps import search_index
from sitebuild.steps import served_files
from sitebuild.steps import source_archive
from sitebuild.steps import typeset_math

SEARCH_INDEXES = ("search/search_index.json", "search.json")  # MkDocs and Material, Zensical
NOTEBOOK_WRAPPER = '<div class="jupyter-wrapper"'


def page_url(relative):
    """The URL of the page a site file is ("index.html" -> "", "a/b/index.html" -> "a/b/")."""
    return relative.rsplit("/", 1)[0] + "/" if "/" in relative else ""


def finish_page(html, url, typesetter, figures=DOCS / "figures"):
    """(the page after every HTML step, {site path: bytes} it needs beside it, [errors])."""
    extra, errors = {}, []
    if NOTEBOOK_WRAPPER in html:
        html = notebook_page.without_nbconvert_scripts(html)
        html, css_path, css = notebook_page.move_css(html, url, url or "index.html")
        extra[css_path] = css.encode()
        html, images = notebook_page.images_to_files(html)
        extra.update({f"{url}{name}": png for name, png in images.items()})
    html = served_files.mark_downloads(html)
    html = defer_scripts.deferred(html)
    html = inline_figures.inline_figures(html, figures)
    if typesetter is not None:
        html, errors = typeset_math.typeset_page(html, typesetter)
        if "<mjx-container" in html:
            html = with_math_stylesheet(typeset_math.preload_fonts(html, url, typesetter), url)
    return html, extra, errors


SITE_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?:\.\./)*stylesheets/')


def with_math_stylesheet(html, url):
    """The page with MathJax's stylesheet linked before the site's own, unless the
    generator linked it (the MkDocs adapter lists it in extra_css)."""
    if typeset_math.STYLESHEET in html:
        return html
    link = f'<link rel="stylesheet" href="{typeset_math.relative_url(typeset_math.STYLESHEET, url)}">\n'
    first = SITE_STYLESHEET.search(html)
    at = first.start() if first else html.find("</head>")
    return html[:at] + link + html[at:] if at >= 0 else html


def rewrite_search_index(site):
    """Readable formulas in whichever search index the generator wrote; its path, or None."""
    for relative in SEARCH_INDEXES:
        path = site / relative
        if path.exists():
            index = search_index.rewrite_index(json.loads(path.read_text(encoding="utf-8")))
            path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            return relative
    return None


def served(site):
    """(site path, bytes or a file) of what the site serves besides docs/."""
    files = served_files.served_files() + typeset_math.mathjax_files()
    return files + [(source_archive.SOURCE_ARCHIVE, source_archive.source_archive(Path(site)))]


def write_missing(site, files):
    """Write each served file the generator did not; how many were written."""
    written = 0
    for relative, source in files:
        target = site / relative
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source if isinstance(source, bytes) else Path(source).read_bytes())
        written += 1
    return written


def missing_notebook_pages(site):
    """An error for each notebook source with no page: a generator that ignores mkdocs-jupyter."""
    return [f"{source.relative_to(DOCS).as_posix()}: no page was made of this notebook (the generator "
            "did not run mkdocs-jupyter); the nav links the raw .py file instead"
            for source in sorted(kits.NOTEBOOKS.glob("*.py"))
            if not (site / "notebooks" / source.stem / "index.html").exists()]


def finish(site_dir, typesetter=None, log=print, serve_missing=True):
    """Run every HTML step over SITE_DIR; [errors]. The typesetter's stylesheet is written too."""
    site = Path(site_dir)
    errors = missing_notebook_pages(site)
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        html, extra, page_errors = finish_page(path.read_text(encoding="utf-8"), page_url(relative), typesetter)
        path.write_text(html, encoding="utf-8")
        write_missing(site, extra.items())
        errors += [f"{relative}: {error}" for error in page_errors]
    index = rewrite_search_index(site)
    if index is None:
        errors.append(f"no search index found (looked for {', '.join(SEARCH_INDEXES)})")
    if serve_missing:
        log(f"html pass: {write_missing(site, served(site))} served files written")
    if typesetter is not None:
        stylesheet = site / typeset_math.STYLESHEET
        stylesheet.parent.mkdir(parents=True, exist_ok=True)
        stylesheet.write_text(typesetter.stylesheet(), encoding="utf-8")
        log(f"math: {len(typesetter.used)} formulas, {typesetter.rendered} typeset by MathJax, "
            "the rest from the cache")
    return errors


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site_dir", type=Path, help="a built site folder (any generator's)")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").exists():
        parser.error(f"{args.site_dir}: no index.html; build the site first")
    typesetter = None if typeset_math.CLIENT else typeset_math.Typesetter()
    try:
        errors = finish(args.site_dir, typesetter)
    finally:
        if typesetter is not None:
            typesetter.close()
            typesetter.save()
    for error in errors:
        print(f"ERROR: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
