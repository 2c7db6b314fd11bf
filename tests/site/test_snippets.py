"""Site-wide checks of the snippets: recorded outputs, includes, coverage, downloads."""

import html
import re

import pytest

from generators import goldens
from sitebuild import sources
from sitebuild.steps import typeset_math
from sitebuild.local_site import page_html
from sitebuild.sources import SNIPPETS
from sitebuild.sources import DOCS, ROOT



def includes():
    """Every (page, snippet file, section or None) that the pages include."""
    return [(page.name, file, section)
            for page in sorted(DOCS.rglob("*.md"))
            for file, section in sources.includes(page.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("golden", goldens.goldens(), ids=lambda g: g.path.name)
def test_every_recorded_output_is_checked_by_a_test_module(golden):
    """Each page's test module reruns its scripts (so a page's kit checks them too)."""
    assert golden.path.exists(), f"no recorded output {golden.path.name}: run `make goldens`"
    call = re.compile(rf'assert_prints_recorded\("{re.escape(golden.script.name)}"')
    modules = [p for p in (ROOT / "tests").glob("*/test_*.py") if call.search(p.read_text(encoding="utf-8"))
               and f'"{golden.path.name}"' in p.read_text(encoding="utf-8")]
    assert modules, f"no test module checks {golden.path.name}"


@pytest.mark.parametrize("page, file, section", includes())
def test_every_include_resolves(page, file, section):
    # The same search order as pymdownx.snippets' base_path in mkdocs.yml.
    path = next((base / file for base in (SNIPPETS, DOCS) if (base / file).exists()), None)
    assert path, f"{page} includes {file}, which is in neither snippets/ nor docs/"
    if section:
        text = path.read_text(encoding="utf-8")
        for edge in ("start", "end"):
            assert f"--8<-- [{edge}:{section}]" in text, f"{page}: {file} has no [{edge}:{section}]"


# Kept off the pages on purpose: what the sections would otherwise start with.
# A page's prose links each (a kit box's list of files does not count).
LINKED_ONLY = {"checks.py"}


def test_every_snippet_is_included_by_some_page():
    included = {file for _, file, _ in includes()}
    snippet_files = {p.name for p in SNIPPETS.iterdir() if p.suffix in {".py", ".out", ".md", ".json"}}
    assert snippet_files - included == LINKED_ONLY


def test_the_snippets_kept_off_the_pages_are_linked_from_their_prose():
    prose = "\n".join(line for page in DOCS.glob("*.md")
                      for line in page.read_text(encoding="utf-8").splitlines()
                      if "The files one by one:" not in line)
    for name in LINKED_ONLY:
        assert f"](snippets/{name})" in prose, f"no page's prose links {name}"


def test_every_snippet_is_tested_by_some_test_module():
    tests = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("*/test_*.py"))
    untested = [p.name for p in SNIPPETS.glob("*.py")
                if not re.search(rf"^\s*(import|from) {p.stem}\b", tests, flags=re.M)]
    assert untested == []


def test_pages_that_show_snippet_code_link_to_the_whole_file():
    shown = {(page, file) for page, file, _ in includes() if file.endswith(".py")}
    missing = [f"{page} -> {file}" for page, file in sorted(shown)
               if f"](snippets/{file})" not in (DOCS / page).read_text(encoding="utf-8")]
    assert missing == []


def test_snippet_files_are_served_for_download(built_site):
    for script in SNIPPETS.glob("*.py"):
        served = built_site / "snippets" / script.name
        assert served.read_bytes() == script.read_bytes()


def blocks_on_page(built_site, page, pattern):
    """The text of every block matching `pattern` on a built page, tags stripped."""
    found = re.findall(pattern, page_html(built_site, page), flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in found]


def test_every_recorded_output_appears_on_its_built_page(built_site, typeset):
    """A recorded .out shows in a code block; every equation of a .math.md in a math block.

    The math is typeset at build: an equation is on the page when the page's
    MathML holds what MathJax makes of the recorded TeX."""
    shown = {(page, file) for page, file, _ in includes() if file.endswith((".out", ".math.md"))}
    assert shown
    equations_shown = {}
    for page, file in sorted(shown):
        recorded = (SNIPPETS / file).read_text(encoding="utf-8")
        if file.endswith(".out"):
            code = blocks_on_page(built_site, page, r"<pre[^>]*>(.*?)</pre>")
            assert any(recorded.strip() in text for text in code), f"{page} does not show {file}"
        else:
            math = re.findall(r'<div class="arithmatex">(.*?)</div>', page_html(built_site, page), re.S)
            equations_shown.setdefault(file, []).extend(typeset_math.mathml(block) for block in math)
    for file, math in equations_shown.items():
        equations = re.findall(r"\$\$\n(.*?)\n\$\$", (SNIPPETS / file).read_text(encoding="utf-8"), re.S)
        assert equations
        for equation in equations:
            said = typeset_math.mathml(typeset(equation)["html"])
            assert any(said in block for block in math if block), f"{file}: {equation[:60]}"


def test_every_exercise_is_on_a_page_with_a_solution_showing_its_answer():
    import exercises

    pages = {page.name: page.read_text(encoding="utf-8") for page in DOCS.glob("*.md")}
    for key in exercises.EXERCISES:
        on = [name for name, text in pages.items() if f'class="exercise" data-exercise="{key}"' in text]
        assert len(on) == 1, f"{key} is on {on}"
        assert f'class="exercise-answer" data-exercise="{key}"' in pages[on[0]], key
        assert '--8<-- "exercises.json"' in pages[on[0]], f"{on[0]} does not carry the answers"
