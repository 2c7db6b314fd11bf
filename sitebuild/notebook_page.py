"""Build step: the notebook page (mkdocs-jupyter's nbconvert HTML) made fit for the site.

- The two script blocks nbconvert writes into the page go: a MathJax 2 loader
  and configuration (which throws under instant navigation; typeset_math.py
  typesets the notebook's math) and a mermaid loader that imports from a CDN.
- Its inline Jupyter CSS (the large <style> blocks that nbconvert writes into
  every notebook page) moves into one served, cacheable file,
  assets/notebook/jupyter.<hash>.css, linked from where the blocks were.
- The notebook's run is cached in a folder named after what it reads.
"""

import hashlib
import re
import sys

from sources import ROOT, SNIPPETS

NBCONVERT_BLOCKS = [
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S),
    re.compile(r"<script type=\"module\">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>", re.S),
]
NOTEBOOK_CSS_DIR = "assets/notebook"
# nbconvert's <style> blocks sit together, before the notebook's wrapper div.
NOTEBOOK_STYLES = re.compile(r"(?:<style[^>]*>.*?</style>\s*)+(?=(?:<!--[^>]*-->\s*)*<div class=\"jupyter-wrapper\")",
                             re.S)


def is_notebook(src_uri):
    return src_uri.endswith((".py", ".ipynb"))


def without_nbconvert_scripts(output):
    for block in NBCONVERT_BLOCKS:
        output = block.sub("", output)
    return output


def move_css(output, page_url, where):
    """(the page with nbconvert's <style> blocks replaced by a <link>, the CSS file's site path, its text).

    The file is named by a hash of its content, so every notebook page with the
    same CSS shares one cacheable file. The <link> stays where the blocks were
    (inside the page content), so Material's instant navigation, which swaps the
    content but not <head>, still loads it.
    """
    match = NOTEBOOK_STYLES.search(output)
    if not match:
        raise ValueError(f"{where}: nbconvert's <style> blocks not found; "
                         "has mkdocs-jupyter's template changed?")
    css = "\n".join(block.strip() for block in
                    re.findall(r"<style[^>]*>(.*?)</style>", match.group(0), re.S)) + "\n"
    path = f"{NOTEBOOK_CSS_DIR}/jupyter.{hashlib.sha256(css.encode()).hexdigest()[:10]}.css"
    href = "../" * page_url.count("/") + path  # "notebooks/train-digits/" -> 2 levels below the root
    return output[:match.start()] + f'<link rel="stylesheet" href="{href}">\n' + output[match.end():], path, css


def cache_dir():
    """A folder for the notebook's cached run, named after what the run reads.

    mkdocs-jupyter's own key is the notebook's text and its options; the notebook
    also imports snippets/*.py and runs on the pinned packages. Naming the folder
    after those too means a changed snippet or pin runs the notebook again.
    """
    inputs = hashlib.sha256(sys.version.encode())
    for path in [ROOT / "requirements.txt", *sorted(SNIPPETS.glob("*.py"))]:
        inputs.update(path.name.encode() + b"\0" + path.read_bytes())
    return ROOT / ".cache" / "mkdocs-jupyter" / inputs.hexdigest()[:16]
