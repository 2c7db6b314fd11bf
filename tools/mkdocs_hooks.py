"""MkDocs hooks: serve the snippets and MathJax from the site itself.

- Every snippets/*.py becomes a downloadable file at snippets/<name>.py, so a
  page can link to the whole file a code block was cut from, and a broken
  link to one fails the strict build like any other link.
- MathJax 3.2.2 is copied from the pinned `django-static-mathjax` wheel into
  assets/mathjax/, so no page asks a CDN for it (nothing minified is committed).
- Every notebook source docs/notebooks/NAME.py (jupytext's percent format)
  is also served as notebooks/NAME.ipynb, without outputs, for Jupyter users.
- The notebook page loses the two script blocks nbconvert writes into it: a
  MathJax 2 loader and configuration (which throws under instant navigation;
  the site's own MathJax 3 typesets the notebook's math) and a mermaid loader
  that imports from a CDN.
"""

import re
from pathlib import Path

import jupytext
import mathjax  # the package of django-static-mathjax; it carries MathJax's files
import nbformat
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"

MATHJAX_ES5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
MATHJAX_DEST = "assets/mathjax"
# tex-chtml.js is the one combined file the pages load; the folders hold what
# it may fetch later (fonts, TeX extensions, the menu's accessibility tools).
MATHJAX_PARTS = ["tex-chtml.js", "input/tex", "output/chtml", "a11y", "sre", "ui"]


def _mathjax_sources():
    for part in MATHJAX_PARTS:
        path = MATHJAX_ES5 / part
        if not path.exists():
            raise FileNotFoundError(f"MathJax file missing from the installed package: {path}")
        yield from [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())


def on_files(files: Files, config) -> Files:
    for source in sorted(SNIPPETS.glob("*.py")):
        files.append(File.generated(config, f"snippets/{source.name}", abs_src_path=str(source)))
    for source in _mathjax_sources():
        uri = f"{MATHJAX_DEST}/{source.relative_to(MATHJAX_ES5).as_posix()}"
        files.append(File.generated(config, uri, abs_src_path=str(source)))
    for source in sorted((ROOT / "docs" / "notebooks").glob("*.py")):
        notebook = nbformat.writes(jupytext.read(source))
        files.append(File.generated(config, f"notebooks/{source.stem}.ipynb", content=notebook))
    license_file = MATHJAX_ES5.parent / "LICENSE"
    files.append(File.generated(config, f"{MATHJAX_DEST}/LICENSE", abs_src_path=str(license_file)))
    return files


NBCONVERT_BLOCKS = [
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S),
    re.compile(r"<script type=\"module\">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>", re.S),
]


def on_post_page(output, page, config):
    if page.file.src_uri.endswith((".py", ".ipynb")):
        for block in NBCONVERT_BLOCKS:
            output = block.sub("", output)
    return output
