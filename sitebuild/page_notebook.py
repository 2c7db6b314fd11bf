"""A page as a notebook a student can study from: kits/<page>.ipynb.

The notebook reads as the page reads, in a notebook's own terms:

- prose as Markdown cells, Python blocks as code cells, in page order; the
  recorded outputs are left out (running the cells prints them);
- includes resolved (the worked example's equations, measured tables), attribute
  lists, HTML comments and the page's data scripts dropped, admonitions and tabs
  as a bold title over their text, figures as images in cells of their own;
- the explorer, which needs the site's JavaScript, as a table of what it shows
  at the worked example (its recorded snippets/explorer.json);
- each exercise with its given data in its cell (what docs/javascripts/exercises.js
  shows on the page, from snippets/exercises.json), then an empty code cell for
  the student's work; the solutions, with the answers the page fills in, at the
  end under "Solutions", each closed in an HTML <details> element, so a student
  meets them only when asking for them: it stays closed when the cells run
  (JupyterLab drops a Markdown cell's source_hidden when the cell is run);
- sentences about what only the site has (blocks folded in a box, the explorer's
  controls) said as a notebook has it.

Cell ids are their positions, so the same page always gives the same bytes.
"""

import base64
import json
import re
from typing import NamedTuple

from sitebuild.steps import checked_by
from sitebuild.sources import DOCS, FENCE, INCLUDE, Block, blocks, included

CONTAINER = re.compile(r'^(?P<marker>\?\?\?\+?|!!!|===)\s*(?P<kind>[\w-]+)?\s*(?:"(?P<title>[^"]*)")?\s*$')
EXERCISE_BOX = re.compile(r'<div class="exercise" data-exercise="(?P<id>[^"]+)"></div>')
ANSWER_SPAN = re.compile(r'<span class="exercise-answer" data-exercise="(?P<id>[^"]+)"></span>')
ATTRIBUTE_LIST = re.compile(r"\s*\{:?\s*[#.][A-Za-z][\w-]*(?:\s+(?:[#.][A-Za-z][\w-]*|[\w-]+=\"[^\"]*\"))*\s*\}")
FIGURE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>figures/[\w.-]+\.svg)\)")
# The page's sentence about the answer box, and what a notebook says instead.
CHECK_BOX = re.compile(r"press Check")
NOTEBOOK_EXERCISES = ("In this notebook, work each exercise in the empty code cell under it "
                      "(run the cells above it first: they define the page's functions and numbers); "
                      "the solutions are at the end, under Solutions.")
SOLUTIONS_INTRO = ("Each solution is closed under its exercise's title: click **Solution** to open it. "
                   "It stays closed when you run the cells, and it comes after all the questions.")
# The page's words for what a notebook does not have: boxes folded shut, the explorer's controls.
SITE_ONLY = (
    (re.compile(r"What it prints, with the lines that print it folded:"), "The lines that print it:"),
    (re.compile(r"\s*\(folded\)"), ""),
    (re.compile(r"\bis folded here"), "is in the cells below"),
    (re.compile(r"\bfolded (?:here|below)"), "in the cells below"),
)
EXPLORER_INTRO = ("On the site this section is an interactive explorer: change any input there and every number "
                  "follows. Here are its starting numbers, at the 2-2-2 page's worked example (one example; two "
                  "inputs, two hidden units, two outputs):")


class Box(NamedTuple):
    """An admonition (!!!, ???) or a tab (===) and what it holds."""
    kind: str
    title: str
    items: list


class Explorer(NamedTuple):
    data: dict  # the explorer's recorded start values (snippets/explorer.json), or None
    layer: str  # the layer it is about: "out", or its data-layer ("hidden")


class Cell(NamedTuple):
    kind: str          # "markdown" or "code"
    source: str
    tags: tuple = ()   # "exercise", "your-work", "solution"


# ------------------------------------------------------------------ reading the page

def _block_end(numbered, k):
    """The index after the fenced block that opens at numbered[k]."""
    fence = FENCE.match(numbered[k][1])["fence"]
    k += 1
    while not ((match := FENCE.match(numbered[k][1])) and match["fence"] == fence
               and not match["info"].strip()):
        k += 1
    return k + 1


def _box(numbered, k, shown):
    """(Box, index after it): an admonition or tab at numbered[k], its indented body parsed."""
    header, end = CONTAINER.match(numbered[k][1]), k + 1
    while end < len(numbered) and (not numbered[end][1].strip() or numbered[end][1].startswith("    ")):
        end += 1
    body = [(number, text[4:]) for number, text in numbered[k + 1:end]]
    title = header["title"] if header["title"] is not None else (header["kind"] or "").capitalize()
    return Box(header["kind"] or "tab", title, _parse(body, shown)), end


def _widget(numbered, k):
    """(Explorer or None, index after it): the explorer's <div> or a data <script> at numbered[k]."""
    line = numbered[k][1]
    closing = "</div>" if line.startswith("<div") else "</script>"
    end = next(j for j in range(k, len(numbered)) if numbered[j][1].strip().endswith(closing)) + 1
    if closing == "</script>":
        return None, end  # the page's data for its JavaScript
    found = [match for _, text in numbered[k:end] if (match := INCLUDE.match(text))]
    data = json.loads(included(found[0]["file"], found[0]["section"])) if found else None
    layer = re.search(r'data-layer="([\w-]+)"', line)
    return Explorer(data if data and {"inputs", "shown"} <= set(data) else None, layer[1] if layer else "out"), end


def _parse(numbered, shown):
    """(line number or None, text) pairs -> items: text lines, Blocks, Boxes, Explorers."""
    items, k = [], 0
    while k < len(numbered):
        number, line = numbered[k]
        if number in shown:  # a fenced block opens here: the block itself, includes resolved
            items.append(shown[number])
            k = _block_end(numbered, k)
        elif CONTAINER.match(line):
            box, k = _box(numbered, k, shown)
            items.append(box)
        elif line.startswith('<div class="explorer"') or line.strip().startswith("<script"):
            widget, k = _widget(numbered, k)
            items += [widget] if widget else []
        elif include := INCLUDE.match(line):
            text = included(include["file"], include["section"])
            items += _parse([(None, text_line) for text_line in text.splitlines()], shown)
            k += 1
        else:
            items.append(line)
            k += 1
    return items


def page_items(page):
    """The page's Markdown read into items, with its build-time markers expanded."""
    text = checked_by.expand((DOCS / page).read_text(encoding="utf-8"), page)
    shown = {block.line: block for block in blocks(page)}
    return _parse(list(enumerate(text.splitlines(), 1)), shown)


# ------------------------------------------------------------------ what the page's JavaScript shows

def _number(value, given=False):
    """A number as exercises.js prints it: given data to 4 decimals, trailing zeros dropped;
    an answer with 4 decimals (a whole number as it is); a minus sign, not a hyphen."""
    if given:
        text = f"{round(value, 4):.4f}".rstrip("0").rstrip(".")
    else:
        text = str(int(value)) if float(value).is_integer() else f"{value:.4f}"
    return "0" if text == "-0" else text.replace("-", "\u2212")


def shown_value(value, given=False):
    """A number, or a matrix as its rows in brackets, as exercises.js shows it."""
    matrix = value if isinstance(value, list) else [[value]]
    if len(matrix) == 1 and len(matrix[0]) == 1:
        return _number(matrix[0][0], given)
    return " ".join("[" + ", ".join(_number(v, given) for v in row) + "]" for row in matrix)


def given_text(exercise):
    """The exercise's data as the page shows it under the question ("Given: y = [0.9, 0.1]."), or ""."""
    given = exercise["given"]
    if not given:
        return ""
    return "Given: " + "; ".join(f"{name} = {value if isinstance(value, str) else shown_value(value, True)}"
                                 for name, value in given.items()) + "."


def exercises():
    return json.loads(included("exercises.json"))["exercises"]


# ------------------------------------------------------------------ Markdown a notebook renders

def markdown_for_notebook(text):
    """A stretch of page Markdown as a notebook renders it: nothing only MkDocs or the site's JS can show."""
    data = exercises()
    text = re.sub(r"<!--.*?-->\n?", "", text, flags=re.S)
    for pattern, replacement in SITE_ONLY:
        text = pattern.sub(replacement, text)
    text = EXERCISE_BOX.sub(lambda m: given_text(data[m["id"]]), text)
    text = ANSWER_SPAN.sub(lambda m: shown_value(data[m["id"]]["answer"]), text)
    text = ATTRIBUTE_LIST.sub("", text)
    text = re.sub(r"!\[([^\]]*)\]\((?!data:)[^)]*\)", r"*Figure: \1*", text)  # one inside a sentence
    text = re.sub(r"(?<!!)\[([^\]]+)\]\((?!https?:)[^)]*\)", r"\1", text)  # links into the site: their text
    text = re.sub(r'<a href="(?!https?:)[^"]*">(.*?)</a>', r"\1", text)  # a raw one (the PDF's) likewise
    return re.sub(r"\\\((.+?)\\\)", r"$\1$", text)


def figure_markdown(alt, src):
    """A site figure as an image a notebook shows: the SVG as a data URI (JupyterLab renders no SVG attachment)."""
    svg = (DOCS / src).read_text(encoding="utf-8")
    # The site draws its figures on the page's background; a notebook's may be dark.
    svg = re.sub(r"(<svg\b[^>]*>)", r'\1<rect width="100%" height="100%" fill="#ffffff"/>', svg, count=1)
    return f"![{alt}](data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()})"


# ------------------------------------------------------------------ the explorer, as numbers

EXPLORER_LABELS = {
    "x": r"$x$", "W_h": r"$W^{(h)}$", "W_out": r"$W^{(out)}$", "y": r"$y$",
    "z_h": r"$z^{(h)} = x W^{(h)}$", "a_h": r"$a^{(h)} = \sigma(z^{(h)})$",
    "z_out": r"$z^{(out)} = a^{(h)} W^{(out)}$", "a_out": r"$a^{(out)} = \sigma(z^{(out)})$", "J": r"$J$",
    "dJ_da": r"$\partial J / \partial a_j^{(out)}$, for $j = 1, 2$",
    "da_dz": r"$a_j^{(out)}(1 - a_j^{(out)})$",
    "product": r"their product",
    "a_minus_y": r"$a_j^{(out)} - y_j$",
    "delta_out": r"$\delta^{(out)} = a^{(out)} - y$",
    "chain": (r"the four chain-rule products $\partial J / \partial a_j^{(out)} \cdot a_j^{(out)}(1 - a_j^{(out)})"
              r" \cdot a_i^{(h)}$, entry $(i, j)$"),
    "grad": r"$\partial J / \partial W^{(out)} = (a^{(h)})^T \delta^{(out)}$, entry $(i, j)$",
    "terms": r"$\delta_j^{(out)} w_{i,j}^{(out)}$, entry $(i, j)$",
    "dJ_da_h": r"$\partial J / \partial a_i^{(h)} = \sum_j \delta_j^{(out)} w_{i,j}^{(out)}$",
    "da_dz_h": r"$a_i^{(h)}(1 - a_i^{(h)})$",
    "paths": (r"the paths of $w_{l,i}^{(h)}$, one per output: $\delta_j^{(out)} w_{i,j}^{(out)} \cdot"
              r" a_i^{(h)}(1 - a_i^{(h)}) \cdot x_l$, for $l$, then $i$, then $j$"),
    "delta_h": r"$\delta^{(h)}$", "grad_W_h": r"$\partial J / \partial W^{(h)} = x^T \delta^{(h)}$, entry $(l, i)$",
}


# What each explorer shows, in its order: the output layer's (the 2-2-2 page), the hidden layer's.
EXPLORER_VIEWS = {
    "out": ("z_h", "a_h", "z_out", "a_out", "J", "dJ_da", "da_dz", "product", "a_minus_y", "delta_out",
            "chain", "grad"),
    "hidden": ("z_h", "a_h", "z_out", "a_out", "J", "delta_out", "terms", "dJ_da_h", "da_dz_h", "delta_h",
               "paths", "grad_W_h"),
}


def _bracketed(value):
    """A shown entry, or nested lists of them, in brackets: ["0.1", "−0.2"] -> "[0.1, −0.2]"."""
    return value if isinstance(value, str) else "[" + ", ".join(map(_bracketed, value)) + "]"


def _row(name, text):
    return f"| {EXPLORER_LABELS.get(name, f'`{name}`')} | {text} |"


def explorer_markdown(data, layer="out"):
    """What the explorer shows at the worked example, as a table (rows of a matrix in brackets)."""
    if data is None:
        return "On the site this section is an interactive explorer; it needs the site's JavaScript."
    inputs = [_row(name, shown_value(value, given=True)) for name, value in data["inputs"].items()]
    view = [name for name in EXPLORER_VIEWS.get(layer, data["shown"]) if name in data["shown"]]
    shown = [_row(name, " ".join(map(_bracketed, value)) if isinstance(value, list) else value)
             for name, value in ((name, data["shown"][name]) for name in view)]
    return "\n".join([
        EXPLORER_INTRO,
        "", "| input | value |", "| --- | --- |", *inputs, "",
        "and shows, rounded as it rounds them:",
        "", "| quantity | at the worked example |", "| --- | --- |", *shown,
    ])


# ------------------------------------------------------------------ cells

class _Writer:
    """Collects prose into Markdown cells between code cells, and the solutions for the end."""

    def __init__(self):
        self.cells, self.solutions, self.prose = [], [], []

    def add(self, kind, source, tags=None):
        self.cells.append(Cell(kind, source, tags or ()))

    def flush(self, tags=None):
        text = re.sub(r"\n{3,}", "\n\n", markdown_for_notebook("\n".join(self.prose))).strip()
        self.prose = []
        if text:
            self.add("markdown", text, tags)

    def line(self, line):
        if CHECK_BOX.search(line):  # the page's answer boxes: a notebook has none
            return
        if figure := FIGURE.fullmatch(line.strip()):  # in a cell of its own: its source is long
            self.flush()
            self.add("markdown", figure_markdown(figure["alt"], figure["src"]))
            return
        self.prose.append(line)
        if line.strip() == "## Exercises":
            self.prose += ["", NOTEBOOK_EXERCISES]

    def items(self, items):
        for item in items:
            if isinstance(item, str):
                self.line(item)
            elif isinstance(item, Block):
                self.block(item)
            elif isinstance(item, Explorer):
                self._drop_paragraph()  # it says what the controls do: a notebook has none
                self.prose += ["", explorer_markdown(item.data, item.layer), ""]
            elif item.kind == "question" and item.title.startswith("Exercise"):
                self.exercise(item)
            else:
                self.prose += ["", f"**{item.title}**", ""]
                self.items(item.items)

    def _drop_paragraph(self):
        """Drop the prose since the last heading or blank line (the page's sentences about a widget)."""
        while self.prose and self.prose[-1].strip() == "":
            self.prose.pop()
        while self.prose and self.prose[-1].strip() and not self.prose[-1].startswith("#"):
            self.prose.pop()

    def block(self, block):
        self.flush()
        if block.language in ("python", "py"):
            self.add("code", block.code)
        elif not block.title.endswith(".out"):  # recorded outputs: running the cell prints them
            self.add("markdown", f"```{block.language}\n{block.code}\n```")

    def exercise(self, box):
        self.flush()
        solutions = [item for item in box.items if isinstance(item, Box) and item.title.startswith("Solution")]
        self.prose += [f"### {box.title}", ""]
        self.items([item for item in box.items if item not in solutions])
        if solutions:
            self.prose += ["", "*Its solution is at the end of the notebook.*"]
        self.flush(tags=("exercise",))
        self.add("code", "", tags=("your-work",))
        self.solutions.append((box.title, solutions))

    def solution_cells(self):
        if not any(solutions for _, solutions in self.solutions):
            return
        self.add("markdown", "## Solutions\n\n" + SOLUTIONS_INTRO)
        for title, solutions in self.solutions:
            for solution in solutions:
                self.cells.append(Cell("markdown", f"### {title}"))  # the title stays in sight
                self.items(solution.items)
                # Blank lines around the Markdown inside: CommonMark ends an HTML block at a blank line.
                self.prose = [f"<details>\n<summary>{solution.title}</summary>", "", *self.prose, "", "</details>"]
                self.flush(tags=("solution",))


def cells(page):
    """The page's cells in order: prose, code, each exercise and its work cell, then the solutions."""
    writer = _Writer()
    writer.items(page_items(page))
    writer.flush()
    writer.solution_cells()
    return [cell for cell in writer.cells if cell.source.strip() or "your-work" in cell.tags]


def number_cells(notebook):
    """Give each cell its position as its id ("cell-0", "cell-1", ...), in place.

    nbformat draws random ids; these keep the same source giving the same bytes
    (the page notebooks here, the notebook kits' .ipynb in kits.py)."""
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
    return notebook


def notebook(page):
    """The page as an nbformat v4 notebook (unexecuted), as JSON text."""
    import nbformat

    made = nbformat.v4.new_notebook()
    made.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    made.metadata["language_info"] = {"name": "python"}
    for cell in cells(page):
        new = nbformat.v4.new_code_cell if cell.kind == "code" else nbformat.v4.new_markdown_cell
        made.cells.append(new(cell.source))
        if cell.tags:
            made.cells[-1].metadata["tags"] = list(cell.tags)
    number_cells(made)
    nbformat.validate(made)
    return nbformat.writes(made) + "\n"
