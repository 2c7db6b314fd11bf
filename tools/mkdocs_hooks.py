"""MkDocs hooks: serve the snippets, the notebook and the kits from the site itself.

- Every snippets/*.py becomes a downloadable file at snippets/<name>.py, so a
  page can link to the whole file a code block was cut from, and a broken
  link to one fails the strict build like any other link.
- Every notebook source docs/notebooks/NAME.py (jupytext's percent format)
  is also served as notebooks/NAME.ipynb, without outputs, for Jupyter users.
- The notebook page loses the two script blocks nbconvert writes into it: a
  MathJax 2 loader and configuration (which throws under instant navigation;
  tools/math_hooks.py typesets the notebook's math) and a mermaid loader
  that imports from a CDN.
- The notebook page's inline Jupyter CSS (~590 KB of <style> blocks that
  nbconvert writes into every notebook page) moves into one served, cacheable
  file, assets/notebook/jupyter.<hash>.css, linked from where the blocks were.
- Every link to a served .py, .ipynb or .zip file gets the HTML `download`
  attribute, so "download" links download instead of opening as text.
- The site serves its own source as source.zip (the repository's files as git
  lists them, or a walk that skips what is generated), linked from every
  page's footer (overrides/partials/copyright.html) with the repository's URL
  when it is known: REPO_URL, else GitHub Actions' GITHUB_SERVER_URL and
  GITHUB_REPOSITORY, else `git remote get-url origin`.
- Every page that shows code gets a kit, kits/<page>.zip, and the whole site
  one more, kits/site.zip (tools/kits.py): the snippets, their recorded
  outputs and their tests, runnable in two commands.
- Every page that shows Python gets its notebook, kits/<page>.ipynb, made
  from the page itself (tools/page_code.py): its prose and its code blocks in
  order. The kit box gets a sentence linking it, so no page types the link.
- The search index gets a Unicode reading of each formula (\\sigma' -> σ′,
  \\partial J -> ∂J) with the TeX kept beside it, hidden, so σ, δ, ∂ and
  "sigma" all find the formulas.
"""

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import jupytext
import nbformat
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kits  # noqa: E402  (tools/kits.py: one zip per page that shows code)
import page_code  # noqa: E402  (tools/page_code.py: a page's code blocks, and its notebook)

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"

def on_files(files: Files, config) -> Files:
    for source in sorted(SNIPPETS.glob("*.py")):
        files.append(File.generated(config, f"snippets/{source.name}", abs_src_path=str(source)))
    for source in sorted((ROOT / "docs" / "notebooks").glob("*.py")):
        notebook = nbformat.writes(jupytext.read(source))
        files.append(File.generated(config, f"notebooks/{source.stem}.ipynb", content=notebook))
    files.append(File.generated(config, SOURCE_ARCHIVE, content=source_archive(config)))
    for kit in kits.kits():
        files.append(File.generated(config, f"kits/{kit.name}.zip", content=kits.zip_bytes(kit)))
    for page in page_code.pages_with_code():
        notebook = page_code.notebook(page)
        files.append(File.generated(config, f"kits/{Path(page).stem}.ipynb", content=notebook))
    return files


NOTEBOOK_LINK = ("[kits/{stem}.ipynb](kits/{stem}.ipynb) is this page as a notebook, made from the page: "
                 "its text and its code blocks, in order, to run top to bottom in Jupyter with NumPy alone.")


def on_page_markdown(markdown, page, config, files):
    """Link the page's notebook in its kit box, right after the kit's own line."""
    stem = Path(page.file.src_uri).stem
    if f"kits/{stem}.ipynb" not in files.src_uris:
        return markdown
    return page_code.with_notebook_link(markdown, stem, NOTEBOOK_LINK.format(stem=stem))


NBCONVERT_BLOCKS = [
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S),
    re.compile(r"<script type=\"module\">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>", re.S),
]


def on_post_page(output, page, config):
    if page.file.src_uri.endswith((".py", ".ipynb")):
        for block in NBCONVERT_BLOCKS:
            output = block.sub("", output)
        output = move_notebook_css(output, page, config)
    return mark_downloads(output)


# ---------------------------------------------------------------- the notebook's CSS

NOTEBOOK_CSS_DIR = "assets/notebook"
# nbconvert's <style> blocks sit together, before the notebook's wrapper div.
NOTEBOOK_STYLES = re.compile(r"(?:<style[^>]*>.*?</style>\s*)+(?=(?:<!--[^>]*-->\s*)*<div class=\"jupyter-wrapper\")",
                             re.S)


def move_notebook_css(output, page, config):
    """Move nbconvert's inline <style> blocks into one served CSS file.

    The file is named by a hash of its content, so every notebook page with the
    same CSS shares one cacheable file. The <link> stays where the blocks were
    (inside the page content), so Material's instant navigation, which swaps the
    content but not <head>, still loads it.
    """
    match = NOTEBOOK_STYLES.search(output)
    if not match:
        raise ValueError(f"{page.file.src_uri}: nbconvert's <style> blocks not found; "
                         "has mkdocs-jupyter's template changed?")
    css = "\n".join(block.strip() for block in
                    re.findall(r"<style[^>]*>(.*?)</style>", match.group(0), re.S)) + "\n"
    name = f"jupyter.{hashlib.sha256(css.encode()).hexdigest()[:10]}.css"
    target = Path(config.site_dir) / NOTEBOOK_CSS_DIR / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")
    depth = page.url.count("/")  # "notebooks/train-digits/" -> 2 levels below the root
    href = "../" * depth + f"{NOTEBOOK_CSS_DIR}/{name}"
    return output[:match.start()] + f'<link rel="stylesheet" href="{href}">\n' + output[match.end():]


# ---------------------------------------------------------------- download links

DOWNLOADABLE = (".py", ".ipynb", ".zip")
LINK = re.compile(r"<a\b[^>]*>", re.S)
HREF = re.compile(r"""\bhref=(["'])(.*?)\1""", re.S)


def mark_downloads(html):
    """Give every link to a served .py, .ipynb or .zip file the `download` attribute."""
    def mark(match):
        tag = match.group(0)
        href = HREF.search(tag)
        if not href or re.search(r"\sdownload\b", tag):
            return tag
        url = urlparse(href.group(2))
        if url.scheme or url.netloc or not url.path.endswith(DOWNLOADABLE):
            return tag
        return tag[:2] + " download" + tag[2:]

    return LINK.sub(mark, html)


# ---------------------------------------------------------------- the site's own source

SOURCE_ARCHIVE = "source.zip"
# Never in the archive, whether git lists the files or a walk finds them.
GENERATED_DIRS = {".git", ".venv", "venv", "site", "test-artifacts", "__pycache__", ".pytest_cache",
                  ".hypothesis", ".cache", ".mypy_cache", ".ruff_cache", ".ipynb_checkpoints",
                  ".lock-venv", "node_modules"}
GENERATED_SUFFIXES = (".pyc", ".pyo", ".egg-info")


def repository_url(env=os.environ):
    """The source repository's web address, or None when it cannot be known."""
    if env.get("REPO_URL"):
        return env["REPO_URL"].rstrip("/")
    if env.get("GITHUB_SERVER_URL") and env.get("GITHUB_REPOSITORY"):
        return f"{env['GITHUB_SERVER_URL'].rstrip('/')}/{env['GITHUB_REPOSITORY']}"
    try:
        remote = subprocess.run(["git", "remote", "get-url", "origin"], cwd=ROOT,
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    url = remote.stdout.strip()
    if remote.returncode != 0 or not url:
        return None
    ssh = re.fullmatch(r"(?:ssh://)?git@([^:/]+)[:/](.+?)(?:\.git)?/?", url)
    if ssh:  # git@github.com:owner/name.git -> https://github.com/owner/name
        return f"https://{ssh.group(1)}/{ssh.group(2)}"
    if url.startswith(("https://", "http://")):
        parts = urlparse(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")  # drop any user:token@
        return f"{parts.scheme}://{host}{re.sub(r'[.]git/?$', '', parts.path)}"
    return None  # a local path or an unknown scheme: nothing a reader can open


def is_generated(relative):
    parts = Path(relative).parts
    return any(part in GENERATED_DIRS or part.endswith(GENERATED_SUFFIXES) for part in parts)


def source_files(exclude=()):
    """The repository's files (relative POSIX paths): those git tracks, plus new
    files it does not ignore; without git, a walk that skips what is generated."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=ROOT, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        listed = None
    if listed is not None and listed.returncode == 0:
        names = [name for name in listed.stdout.decode().split("\0") if name]
    else:
        names = [path.relative_to(ROOT).as_posix() for path in ROOT.rglob("*") if path.is_file()]
    excluded = [Path(path).resolve() for path in exclude]
    keep = []
    for name in sorted(set(names)):
        path = ROOT / name
        if is_generated(name) or not path.is_file() or path.is_symlink():
            continue
        if any(path.resolve().is_relative_to(folder) for folder in excluded):
            continue
        keep.append(name)
    return keep


def source_archive(config):
    """The zip of the site's source, every entry under one folder, with fixed
    timestamps so the same tree gives the same bytes."""
    folder = (repository_url() or "").rstrip("/").rsplit("/", 1)[-1] or ROOT.name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source_files(exclude=[config.site_dir]):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if os.access(ROOT / name, os.X_OK) else 0o644) << 16
            archive.writestr(info, (ROOT / name).read_bytes())
    return buffer.getvalue()


def on_config(config):
    # For the footer partial (overrides/partials/copyright.html). Material's own
    # repo_url stays unset: its header widget would fetch api.github.com.
    config.extra["source_repository"] = repository_url()
    config.extra["source_archive"] = SOURCE_ARCHIVE
    notebook_cache(config.plugins["mkdocs-jupyter"].config)
    return config


def notebook_cache(jupyter):
    """mkdocs-jupyter's cache, in a folder named after what the notebook's run reads.

    Its own key is the notebook's text and its options; the notebook also
    imports snippets/*.py and runs on the pinned packages. Naming the folder
    after those too means a changed snippet or pin runs the notebook again.
    NOTEBOOK_CACHE=false runs it at every build regardless.
    """
    if os.environ.get("NOTEBOOK_CACHE", "true").lower() == "false":
        jupyter["cache"] = False
        return
    inputs = hashlib.sha256(sys.version.encode())
    for path in [ROOT / "requirements.txt", *sorted(SNIPPETS.glob("*.py"))]:
        inputs.update(path.name.encode() + b"\0" + path.read_bytes())
    jupyter["cache"] = True
    jupyter["cache_dir"] = str(ROOT / ".cache" / "mkdocs-jupyter" / inputs.hexdigest()[:16])


# ---------------------------------------------------------------- search: σ as well as \sigma

TEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ",
    "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ",
    "Omega": "Ω", "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "odot": "⊙",
    "otimes": "⊗", "cdot": "·", "times": "×", "top": "⊤", "pm": "±", "mp": "∓", "to": "→",
    "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "Longleftrightarrow": "⟺",
    "iff": "⟺", "approx": "≈", "neq": "≠", "ne": "≠", "le": "≤", "leq": "≤", "ge": "≥",
    "geq": "≥", "infty": "∞", "in": "∈", "sqrt": "√", "dots": "…", "ldots": "…", "cdots": "⋯",
    "ln": "ln", "log": "log", "exp": "exp", "max": "max", "min": "min",
}
# Macros that only shape the formula: dropped, their argument (if any) kept.
TEX_LAYOUT = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg|[bB]igl|[bB]igr|quad|qquad|displaystyle|"
                        r"mathbf|mathrm|mathsf|mathit|boldsymbol|text|operatorname|underbrace|overbrace|"
                        r"bar|hat|tilde|vec)(?![A-Za-z])|\\(?:begin|end)\{[^{}]*\}|\\[,;:! ]")
MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$|(?<![\\$])\$([^$<>\n]+?)\$", re.S)


def fraction_part(text):
    """A numerator or denominator, in parentheses unless it is one term."""
    text = text.strip()
    return text if re.fullmatch(r"[^\s+\-=·×,]+", text) else f"({text})"


def tex_to_unicode(tex):
    """A plain-text reading of a TeX formula for the search index:
    \\frac{\\partial J}{\\partial w} -> ∂J/∂w, \\sigma'(z) -> σ′(z)."""
    text = TEX_LAYOUT.sub(" ", tex.replace("\\\\", " "))
    text = re.sub(r"\\(?!d?t?frac\b)([A-Za-z]+)\s*", lambda m: TEX_SYMBOLS.get(m.group(1), m.group(1)), text)
    for _ in range(20):  # innermost braces first: \\frac{a}{b} -> a/b, any other {a} -> a
        before = text
        text = re.sub(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}",
                      lambda m: f"{fraction_part(m.group(1))}/{fraction_part(m.group(2))}", text)
        text = re.sub(r"(?<![}a-z])\{([^{}]*)\}", r"\1", text)
        if text == before:
            break
    text = re.sub(r"[{}]", "", text).replace("'", "′").replace("&amp;", " ")
    return re.sub(r"\s+", " ", text).strip()


def search_text(html):
    """Each formula read as Unicode, the TeX kept beside it in a hidden span
    (searchable, not shown in the result's preview)."""
    def replace(match):
        tex = next(group for group in match.groups() if group is not None)
        return f'{tex_to_unicode(tex)}<span hidden>{match.group(0)}</span>'

    return MATH.sub(replace, html)


# Material's default separator for English is whitespace and hyphens; TeX's
# punctuation (\ { } ( ) ^ _ ' / = , and the like) must split words too, so
# that the hidden TeX \(\sigma'(z)\) yields "sigma" and the reading σ′(z) yields "σ′".
SEARCH_SEPARATOR = r"""[\s\-,;:!?=|/\\(){}\[\]^_'"“”]+|\.(?!\d)"""


def on_post_build(config):
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if not index_path.exists():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    index["config"]["separator"] = SEARCH_SEPARATOR
    for doc in index["docs"]:
        for field in ("title", "text"):
            if doc.get(field):
                doc[field] = search_text(doc[field])
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
