"""The equation reader: a page's equations read from its source, display
blocks with their numbers, slugs and classes, inline spans that state a
result, and the Markdown numbered for the build (steps/number_equations.py).
No SymPy: the checker (sitebuild/checker/) reads the pages through this."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitebuild import sources  # sitebuild/sources.py: the pages, their includes and titles, read in one place
from sitebuild.sources import DOCS, MKDOCS_YML, ROOT  # noqa: F401  (ROOT, MKDOCS_YML: re-exported)

CLASSES = ("checked", "generated", "definition", "notation")
ANNOTATION = re.compile(r"^\s*<!--\s*eq:\s*(?P<slug>[a-z0-9-]+)\s*\|\s*(?P<body>.*?)\s*-->\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class Equation:
    page: str
    number: int
    slug: str
    kind: str  # one of CLASSES, or "" when the annotation is missing
    reason: str
    where: str
    tex: str
    line: int
    origin: str = ""  # "file:section" for an included (generated) equation

    @property
    def anchor(self):
        return f"eq-{self.slug}"


def expanded_lines(text):
    """The page's lines with its Markdown (.md) includes expanded: (line, origin, source line number)."""
    out, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
        match = None if fenced else sources.INCLUDE.match(line)
        if match and match["file"].endswith(".md"):
            origin = f'{match["file"]}:{match["section"] or ""}'
            indent = line[:len(line) - len(line.lstrip())]
            for included in sources.included(match["file"], match["section"]).splitlines():
                out.append((indent + included if included.strip() else "", origin, number))
        else:
            out.append((line, "", number))
    return out


def page_equations(page, text=None):
    """Every display equation of docs/PAGE, numbered in reading order."""
    page = Path(page).name
    if text is None:
        text = (DOCS / page).read_text(encoding="utf-8")
    lines = expanded_lines(text)
    equations, fenced, position = [], False, 0
    generated_counts = {}
    while position < len(lines):
        line, origin, number = lines[position]
        if FENCE.match(line):
            fenced = not fenced
        if fenced or line.strip() != "$$":
            position += 1
            continue
        end = position + 1
        while lines[end][0].strip() != "$$":
            end += 1
        tex = "\n".join(l.strip() for l, _, _ in lines[position + 1:end])
        previous = next((l for l, _, _ in reversed(lines[:position]) if l.strip()), "")
        annotation = ANNOTATION.match(previous)
        kind = reason = where = ""
        if origin:
            stem = origin.split(".")[0].replace("_", "-")
            section = origin.split(":")[1]
            generated_counts[origin] = generated_counts.get(origin, 0) + 1
            slug = f"{stem}-{section}-{generated_counts[origin]}"
            kind, reason = "generated", f"from snippets/{origin.split(':')[0]} [{section}]"
        elif annotation:
            slug = annotation["slug"]
            parts = [p.strip() for p in annotation["body"].split("|")]
            kind, _, reason = parts[0].partition(":")
            kind, reason = kind.strip(), reason.strip()
            where = next((p[len("where"):].strip() for p in parts[1:] if p.startswith("where")), "")
        else:
            slug = f"unannotated-{len(equations) + 1}"
        equations.append(Equation(page, len(equations) + 1, slug, kind, reason, where, tex, number, origin))
        position = end + 1
    return equations


def classification_problems(page, text=None):
    """What is wrong with the annotations of a page's display equations."""
    problems, seen = [], set()
    for equation in page_equations(page, text):
        where = f"{page} ({equation.number}), source line {equation.line}"
        if equation.kind not in CLASSES:
            problems.append(f"{where}: no class (write `<!-- eq: SLUG | CLASS -->` before its $$)"
                            if not equation.kind else f"{where}: unknown class {equation.kind!r}")
        if equation.kind == "generated" and not equation.origin:
            problems.append(f"{where}: only an included snippets/*.math.md equation is generated")
        if equation.kind in ("definition", "notation") and not equation.reason:
            problems.append(f"{where}: a {equation.kind} needs its reason, `{equation.kind}: why`")
        if equation.slug in seen:
            problems.append(f"{where}: the anchor eq-{equation.slug} is used twice")
        seen.add(equation.slug)
    return problems


def all_pages():
    """Every page but the ledger itself."""
    return [page for page in sources.pages() if page != "checked.md"]


INLINE = re.compile(r"\\\((.*?)\\\)", re.S)


def inline_spans(page):
    """Every inline \\( \\) span of a page outside code, with its line number."""
    spans, fenced = [], False
    for number, line in enumerate((DOCS / page).read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        line = re.sub(r"`[^`]*`", "", line)
        spans.extend((number, m.group(1)) for m in INLINE.finditer(line))
    return spans


def states_result(tex):
    """The counting rule: an inline span states a result if it has an `=` (not
    in a subscript such as a sum's limit) with something on both sides, is not a definition (:=, =:), not an Iverson
    bracket [j = j'], not a statement about shapes (with \\times), and does not
    merely give a symbol a value (n = 1, i' = i, h = 10^{-6}, y = 0)."""
    tex = re.sub(r"_\{[^{}]*\}", "_{}", tex)  # the = of a sum's limit, \sum_{k=1}, states nothing
    if "=" not in tex or ":=" in tex or "=:" in tex or "\\times" in tex or "\\neq" in tex:
        return False
    if re.fullmatch(r"\s*\[.*\]\s*", tex):
        return False
    parts = [p.strip() for p in tex.split("=")]
    if not all(parts):
        return False
    if re.fullmatch(r"(\\?[a-zA-Z]+'?)", parts[0]) and re.fullmatch(r"[-+]?(\\pm )?[\d./ ]+(\^\{-?\d+\})?|[a-z]'?", parts[1]):
        return False
    return True


def inline_results(page):
    return [(number, tex) for number, tex in inline_spans(page) if states_result(tex)]


def number_markdown(text, page):
    """The page's Markdown with its .md includes expanded, annotation comments
    removed and `\\tag{N}` added to every display equation; and its equations."""
    equations = page_equations(page, text)
    out, fenced, inside, count, closed = [], False, False, 0, False
    for line, _, _ in expanded_lines(text):
        if closed and line.strip():  # arithmatex needs a blank line after a display block
            out.append("")
        closed = False
        if FENCE.match(line):
            fenced = not fenced
        if not fenced and ANNOTATION.match(line):
            continue
        if not fenced and line.strip() == "$$":
            if inside:
                count += 1
                indent = line[: len(line) - len(line.lstrip())]
                out.append(f"{indent}\\tag{{{count}}}")
                closed = True
            inside = not inside
        out.append(line)
    if count != len(equations):
        raise ValueError(f"{page}: numbered {count} equations, read {len(equations)}")
    return "\n".join(out) + ("\n" if text.endswith("\n") else ""), equations


def nav_pages():
    """The pages with equations, in the order of mkdocs.yml's nav."""
    return [page for page in sources.nav_pages() if page in all_pages()]


def page_title(page):
    return sources.page_title(page)
