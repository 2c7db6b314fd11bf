"""Build step: the notebook page (mkdocs-jupyter's nbconvert HTML) made fit for the site.

- The two script blocks nbconvert writes into the page go: a MathJax 2 loader
  and configuration (which throws under instant navigation; typeset_math.py
  typesets the notebook's math) and a mermaid loader that imports from a CDN.
- Its inline Jupyter CSS (the large <style> blocks that nbconvert writes into
  every notebook page) moves into one served, cacheable file,
  assets/notebook/jupyter.<hash>.css, linked in <head> after the site's
  stylesheets, with only the rules that can match the page.
- The plots nbconvert embeds as base64 PNGs become files beside the page,
  loaded lazily, so the page's first screen does not wait for them; each gets
  the alt text the notebook's `# alt:` comment gives it.
- The notebook's run is cached in a folder named after what it reads.
"""

import base64
import hashlib
import html
import re
import struct
import sys

from sitebuild.sources import ROOT, SNIPPETS, imports_of, snippet_closure

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
    """(the page with nbconvert's <style> blocks gone and a <link> in <head>, the CSS file's site path, its text).

    The file is named by a hash of its content, so every notebook page with the
    same CSS shares one cacheable file. The <link> goes in <head>, after the
    site's stylesheets (as the blocks came after them), where the script of
    overrides/partials/before-bundle.html makes its href absolute before the
    page is drawn. Instant navigation adds it to <head> on the way to the page
    and takes it out on the way away.
    """
    match = NOTEBOOK_STYLES.search(output)
    if not match:
        raise ValueError(f"{where}: nbconvert's <style> blocks not found; "
                         "has mkdocs-jupyter's template changed?")
    css = "\n".join(block.strip() for block in
                    re.findall(r"<style[^>]*>(.*?)</style>", match.group(0), re.S)) + "\n"
    css = used_css(css, output)
    path = f"{NOTEBOOK_CSS_DIR}/jupyter.{hashlib.sha256(css.encode()).hexdigest()[:10]}.css"
    href = "../" * page_url.count("/") + path  # "notebooks/train-digits/" -> 2 levels below the root
    output = output[:match.start()] + output[match.end():]
    return after_the_last_stylesheet(output, f'<link rel="stylesheet" href="{href}">', where), path, css


def after_the_last_stylesheet(html, tag, where):
    """The page with `tag` right after the last stylesheet <link> of its <head>."""
    head = html[:html.find("</head>")] if "</head>" in html else ""
    sheets = list(re.finditer(r'<link rel="stylesheet"[^>]*>', head))
    if not sheets:
        raise ValueError(f"{where}: no stylesheet <link> in <head> to put the notebook's after")
    end = sheets[-1].end()
    return html[:end] + "\n" + tag + html[end:]


CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
CLASS_IN_SELECTOR = re.compile(r"\.((?:[\w-]|\\.)+)")
# nbconvert scopes JupyterLab's CSS under .jupyter-wrapper, so its ":root" and
# "body" rules became ".jupyter-wrapper :root": the root is nobody's descendant.
NEVER_MATCHES = re.compile(r"[\s>+~](?::root|html|body)\b")
GROUPING_AT_RULES = ("@media", "@supports", "@layer", "@container")


def used_css(css, html):
    """css without the rules that cannot match html: those whose every selector names a class
    no element of the page has. Rules without a class, @keyframes and @font-face stay."""
    classes = {name for value in CLASS_ATTRIBUTE.findall(html) for name in value.split()}
    rules = [_kept(prelude, body, classes) for prelude, body in _blocks(re.sub(r"/\*.*?\*/", "", css, flags=re.S))]
    # A rule repeated later wins wherever the earlier copy applies: keep the last.
    last = {rule: i for i, rule in enumerate(rules)}
    return "".join(rule for i, rule in enumerate(rules) if last[rule] == i)


def _kept(prelude, body, classes):
    if body is None:  # a statement such as @charset or @import
        return prelude + ";\n"
    if prelude.startswith(GROUPING_AT_RULES):
        inner = "".join(_kept(p, b, classes) for p, b in _blocks(body))
        return f"{prelude}{{{inner}}}\n" if inner else ""
    if prelude.startswith("@"):
        return f"{prelude}{{{body}}}\n"
    selectors = [s for s in _split_selectors(prelude) if not NEVER_MATCHES.search(s)
                 and all(name.replace("\\", "") in classes for name in _required_classes(s))]
    return f"{','.join(selectors)}{{{body}}}\n" if selectors else ""


def _required_classes(selector):
    """The classes an element must have for selector to match it: those outside any
    parentheses (in :is(.a, .b) or :not(.a) a class may be absent)."""
    while "(" in selector:
        selector, count = re.subn(r"\([^()]*\)", "", selector)
        if not count:
            raise ValueError(f"unbalanced parentheses in the selector {selector!r}")
    return CLASS_IN_SELECTOR.findall(selector)


def _blocks(css):
    """(prelude, body) for each top-level rule of css; body is None for a statement."""
    depth, quote, start, prelude = 0, None, 0, None
    for i, char in enumerate(css):
        if quote:
            quote = None if char == quote and css[i - 1] != "\\" else quote
        elif char in "\"'":
            quote = char
        elif char == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                raise ValueError(f"unbalanced '}}' at character {i} of the notebook's CSS")
            if depth == 0:
                yield prelude, css[start:i]
                start = i + 1
        elif char == ";" and depth == 0:
            yield css[start:i].strip(), None
            start = i + 1
    if depth:
        raise ValueError("the notebook's CSS ends inside a rule")


def _split_selectors(prelude):
    """prelude's selectors, split at the commas outside parentheses (:is(a, b) stays whole)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(prelude[start:i].strip())
            start = i + 1
    return parts + [prelude[start:].strip()]


DATA_PNG = re.compile(r'(<img\b[^>]*?)\ssrc="data:image/png;base64,([A-Za-z0-9+/=\s]+)"([^>]*>)')
NO_ALT = 'alt="No description has been provided for this image"'
CODE_CELL = re.compile(r'<div\b[^>]*class="jp-Cell jp-CodeCell\b')


def alt_text(output, at):
    """The alt text of the plot at position `at`: the `# alt:` comment of the code cell that drew it.

    nbconvert writes "No description has been provided for this image" for every
    plot; the notebook says what each shows instead, in a comment a reader of the
    notebook sees too: `# alt: Two line charts ...`, continued on the next comment lines.
    """
    starts = [match.start() for match in CODE_CELL.finditer(output, 0, at)]
    source = html.unescape(re.sub(r"<[^>]+>", "", output[starts[-1]:at] if starts else ""))
    lines, found = [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.lower().startswith("# alt:"):
            found, lines = True, [stripped[len("# alt:"):].strip()]
        elif found and stripped.startswith("#") and lines:
            lines.append(stripped.lstrip("#").strip())
        elif found:
            break
    if not found:
        raise ValueError("a notebook plot has no '# alt:' comment in the cell that draws it: "
                         "say what it shows, for a reader who cannot see it")
    return " ".join(lines)


def images_to_files(output):
    """(the page with each embedded base64 PNG linked from a file instead, {file name: its bytes}).

    The files sit beside the page and are named by their content. Each <img> gets
    the PNG's width and height, so the layout does not move when it arrives, and
    loading="lazy", so a plot far down the page is fetched as the reader nears it.
    """
    files = {}

    def to_file(match):
        png = base64.b64decode(re.sub(r"\s", "", match.group(2)), validate=True)
        if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
            raise ValueError("a notebook image claims to be a PNG but is not one")
        width, height = struct.unpack(">II", png[16:24])
        name = f"output-{hashlib.sha256(png).hexdigest()[:10]}.png"
        files[name] = png
        tag = (f'{match.group(1)} src="{name}" width="{width}" height="{height}" loading="lazy" '
               f'decoding="async"{match.group(3)}')
        if NO_ALT in tag:
            tag = tag.replace(NO_ALT, f'alt="{html.escape(alt_text(output, match.start()), quote=True)}"')
        return tag

    return DATA_PNG.sub(to_file, output), files


def cache_dir():
    """A folder for the notebook's cached run, named after what the run reads.

    mkdocs-jupyter's own key is the notebook's text and its options; the notebook
    also imports snippets (and what they import) and runs on the pinned packages.
    Naming the folder after those too means a change to one of them runs the
    notebook again, and a change to any other snippet does not.
    """
    inputs = hashlib.sha256(sys.version.encode())
    stems = {name for notebook in (ROOT / "docs" / "notebooks").glob("*.py") for name in imports_of(notebook)}
    read = sorted(SNIPPETS / f"{stem}.py" for stem in snippet_closure(stems))
    for path in [ROOT / "requirements.txt", *read]:
        inputs.update(path.name.encode() + b"\0" + path.read_bytes())
    return ROOT / ".cache" / "mkdocs-jupyter" / inputs.hexdigest()[:16]
