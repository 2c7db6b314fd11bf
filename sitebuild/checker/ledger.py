"""The ledger page, docs/measured/checked-equations.md (included by
docs/checked.md), and the summary the home page and About include,
docs/measured/checked-summary.md: per page, how many display equations are
checked, generated or only stated, how many inline results are checked, and
which tests do it; then, folded, every equation and inline result with its
test or the reason none reads it; and the sentences bound to recorded outputs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import definitions
from .check import inline_status
from .inline import BOUND, FALSE, NAMES, WHERE
from sitebuild import sources
from sitebuild.equations import CLASSES, DOCS, inline_results, nav_pages, page_equations, page_title
from sitebuild.sources import KIT_TESTS, TESTS

LEDGER = DOCS / "measured" / "checked-equations.md"
SUMMARY = DOCS / "measured" / "checked-summary.md"
INLINE_TEST = "tests/site/test_equations.py::test_inline_results_hold"
STATED = ("definition", "notation")


def prose_claims():
    """Tests whose docstring starts "The page:": (test file, test name, docstring)."""
    import ast

    claims = []
    for path in sorted(TESTS.glob("*/test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                doc = ast.get_docstring(node) or ""
                if doc.startswith("The page:"):
                    claims.append((path.name, node.name, " ".join(doc.split())))
    return claims


def test_id(equation):
    return f"tests/site/test_equations.py::test_checked_equation_holds[{equation.page[:-3]}#{equation.slug}]"


@dataclass
class PageCount:
    """What the ledger counts on one page."""
    page: str
    equations: list
    inline: list  # (line, tex, status)
    kinds: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)

    @property
    def results(self):
        """Inline spans that state a result (not those that name something or quote)."""
        return [item for item in self.inline if item[2] != "names"]

    @property
    def results_checked(self):
        return sum(status in ("checked", "bound", "false as quoted") for _, _, status in self.results)

    def tests(self):
        """The test files that check something on this page."""
        files = set()
        if self.kinds["checked"] or self.statuses["checked"] or self.statuses["false as quoted"]:
            files.add("test_equations.py")
        if self.kinds["generated"]:
            files |= {f"test_{self.page[:-3].replace('-', '_')}.py", "test_snippets.py"}
        files |= {BOUND[(self.page, tex)].split("::")[0].split("/")[-1]
                  for _, tex, status in self.inline if status == "bound"}
        own = f"test_{self.page[:-3].replace('-', '_')}.py"
        if (KIT_TESTS / own).exists():
            files.add(own)
        return sorted(files)


def counts():
    """A PageCount for every page with equations or inline results, in nav order."""
    found = []
    for page in nav_pages():
        equations = page_equations(page)
        inline = [(line, tex, inline_status(page, tex)) for line, tex in inline_results(page)]
        if equations or inline:
            found.append(PageCount(page, equations, inline, Counter(e.kind for e in equations),
                                   Counter(status for _, _, status in inline)))
    return found


@dataclass
class Totals:
    checked: int
    generated: int
    stated: int
    stated_read: int  # definitions a test compares with the code that computes them
    results: int
    results_checked: int
    sympy: int
    bound: int
    quoted_false: int
    unread: int
    names: int

    @property
    def display(self):
        return self.checked + self.generated + self.stated


def totals(pages=None):
    pages = counts() if pages is None else pages

    def total(get):
        return sum(get(p) for p in pages)

    return Totals(
        checked=total(lambda p: p.kinds["checked"]), generated=total(lambda p: p.kinds["generated"]),
        stated=total(lambda p: sum(p.kinds[k] for k in STATED)),
        stated_read=total(lambda p: sum((p.page, e.slug) in definitions.READ for e in p.equations
                                        if e.kind in STATED)),
        results=total(lambda p: len(p.results)), results_checked=total(lambda p: p.results_checked),
        sympy=total(lambda p: p.statuses["checked"]), bound=total(lambda p: p.statuses["bound"]),
        quoted_false=total(lambda p: p.statuses["false as quoted"]),
        unread=total(lambda p: p.statuses["unread"] + p.statuses["fails"]), names=total(lambda p: p.statuses["names"]))


def plural(count, one, many=None):
    return f"{count} {one if count == 1 else (many or one + 's')}"


def summary(t=None):
    """The sentences docs/index.md, docs/about.md and docs/checked.md include: what the ledger counts."""
    t = totals() if t is None else t
    display = (f"Of the {t.display} equations the pages display, {t.checked} are checked as written with SymPy "
               f"and {t.generated} are printed by a snippet and compared with a fresh run; "
               f"{plural(t.stated, 'is a definition or notation', 'are definitions or notation')}, "
               "stated, not derived")
    if t.stated_read:
        display += (f": for {t.stated_read} of them a test checks that the code computes what they define, "
                    f"and {t.stated - t.stated_read} {'is' if t.stated - t.stated_read == 1 else 'are'} "
                    "read by no test.")
    else:
        display += ", and read by no test."
    how = [f"{t.sympy} as written with SymPy"]
    if t.bound:
        how.append(f"{t.bound} by a test of {'its' if t.bound == 1 else 'their'} own")
    if t.quoted_false:
        how.append(f"{plural(t.quoted_false, 'quoted slip')} found false")
    if t.unread:
        inline = (f"Of the {t.results} results stated inline, {t.results_checked} are checked "
                  f"({', '.join(how)}); {t.unread} {'is' if t.unread == 1 else 'are'} read by no test yet.")
    else:
        inline = f"Every one of the {t.results} results stated inline is checked ({', '.join(how)})."
    return display + "\n" + inline + "\n"


def nav_label(page):
    """The page's name in the navigation (shorter than its title), or its title."""
    return next((label for label, path in sources.nav() if path == page and label), None) or page_title(page)


def display_cell(kinds):
    """'22 checked, 6 generated, 2 notation': the display equations of each class present."""
    names = {"checked": "checked", "generated": "generated", "definition": "definitions", "notation": "notation"}
    return ", ".join(f"{kinds[kind]} {name}" for kind, name in names.items() if kinds[kind]) or "no display equation"


def wrappable(name):
    """A file name in code that may break after each underscore (<wbr> adds no character when copied)."""
    return f"<code>{name.replace('_', '_<wbr>')}</code>"


def inline_cell(checked, results):
    return f"inline: {checked} of {results} checked" if results else "no inline result"


def table(pages, t):
    """One row per page, two columns so that it fits a phone (the test files wrap)."""
    rows = ["| page, and the tests that check it | display equations; inline results |", "| --- | --- |"]
    for p in pages:
        tests = ", ".join(wrappable(name) for name in p.tests()) or "no test"
        rows.append(f"| [{nav_label(p.page)}]({p.page})<br>{tests} "
                    f"| {display_cell(p.kinds)};<br>{inline_cell(p.results_checked, len(p.results))} |")
    every = sum((p.kinds for p in pages), Counter())
    rows.append(f"| **all pages** | **{display_cell(every)};<br>{inline_cell(t.results_checked, t.results)}** |")
    return rows


def how_inline(page, tex, status):
    if status == "checked":
        where = WHERE.get((page, tex))
        return f"checked as written{f' (reading `{where}`)' if where else ''}: `{INLINE_TEST}`"
    if status == "bound":
        return f"checked by `{BOUND[(page, tex)]}`"
    if status == "false as quoted":
        return f"false on purpose ({FALSE[(page, tex)]}), checked to be false by `{INLINE_TEST}`"
    if status == "names":
        return f"not a result: {NAMES[(page, tex)]}"
    return "read by no test yet" if status == "unread" else "FAILS its check"


def page_details(p):
    """The folded block of one page: its display equations, then its inline spans."""
    title = (f'??? note "{page_title(p.page)} — {plural(len(p.equations), "display equation")}, '
             f'{plural(len(p.inline), "inline span")} with ="')
    lines = [title, ""]
    for equation in p.equations:
        if equation.kind == "checked":
            how = f"checked as written: `{test_id(equation)}`"
        elif equation.kind == "generated":
            how = (f"generated, {equation.reason}; compared with a fresh run by "
                   f"`tests/test_{p.page[:-3].replace('-', '_')}.py` and shown on the page "
                   "(`tests/site/test_snippets.py`)")
        elif (p.page, equation.slug) in definitions.READ:
            how = (f"{equation.kind}: {equation.reason}; the code computes it as written: "
                   f"`{definitions.test_id(p.page, equation.slug)}`")
        else:
            how = f"{equation.kind}, stated and read by no test: {equation.reason}"
        lines += [f"    **[({equation.number})]({p.page}#{equation.anchor})** `{equation.slug}` — {how}", "",
                  "    $$", *(f"    {row}" for row in equation.tex.splitlines()), "    $$", ""]
    if p.inline:
        lines += ["    Inline spans with `=`, in reading order:", ""]
        # A long inline formula scrolls in its own box (layout.css), not the whole page on a phone.
        lines += [f'    - <span class="ledger-formula">\\({tex}\\)</span>: {how_inline(p.page, tex, status)}'
                  for _, tex, status in p.inline]
        lines.append("")
    return lines


def ledger():
    """The Markdown of docs/measured/checked-equations.md."""
    pages = counts()
    t = totals(pages)
    head = [
        "<!-- Generated by `python -m sitebuild.checker --write-ledger` (or `make equations`); "
        "tests/site/test_equations.py fails when it is stale. -->",
        "",
        *summary(t).splitlines(),
        "",
        *table(pages, t),
        "",
        "Display equations, by class: **checked** as written (every `=` verified with SymPy under the page's "
        "definitions), **generated** by a snippet (numbers compared with a fresh run), **definitions** and "
        "**notation** (stated with their reason, not derived; a test compares a definition with the code "
        "that computes it where the list below says so).",
        "The tests are files under `tests/`.",
        "",
        "An inline result is a span of inline math with an `=` and something on both sides that is not a "
        "definition (`:=`, `=:`), an Iverson bracket, a statement about shapes (with ×), a sum's limit, "
        "or a symbol given a number such as \\(h = 10^{-6}\\).",
        f"{plural(t.names, 'span')} that give something a name or quote another text are listed below "
        "with the reason, and not counted as results.",
        "",
        "## Every equation and its test",
        "",
        "Open a page's block to see each of its equations with the test that checks it, or why none does.",
        "",
    ]
    sections = [line for p in pages for line in page_details(p)]
    claims = prose_claims()
    tail = ["## Sentences bound to recorded outputs", "",
            "Each sentence below says what a recorded output shows; the test named beside it reads that output.", ""]
    tail += [f"- `tests/{file}::{name}`: {doc[len('The page:'):].strip()}" for file, name, doc in claims]
    assert not set(CLASSES) - {"checked", "generated", *STATED}
    return "\n".join(head + sections + tail) + "\n"


def write_ledger():
    """Write docs/measured/checked-equations.md and checked-summary.md; returns the ledger's path."""
    LEDGER.write_text(ledger(), encoding="utf-8")
    SUMMARY.write_text(summary(), encoding="utf-8")
    return LEDGER
