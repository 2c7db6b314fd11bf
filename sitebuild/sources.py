"""The one reader of the site's sources: where they live, and what a page is made of.

Every other module (the build steps, the MkDocs adapter, the equation checker,
the kits, the tests) asks here for paths, a page's includes and their text, its
fenced code blocks, its title, the nav's order, and which snippets and tests
belong to a page.

Includes (`--8<-- "file.py:section"`) are resolved as pymdownx.snippets
resolves them in mkdocs.yml (snippets/ then docs/, section markers dropped, a
section dedented), so an include's text is what the built page shows.
"""

import ast
import functools
import importlib.util
import re
import textwrap
from pathlib import Path
from typing import NamedTuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS, SNIPPETS, TESTS = ROOT / "docs", ROOT / "snippets", ROOT / "tests"
# The test folders of tests/, one per kind: what a test needs is the folder it
# is in. tests/conftest.py marks each test with it; `make check` runs the fast
# two (kit, site), the kits carry kit/ and notebook/, `make mutate` runs kit/.
TEST_KINDS = {
    "kit": "NumPy and pytest alone (SymPy, Hypothesis where imported): a page's kit carries these",
    "notebook": "runs a notebook page as a script (minutes of training): its kit carries these",
    "site": "the site's machinery or its strict build, no browser",
    "browser": "the built site in Chromium",
    "reader": "a fresh Python as a reader's: pasted code, the kits in their venvs, notebooks in a kernel",
}
KIT_TESTS, NOTEBOOK_TESTS = TESTS / "kit", TESTS / "notebook"
MKDOCS_YML = ROOT / "mkdocs.yml"
# The same search order as pymdownx.snippets' base_path in mkdocs.yml.
BASES = (SNIPPETS, DOCS)
INCLUDE = re.compile(r'^\s*--8<--\s+"(?P<file>[^":]+)(?::(?P<section>[\w-]+))?"\s*$')
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)(?P<info>.*)$")
TITLE = re.compile(r'title="(?P<title>[^"]*)"')


def included(file, section=None):
    """The text an include stands for, as pymdownx.snippets gives it."""
    path = next((base / file for base in BASES if (base / file).exists()), None)
    if path is None:
        raise FileNotFoundError(f"{file} is in neither snippets/ nor docs/")
    text = path.read_text(encoding="utf-8")
    if not section:
        return section_markers().without_markers(text)
    try:
        found = section_markers().sections(text)
    except ValueError as error:
        raise ValueError(f"{file}: {error}") from None
    if section not in found:
        raise ValueError(f"{file} has no section {section}")
    return textwrap.dedent(found[section])


@functools.cache
def section_markers():
    """The markers' one reader, tests/kit/sections.py: the kits carry it, and no sitebuild."""
    return kit_support("sections")


def includes(text):
    """(file, section or None) of every include line in a page's Markdown, in order."""
    return [(match["file"], match["section"]) for match in map(INCLUDE.match, text.splitlines()) if match]


def markdown(page):
    """The Markdown source of docs/PAGE."""
    return (DOCS / page).read_text(encoding="utf-8")


def pages():
    """Every top-level Markdown page under docs/, by file name."""
    return sorted(path.name for path in DOCS.glob("*.md"))


def page_title(page):
    """The page's first level-1 heading, or its file name if it has none."""
    match = re.search(r"^# (.+)$", markdown(page), re.M)
    return match[1].strip() if match else page


class _AnyTagLoader(yaml.SafeLoader):
    """A YAML reader that takes a tag it does not know (mkdocs.yml's `!ENV`) as a plain value."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def nav():
    """[(label, docs path)] of mkdocs.yml's nav, sections flattened, in order."""
    config = yaml.load(MKDOCS_YML.read_text(encoding="utf-8"), Loader=_AnyTagLoader)

    def entries(items):
        for item in items:
            for label, target in (item.items() if isinstance(item, dict) else [(None, item)]):
                yield from entries(target) if isinstance(target, list) else [(label, target)]

    return list(entries(config.get("nav", [])))


def nav_pages():
    """The Markdown pages in the order of mkdocs.yml's nav, then any others."""
    listed = [path for _, path in nav() if path.endswith(".md")]
    every = pages()
    return [page for page in listed if page in every] + [page for page in every if page not in listed]


def page_snippets(page):
    """The stems of the snippets/*.py a page includes (the code it shows)."""
    return sorted({Path(file).stem for file, _ in includes(markdown(page))
                   if file.endswith(".py") and (SNIPPETS / file).exists()})


def tests_for(stems, candidates=None):
    """The test modules named after one of the snippets: test_<stem>.py and test_<stem>_*.py."""
    candidates = sorted(KIT_TESTS.glob("test_*.py")) if candidates is None else candidates
    return [path for path in candidates
            if any(path.stem == f"test_{stem}" or path.stem.startswith(f"test_{stem}_") for stem in stems)]


def page_tests(page):
    """The test modules that check a page: those named after the snippets it includes."""
    return tests_for(page_snippets(page))


def kit_support(name):
    """tests/kit/NAME.py, the kits' own test support, loaded from its file.

    Every kit carries it beside its tests, where pytest imports it by its bare
    name; it is not part of this package, so a tool that needs it loads it here.
    """
    spec = importlib.util.spec_from_file_location(f"kit_{name}", KIT_TESTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Block(NamedTuple):
    language: str  # "python", "text", ...
    title: str     # the block's title="…", or ""
    code: str      # what the copy button copies
    line: int      # where the fence opens in the page's Markdown


def blocks(page):
    """Every fenced code block of docs/PAGE, in page order, includes resolved."""
    found, fence = [], None
    for number, line in enumerate((DOCS / page).read_text(encoding="utf-8").splitlines(), 1):
        match = FENCE.match(line)
        if fence is None and match:
            info = match["info"].strip()
            title = TITLE.search(info)
            fence = dict(indent=len(match["indent"]), marker=match["fence"], language=(info.split() or [""])[0],
                         title=title["title"] if title else "", line=number, body=[])
        elif fence is not None and match and match["fence"] == fence["marker"] and not match["info"].strip():
            found.append(Block(fence["language"], fence["title"], "\n".join(fence["body"]).strip("\n"), fence["line"]))
            fence = None
        elif fence is not None:
            body = line[fence["indent"]:] if line[:fence["indent"]].strip() == "" else line
            include = INCLUDE.match(body)
            fence["body"].append(included(include["file"], include["section"]) if include else body)
    return found


def imports_of(path):
    """Top-level module names a Python file imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def snippet_closure(stems):
    """The given snippet stems and every snippet they import, transitively."""
    found, todo = set(), list(stems)
    while todo:
        stem = todo.pop()
        if stem in found or not (SNIPPETS / f"{stem}.py").exists():
            continue
        found.add(stem)
        todo += [name for name in imports_of(SNIPPETS / f"{stem}.py") if (SNIPPETS / f"{name}.py").exists()]
    return found
