"""The site's equations, read from the page sources and checked with SymPy.

One module, used by the MkDocs hook (numbers and anchors), by the tests
(tests/test_equations.py) and by the edit measurement (tools/equation_edits.py):

- `page_equations(page)`: every display equation of a docs page, in reading
  order, with the `snippets/*.math.md` includes expanded, its number, its
  anchor slug and its class, from the annotation written before it:

      <!-- eq: chain-rule-products | checked -->
      <!-- eq: special-case | checked | where n = 1 -->
      <!-- eq: loss | definition: the loss the site uses -->
      <!-- eq: gradient-step | notation: what a step of gradient descent is -->

  An equation from a `*.math.md` include is `generated` (its numbers come
  from a snippet; its test compares it with a fresh run).
- `parse(tex)`: a small LaTeX reader of our own for the site's notation
  (subscripted and layered symbols, \\frac{\\partial J}{\\partial w_{i,j}^{(out)}},
  \\sum with limits, bmatrix, transposes, \\odot, \\underbrace with its shape
  label checked, aligned rows ...) into a syntax tree. SymPy's parse_latex is
  not used: it needs an extra package (lark or antlr), and the site's notation
  (layer labels, derivatives by indexed quantities, \\underbrace, bmatrix)
  would need this translation layer around it anyway.
- `check_tex(tex, page, where)`: every `=` of a display block, for every
  value of its free indices, evaluated under the page's definitions (a
  `Network` of small concrete sizes, PAGE_NETWORKS; `where` in the annotation
  reads a plain letter, sets a size or defines a small example) and compared at
  random rational points to 40 digits. A derivative by a quantity (∂J/∂a_j)
  holds that quantity as the variable and applies the chain rule through
  everything built from it.
- `inline_results(page)`, `check_inline`: the inline \\( \\) spans that state
  a result, and whether they hold.
- `ledger()`: docs/measured/checked-equations.md, included by docs/checked.md.

The notation lives in one place, SYMBOLS below: which letter, with which
superscript, names which quantity of the network.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import sympy as sp

import page_code  # the pages' includes, read in one place

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CLASSES = ("checked", "generated", "definition", "notation")
ANNOTATION = re.compile(r"^\s*<!--\s*eq:\s*(?P<slug>[a-z0-9-]+)\s*\|\s*(?P<body>.*?)\s*-->\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")

# ---------------------------------------------------------------------------
# The notation: letter (+ layer superscript) -> quantity. Entries are
# (name, index letters of an entry). Matrices are indexed from 1 as the pages
# count; a single index on a per-example quantity names an entry when the
# page has one example, and a row (example k) when the letter is k.
SYMBOLS = {
    ("x", None): ("X", "kl"), ("X", None): ("X", "kl"),
    ("w", "h"): ("W_h", "li"), ("W", "h"): ("W_h", "li"),
    ("z", "h"): ("Z_h", "ki"), ("Z", "h"): ("Z_h", "ki"),
    ("a", "h"): ("A_h", "ki"), ("A", "h"): ("A_h", "ki"),
    ("w", "out"): ("W_out", "ij"), ("W", "out"): ("W_out", "ij"),
    ("z", "out"): ("Z_out", "kj"), ("Z", "out"): ("Z_out", "kj"),
    ("a", "out"): ("A_out", "kj"), ("A", "out"): ("A_out", "kj"),
    ("y", None): ("Y", "kj"), ("Y", None): ("Y", "kj"),
    ("\\delta", "out"): ("delta_out", "kj"),
    ("\\delta", "h"): ("delta_h", "ki"),
    ("b", "out"): ("b_out", "1j"), ("b", "h"): ("b_h", "1i"),
    ("J", None): ("J", "kj"),  # J_{k,j}: one example's, one output's term
}
PER_EXAMPLE = {"X", "Z_h", "A_h", "Z_out", "A_out", "Y", "delta_out", "delta_h", "J"}
INDEX_LETTERS = {"k": "n", "l": "m", "i": "d", "j": "t"}


def sigmoid(z):
    return 1 / (1 + sp.exp(-z))


def cross_entropy(a, y):
    return -(y * sp.log(a) + (1 - y) * sp.log(1 - a))


class Network:
    """A sigmoid network of sizes n, m, d, t (no biases unless asked), as SymPy.

    Base symbols: x, w^(h), w^(out), y (and b). Every other quantity is a
    symbol of its own with a definition, so that a partial derivative by an
    intermediate quantity (∂J/∂a_j, ∂a_j/∂z_j) is the page's: the quantity is
    held as a variable, everything that depends on it is written out.
    """

    def __init__(self, n, m, d, t, loss="cross-entropy", biases=False, output="sigmoid", one_hot=False):
        self.sizes = dict(n=n, m=m, d=d, t=t)
        self.definitions = {}
        self._points = {}

        def matrix(name, rows, columns, real=True):
            return sp.Matrix(rows, columns, lambda r, c: sp.Symbol(f"{name}_{r + 1}{c + 1}", real=real))

        self.m = {}
        self.m["X"] = matrix("x", n, m)
        self.m["W_h"] = matrix("wh", m, d)
        self.m["W_out"] = matrix("wo", d, t)
        self.m["Y"] = matrix("y", n, t)
        self.m["b_h"] = matrix("bh", 1, d)
        self.m["b_out"] = matrix("bo", 1, t)
        ones = sp.ones(n, 1)
        for name, rows, columns in [("Z_h", n, d), ("A_h", n, d), ("Z_out", n, t), ("A_out", n, t),
                                    ("delta_out", n, t), ("delta_h", n, d), ("J", n, t)]:
            self.m[name] = matrix(name.lower().replace("_", ""), rows, columns)
        self.J = sp.Symbol("J_total")
        z_h = self.m["X"] * self.m["W_h"] + (ones * self.m["b_h"] if biases else sp.zeros(n, d))
        z_out = self.m["A_h"] * self.m["W_out"] + (ones * self.m["b_out"] if biases else sp.zeros(n, t))
        self._define("Z_h", z_h)
        self._define("A_h", self.m["Z_h"].applyfunc(sigmoid))
        self._define("Z_out", z_out)
        if output == "sigmoid":
            self._define("A_out", self.m["Z_out"].applyfunc(sigmoid))
        else:  # softmax over each row, S_k its denominator
            self.m["S"] = sp.Matrix(n, 1, lambda k, _: sp.Symbol(f"S_{k + 1}"))
            self._define("S", [sum(sp.exp(self.m["Z_out"][k, j]) for j in range(t)) for k in range(n)])
            self._define("A_out", sp.Matrix(n, t, lambda k, j: sp.exp(self.m["Z_out"][k, j]) / self.m["S"][k]))
        if one_hot:  # each row of Y sums to 1: its last entry is the rest
            for k in range(n):
                self.definitions[self.m["Y"][k, t - 1]] = 1 - sum(self.m["Y"][k, j] for j in range(t - 1))
        if loss == "categorical":
            terms = sp.Matrix(n, t, lambda k, j: -self.m["Y"][k, j] * sp.log(self.m["A_out"][k, j]))
        elif loss == "cross-entropy":
            terms = sp.Matrix(n, t, lambda k, j: cross_entropy(self.m["A_out"][k, j], self.m["Y"][k, j]))
        else:  # the squared error, halved
            terms = sp.Matrix(n, t, lambda k, j: (self.m["A_out"][k, j] - self.m["Y"][k, j]) ** 2 / 2)
        self._define("J", terms)
        self.definitions[self.J] = sum(self.m["J"])
        for k in range(n):
            for j in range(t):
                self.definitions[self.m["delta_out"][k, j]] = self.diff(self.J, self.m["Z_out"][k, j])
            for i in range(d):
                self.definitions[self.m["delta_h"][k, i]] = self.diff(self.J, self.m["Z_h"][k, i])

    def _define(self, name, values):
        for symbol, value in zip(self.m[name], values):
            self.definitions[symbol] = value

    @lru_cache(maxsize=None)
    def depends(self, symbol):
        """The base symbols and quantities `symbol` is built from, transitively."""
        if symbol not in self.definitions:
            return frozenset()
        direct = self.definitions[symbol].free_symbols
        return frozenset(direct).union(*(self.depends(s) for s in direct))

    def diff(self, expression, variable):
        """∂expression/∂variable, the variable held as independent: the chain rule
        through every quantity that is built from it (a quantity that is not
        stays fixed). The result keeps the intermediate quantities as symbols."""
        if not isinstance(variable, sp.Symbol):
            raise ValueError(f"cannot differentiate by {variable}")
        result = sp.diff(expression, variable)
        for symbol in expression.free_symbols:
            if symbol != variable and symbol in self.definitions and variable in self.depends(symbol):
                result += sp.diff(expression, symbol) * self._total(symbol, variable)
        return result

    @lru_cache(maxsize=None)
    def _total(self, symbol, variable):
        return self.diff(self.definitions[symbol], variable)

    def values(self, seed):
        """Every symbol's value at a random rational point of the base symbols (60 digits)."""
        if seed not in self._points:
            import random

            generator = random.Random(seed)
            base = set().union(*(m.free_symbols for m in self.m.values()),
                               *(v.free_symbols for v in self.definitions.values())) - set(self.definitions)
            point = {s: sp.Rational(generator.randint(-90, 90) or 1, 37) for s in sorted(base, key=str)}
            values = dict(point)

            def value(symbol):
                if symbol not in values:
                    definition = self.definitions[symbol]
                    values[symbol] = sp.N(definition.xreplace({s: value(s) for s in definition.free_symbols}), 60)
                return values[symbol]

            for symbol in list(self.definitions):
                value(symbol)
            self._points[seed] = values
        return self._points[seed]

    def numeric(self, expression, seed):
        values = self.values(seed)
        expression = sp.sympify(expression)
        for other in expression.free_symbols - set(values):  # a constant of the page: λ, η
            values[other] = sp.Rational((sum(map(ord, str(other))) + 7 * seed) % 17 + 3, 7)
        return sp.N(sp.sympify(expression).xreplace(values), 50)


# ---------------------------------------------------------------------------
# Pages: the definitions each page's equations are read under.

class Toy(Network):
    """Scalars defined in the annotation (`where f := u v, u := x^2`), for a small example."""

    def __init__(self, definitions):
        self.sizes, self.m, self._points, self.J = {}, {}, {}, None
        self.letters, self.definitions = {}, {}
        for name, tex in definitions:
            function = re.fullmatch(r"(\w)\((\w)\)", name)
            ctx = Context(self, {}, self.letters, free_letters=True)
            if function:  # f(a) := ...: a function of one variable
                argument = sp.Symbol(function[2], real=True)
                self.letters[function[2]] = argument
                self.letters[function[1]] = sp.Lambda(argument, evaluate_tex(tex, ctx, {}))
            else:
                self.letters[name] = sp.Symbol(name, real=True)
                self.definitions[self.letters[name]] = evaluate_tex(tex, ctx, {})

    def __hash__(self):
        return id(self)


@dataclass
class Context:
    network: Network
    aliases: dict = field(default_factory=dict)  # bare letter -> tex
    extra: dict = field(default_factory=dict)  # bare letter -> sympy (scalars of a toy example)
    layer: str | None = None  # the layer of a letter written without one
    free_letters: bool = False  # an unknown bare letter is a free scalar (small examples)

    @property
    def sizes(self):
        return self.network.sizes


@lru_cache(maxsize=None)
def network(n, m, d, t, **options):
    return Network(n, m, d, t, **options)


PAGE_NETWORKS = {
    "output-layer-2-2-2.md": dict(n=1, m=2, d=2, t=2),
    "output-layer-m-d-t.md": dict(n=2, m=2, d=3, t=4),
    "index.md": dict(n=2, m=2, d=3, t=4),
    "notation.md": dict(n=1, m=2, d=3, t=4),
    "sigma-prime.md": dict(n=2, m=2, d=3, t=4, loss="squared"),
    "hidden-layer.md": dict(n=2, m=3, d=4, t=2),
    "biases.md": dict(n=2, m=2, d=3, t=4, biases=True),
    "regularisation.md": dict(n=2, m=2, d=3, t=4, biases=True),
    "softmax.md": dict(n=2, m=2, d=3, t=4, output="softmax", loss="categorical", one_hot=True),
}


def context(page, where=""):
    options = dict(PAGE_NETWORKS.get(Path(page).name, dict(n=2, m=2, d=3, t=4)))
    aliases, toy, layer, free = {}, [], None, []
    for part in split_top(where, ","):
        if ":=" in part:
            name, _, value = part.partition(":=")
            toy.append((name.strip(), value.strip()))
            continue
        name, _, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if name in ("n", "m", "d", "t"):
            options[name] = int(value)
        elif name == "loss":
            options["loss"] = value
        elif name == "layer":
            layer = value
        elif name and value:
            aliases[name] = value
        elif name:  # a constant of the equation, any value: `where c`
            free.append(name)
    if free:
        net = network(**options)
        return Context(net, aliases, {f: sp.Symbol(f, real=True) for f in free}, layer)
    if toy:
        net = Toy(toy)
        return Context(net, aliases, net.letters, free_letters=True)
    return Context(network(**options), aliases, {}, layer)


# ---------------------------------------------------------------------------
# Reading the pages.

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


def split_top(text, separator):
    """Split at `separator` outside (), [], {}."""
    parts, depth, start = [], 0, 0
    for position, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:position])
            start = position + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def expanded_lines(text):
    """The page's lines with its Markdown (.md) includes expanded: (line, origin, source line number)."""
    out, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
        match = None if fenced else page_code.INCLUDE.match(line)
        if match and match["file"].endswith(".md"):
            origin = f'{match["file"]}:{match["section"] or ""}'
            indent = line[:len(line) - len(line.lstrip())]
            for included in page_code.included(match["file"], match["section"]).splitlines():
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
    return sorted(p.name for p in DOCS.glob("*.md") if p.name != "checked.md")


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
    """The counting rule: an inline span states a result if it has an `=` with
    something on both sides, is not a definition (:=, =:), not an Iverson
    bracket [j = j'], not a statement about shapes (with \\times), and does not
    merely give a symbol a value (n = 1, i' = i, h = 10^{-6}, y = 0)."""
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


# ---------------------------------------------------------------------------
# The LaTeX reader.

TOKEN = re.compile(r"\\[a-zA-Z]+|\\[,;:! \\{}|]|\d+(?:\.\d+)?|[a-zA-Z]|[{}()\[\]^_&+\-=,.:;|'/*<>!]|\S")
SPACING = {"\\,", "\\;", "\\:", "\\!", "\\ ", "\\quad", "\\qquad", "\\left", "\\right", "\\big", "\\Big",
           "\\bigg", "\\Bigg", "\\displaystyle", "\\limits"}
OPEN = {"(": ")", "[": "]", "\\{": "\\}"}
RELATIONS = {"=", "\\approx", "\\leftarrow"}


class ParseError(ValueError):
    pass


class ShapeMismatch(ValueError):
    """The equation as written multiplies, adds or labels matrices of the wrong shapes."""


def tokenize(tex):
    tex = re.sub(r"\\\\(\[[^\]]*\])?", " \\\\\\\\ ", tex)  # row breaks, with their optional spacing
    tex = re.sub(r"\\begin\{aligned\}|\\end\{aligned\}", " ", tex)
    tex = re.sub(r"\\text\{[^{}]*\}", lambda m: f" \\text{{{m.group(0)[6:-1].replace(' ', '~')}}} ", tex)
    tokens = [t for t in TOKEN.findall(tex) if t not in SPACING]
    return tokens


def statements(tex):
    """The separate equations of a display block: aligned rows joined, split at
    top-level commas (the pages end each equation of a group with one), and
    trailing punctuation dropped. `&` is alignment only."""
    # Rows and columns inside a bmatrix stay; aligned rows join.
    joined, depth = [], 0
    for token in tokenize(tex):
        if token == "\\begin":
            depth += 1
        elif token == "\\end":
            depth -= 1
        if token in ("\\\\", "&") and depth == 0:
            continue
        joined.append(token)
    parts, current, depth = [], [], 0
    for index, token in enumerate(joined):
        if token in ("(", "[", "{", "\\begin"):
            depth += 1
        elif token in (")", "]", "}", "\\end"):
            depth -= 1
        if token in (",", ";") and depth == 0:
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    cleaned = []
    for part in parts:
        while part and part[-1] in (".", ",", ":", ";", "?"):
            part = part[:-1]
        if part:
            cleaned.append(part)
    return cleaned


@dataclass
class Node:
    kind: str
    args: tuple = ()
    value: object = None


class Parser:
    def __init__(self, tokens):
        self.tokens, self.position = list(tokens), 0

    def peek(self, offset=0):
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self, expected=None):
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise ParseError(f"expected {expected!r}, found {token!r} at {self.position} in {' '.join(self.tokens)}")
        self.position += 1
        return token

    def group(self):
        """{ ... } as a token list, or a single token."""
        if self.peek() == "{":
            self.take("{")
            start, depth = self.position, 1
            while depth:
                token = self.take()
                depth += {"{": 1, "}": -1}.get(token, 0)
            return self.tokens[start:self.position - 1]
        return [self.take()]

    # chain := expression (relation expression)*
    def chain(self):
        items, relations = [self.expression()], []
        while self.peek() in RELATIONS or (self.peek() == ":" and self.peek(1) == "=") or \
                (self.peek() == "=" and self.peek(1) == ":"):
            if self.peek() == ":":
                self.take(), self.take()
                relations.append(":=")
            elif self.peek() == "=" and self.peek(1) == ":":
                self.take(), self.take()
                relations.append("=:")
            else:
                relations.append(self.take())
            items.append(self.expression())
        return items, relations

    def expression(self):
        sign = None
        if self.peek() in ("-", "+"):
            sign = self.take()
        node = self.term()
        if sign == "-":
            node = Node("neg", (node,))
        while self.peek() in ("+", "-") or self.signed_underbrace():
            if self.signed_underbrace():  # \underbrace{- [...]}_{...}: a term with its sign inside
                node = Node("add", (node, self.term()))
                continue
            operator = self.take()
            right = self.term()
            node = Node("add", (node, right if operator == "+" else Node("neg", (right,))))
        return node

    STARTS = {"\\frac", "\\sigma", "\\ln", "\\exp", "\\sum", "\\delta", "\\partial", "\\underbrace", "\\begin",
              "\\mathbf", "\\bar", "(", "[", "\\lambda", "\\eta", "\\max", "\\|", "\\varepsilon"}

    def signed_underbrace(self):
        return self.peek() == "\\underbrace" and self.peek(1) == "{" and self.peek(2) in ("-", "+")

    def can_start(self, token):
        if token is None or self.signed_underbrace():
            return False
        return token in self.STARTS or re.fullmatch(r"[a-zA-Z]|\d+(\.\d+)?", token) is not None

    def term(self):
        node = self.factor()
        while True:
            token = self.peek()
            if token in ("\\cdot", "\\times", "*"):
                self.take()
                node = Node("mul", (node, self.factor()))
            elif token == "\\odot":
                self.take()
                node = Node("hadamard", (node, self.factor()))
            elif token == "/":
                self.take()
                node = Node("div", (node, self.factor()))
            elif self.can_start(token):
                node = Node("mul", (node, self.factor()))
            else:
                return node

    def factor(self):
        node = self.atom()
        while True:
            token = self.peek()
            if token == "^":
                self.take()
                sup = self.group()
                if sup == ["T"]:
                    node = Node("transpose", (node,))
                else:
                    node = Node("pow", (node, Parser(sup).whole()))
            elif token == "_" and node.kind in ("paren",):
                self.take()
                node = Node("entry", (node, self.indices(self.group())))
            else:
                return node

    def whole(self):
        node = self.expression()
        if self.peek() is not None:
            raise ParseError(f"unread {self.tokens[self.position:]}")
        return node

    def indices(self, tokens):
        text = "".join(tokens)
        return tuple(part for part in text.split(",") if part)

    def bracket(self, opener):
        closer = OPEN[opener]
        start, depth = self.position, 1
        while True:
            token = self.take()
            if token == opener:
                depth += 1
            elif token == closer:
                depth -= 1
                if depth == 0:
                    break
        return self.tokens[start:self.position - 1]

    def atom(self):
        token = self.peek()
        if token is None:
            raise ParseError("unexpected end")
        if re.fullmatch(r"\d+(\.\d+)?", token):
            self.take()
            return Node("number", value=sp.Rational(token))
        if token == "\\max":
            self.take()
            if self.peek() == "_":
                raise ParseError("max over an index")
            self.take("(")
            inner = self.bracket("(")
            return Node("max", tuple(Parser(p).whole() for p in split_tokens(inner, ",")))
        if token == "\\|":
            self.take()
            start = self.position
            while self.peek() != "\\|":
                self.take()
            inner = self.tokens[start:self.position]
            self.take()
            return Node("norm", (Parser(inner).whole(),))
        if token in ("(", "\\{"):
            self.take()
            inner = self.bracket(token)
            return Node("paren", (Parser(inner).whole(),))
        if token == "[":
            self.take()
            inner = self.bracket("[")
            parts = split_tokens(inner, ",")
            if len(parts) > 1:
                return Node("row", tuple(Parser(p).whole() for p in parts))
            items, relations = Parser(inner).chain_whole()
            if relations == ["="]:
                return Node("iverson", tuple(items))
            return Node("paren", (items[0],))
        if token == "\\frac":
            self.take()
            top, bottom = self.group(), self.group()
            if len(top) == 2 and len(bottom) == 2 and top[0] == bottom[0] == "d":  # df/dx
                return Node("derivative", (Parser(top[1:]).whole(), Parser(bottom[1:]).whole()))
            if top and top[0] == "\\partial" and bottom and bottom[0] == "\\partial":
                variable = Parser(bottom[1:]).whole()
                if len(top) == 1:  # the operator form: \frac{\partial}{\partial w} f
                    return Node("derivative", (self.term(), variable))
                return Node("derivative", (Parser(top[1:]).whole(), variable))
            return Node("div", (Parser(top).whole(), Parser(bottom).whole()))
        if token == "\\partial":
            self.take()
            return Node("partial", (self.factor(),))
        if token == "\\underbrace":
            self.take()
            body, label = self.group(), []
            if self.peek() == "_":
                self.take()
                label = self.group()
            shape = split_tokens(label, "\\times") if "\\times" in label else None
            if shape:  # a shape label, n \times d: checked against the shape of the body
                return Node("shaped", (Parser(body).whole(), Parser(shape[0]).whole(), Parser(shape[1]).whole()))
            return Node("paren", (Parser(body).whole(),))
        if token == "\\begin":
            self.take()
            environment = "".join(self.group())
            if environment != "bmatrix":
                raise ParseError(f"environment {environment}")
            start = self.position
            while not (self.peek() == "\\end"):
                self.take()
            body = self.tokens[start:self.position]
            self.take("\\end")
            self.group()
            rows = [r for r in split_tokens(body, "\\\\") if r]
            return Node("matrix", tuple(tuple(Parser(c).whole() for c in split_tokens(r, "&")) for r in rows))
        if token == "\\sum":
            self.take()
            lower, upper = [], None
            for _ in range(2):
                if self.peek() == "_":
                    self.take()
                    lower = self.group()
                elif self.peek() == "^":
                    self.take()
                    upper = self.group()
            body = self.term()
            return Node("sum", (body,), value=("".join(lower), "".join(upper) if upper else None))
        if token in ("\\sigma", "\\ln", "\\exp"):
            self.take()
            prime = False
            if self.peek() == "'":
                self.take()
                prime = True
            argument = self.factor()
            return Node("function", (argument,), value=token[1:] + ("'" if prime else ""))
        if token == "\\mathbf":
            self.take()
            return Node("ones", value="".join(self.group()))
        if token == "\\bar":
            self.take()
            return self.symbol("\\bar " + "".join(self.group()))
        if token == "\\text":
            raise ParseError("text")
        if re.fullmatch(r"[a-zA-Z]|\\delta|\\lambda|\\eta|\\varepsilon", token):
            self.take()
            return self.symbol(token)
        raise ParseError(f"cannot read {token!r}")

    def symbol(self, letter):
        sub, layer, power, primes = (), None, None, ""
        while self.peek() in ("_", "^", "'"):
            token = self.take()
            if token == "'":
                primes += "'"
            elif token == "_":
                sub = self.indices(self.group())
            else:
                mark = self.position - 1
                sup = self.group()
                text = "".join(sup)
                if re.fullmatch(r"\((h|out|in)\)", text):
                    layer = text[1:-1]
                elif text == "T":
                    self.position = mark  # the factor reads the transpose
                    break
                else:
                    power = Parser(sup).whole()
        node = Node("symbol", value=(letter, sub, layer, primes))
        return Node("pow", (node, power)) if power is not None else node

    def chain_whole(self):
        items, relations = self.chain()
        if self.peek() is not None:
            raise ParseError(f"unread {self.tokens[self.position:]}")
        return items, relations


def split_tokens(tokens, separator):
    parts, current, depth = [], [], 0
    for token in tokens:
        if token in ("(", "[", "{", "\\begin"):
            depth += 1
        elif token in (")", "]", "}", "\\end"):
            depth -= 1
        if token == separator and depth == 0:
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    return parts


def parse(tex):
    """Every statement of a display block as (items, relations)."""
    return [Parser(tokens).chain_whole() for tokens in statements(tex)]


# ---------------------------------------------------------------------------
# Evaluating a syntax tree under a page's definitions.

class Evaluator:
    def __init__(self, ctx: Context, indices: dict):
        self.ctx, self.net, self.indices = ctx, ctx.network, indices

    def index_value(self, name):
        if re.fullmatch(r"\d+", name):
            return int(name)
        if name in self.indices:
            return self.indices[name]
        raise ParseError(f"unbound index {name}")

    def size(self, text):
        if re.fullmatch(r"\d+", text):
            return int(text)
        if text in self.net.sizes:
            return self.net.sizes[text]
        raise ParseError(f"unknown size {text}")

    def symbol(self, letter, sub, layer, primes):
        if not sub and not layer and not primes and letter in self.ctx.aliases:
            return evaluate_tex(self.ctx.aliases[letter], self.ctx, self.indices)
        if letter in self.net.sizes and not sub and not layer:
            return sp.Integer(self.net.sizes[letter])
        if letter == "e" and not sub and not layer:
            return sp.E
        if letter in self.ctx.extra and not sub and not layer:
            value = self.ctx.extra[letter]
            for _ in primes:  # f', f'': derivatives of a function of one variable
                argument = value.variables[0]
                value = sp.Lambda(argument, sp.diff(value.expr, argument))
            return value
        if letter == "J" and sub == ("\\lambda",):
            penalty = sum(v ** 2 for v in self.net.m["W_h"]) + sum(v ** 2 for v in self.net.m["W_out"])
            return self.net.J + sp.Symbol("lambda", positive=True) / 2 * penalty
        if self.ctx.free_letters and not sub and not layer and re.fullmatch(r"[a-zA-Z]", letter):
            return sp.Symbol(letter, real=True)
        if letter in ("\\lambda", "\\eta", "\\varepsilon") and not sub:
            return sp.Symbol(letter[1:], positive=True)
        if letter == "S" and not layer and "S" in self.net.m:
            matrix = self.net.m["S"]
            return matrix[self.index_value(sub[0]) - 1, 0] if sub else (matrix[0, 0] if matrix.shape[0] == 1 else matrix)
        if layer is None and (letter, None) not in SYMBOLS and self.ctx.layer:
            layer = self.ctx.layer
        if letter == "\\bar J":
            return self.net.J / self.net.sizes["n"]
        if letter == "J" and primes:
            raise ParseError("J'")
        key = (letter, layer)
        if key not in SYMBOLS:
            raise ParseError(f"unknown symbol {letter} {layer}")
        name, letters = SYMBOLS[key]
        if name == "J" and not sub:
            return self.net.J
        matrix = self.net.m[name]
        if not sub:
            return matrix
        values = [self.index_value(s) for s in sub]
        if len(values) == 2:
            return matrix[values[0] - 1, values[1] - 1]
        if len(values) == 1:
            if name in PER_EXAMPLE and sub[0].startswith("k"):
                return matrix[values[0] - 1, :]
            if name in PER_EXAMPLE:
                if matrix.shape[0] != 1:
                    raise ParseError(f"{letter}_{sub} on a page with several examples")
                return matrix[0, values[0] - 1]
            return matrix[0, values[0] - 1] if matrix.shape[0] == 1 else matrix[values[0] - 1, :]
        raise ParseError("indices")

    def __call__(self, node: Node):
        kind = node.kind
        if kind == "number":
            return node.value
        if kind == "symbol":
            return self.symbol(*node.value)
        if kind == "paren":
            return self(node.args[0])
        if kind == "shaped":
            value = self(node.args[0])
            shape = value.shape if is_matrix(value) else (1, 1)
            label = (self(node.args[1]), self(node.args[2]))
            if shape != label:
                raise ShapeMismatch(f"labelled {label[0]} x {label[1]}, is {shape[0]} x {shape[1]}")
            return value
        if kind == "neg":
            return -self(node.args[0])
        if kind == "add":
            return broadcast_add(self(node.args[0]), self(node.args[1]))
        if kind == "mul":
            left, right = self(node.args[0]), self(node.args[1])
            if isinstance(left, sp.Lambda):  # f(a): a function applied
                return left(scalar(right))
            if is_matrix(left) and is_matrix(right):
                if left.shape[1] != right.shape[0]:
                    if left.shape == (1, 1) or right.shape == (1, 1):
                        return scalar(left) * scalar(right)
                    raise ShapeMismatch(f"a product of shapes {left.shape} and {right.shape}")
                return left * right
            return left * right
        if kind == "hadamard":
            left, right = self(node.args[0]), self(node.args[1])
            if left.shape != right.shape:
                raise ShapeMismatch(f"an element-wise product of shapes {left.shape} and {right.shape}")
            return left.multiply_elementwise(right)
        if kind == "div":
            left, right = self(node.args[0]), self(node.args[1])
            if is_matrix(right):
                right = scalar(right)
            return left / right
        if kind == "pow":
            base, exponent = self(node.args[0]), self(node.args[1])
            if is_matrix(base):
                return base.applyfunc(lambda v: v ** exponent)
            return base ** exponent
        if kind == "transpose":
            value = self(node.args[0])
            if not is_matrix(value):
                raise ParseError("transpose of a scalar")
            return value.T
        if kind == "entry":
            value = self(node.args[0])
            positions = [self.index_value(s) for s in node.args[1]]
            if len(positions) == 1:  # an entry of a row (or of a column)
                return value[positions[0] - 1]
            return value[positions[0] - 1, positions[1] - 1]
        if kind == "row":
            return sp.Matrix([[scalar(self(a)) for a in node.args]])
        if kind == "matrix":
            rows = [[self(c) for c in row] for row in node.args]
            return sp.Matrix(sp.BlockMatrix(rows)) if any(is_matrix(c) for r in rows for c in r) else sp.Matrix(rows)
        if kind == "iverson":  # [j = j']: 1 if the two indices are equal
            left, right = (self.index_value(a.value[0] + a.value[3]) for a in node.args)
            return sp.Integer(1 if left == right else 0)
        if kind == "function":
            argument = self(node.args[0])
            function = {"sigma": sigmoid, "ln": sp.log, "exp": sp.exp,
                        "sigma'": lambda v: sigmoid(v) * (1 - sigmoid(v))}[node.value]
            if node.value == "sigma'":
                s = sp.Symbol("s_")
                function = sp.Lambda(s, sp.diff(sigmoid(s), s))
            return argument.applyfunc(function) if is_matrix(argument) else function(argument)
        if kind == "max":
            return sp.Max(*(scalar(self(a)) for a in node.args))
        if kind == "norm":
            value = self(node.args[0])
            return sp.sqrt(sum(v ** 2 for v in value)) if is_matrix(value) else sp.Abs(value)
        if kind == "ones":
            return sp.ones(self.net.sizes["n"], 1)
        if kind == "sum":
            lower, upper = node.value
            variable, _, start = lower.partition("=")
            letters = variable.split(",")
            if upper is not None:
                ranges = [range(int(start or 1), self.size(upper) + 1)]
            else:
                ranges = [range(1, self.net.sizes[INDEX_LETTERS[v.rstrip("'")]] + 1) for v in letters]
            total = None
            for values in itertools.product(*ranges):
                inner = Evaluator(self.ctx, {**self.indices, **dict(zip(letters, values))})
                term = inner(node.args[0])
                total = term if total is None else broadcast_add(total, term)
            return total
        if kind == "derivative":
            function, variable = self(node.args[0]), self(node.args[1])
            if is_matrix(function):
                function = scalar(function)
            if is_matrix(variable):
                return variable.applyfunc(lambda v: self.net.diff(function, v))
            return self.net.diff(function, variable)
        if kind == "partial":
            raise ParseError("a lone \\partial")
        raise ParseError(f"node {kind}")


def is_matrix(value):
    return isinstance(value, sp.MatrixBase)


def scalar(value):
    if is_matrix(value):
        if value.shape != (1, 1):
            raise ParseError(f"a {value.shape} matrix where a number is needed")
        return value[0, 0]
    return value


def broadcast_add(left, right):
    if is_matrix(left) and is_matrix(right):
        if left.shape != right.shape:
            raise ShapeMismatch(f"a sum of shapes {left.shape} and {right.shape}")
        return left + right
    if is_matrix(left):
        return left.applyfunc(lambda v: v + right)
    if is_matrix(right):
        return right.applyfunc(lambda v: left + v)
    return left + right


def _fix_slash_derivatives(node):
    """\\partial J / \\partial w reads as a derivative."""
    if node.kind == "div" and node.args[0].kind == "partial" and node.args[1].kind == "partial":
        return Node("derivative", (node.args[0].args[0], node.args[1].args[0]))
    if node.kind == "div" and node.args[1].kind == "partial" and node.args[0].kind == "mul" \
            and node.args[0].args[1].kind == "partial":  # c \partial J / \partial W
        derivative = Node("div", (node.args[0].args[1], node.args[1]))
        return _fix_slash_derivatives(Node("mul", (node.args[0].args[0], derivative)))
    args = tuple(_fix_slash_derivatives(a) if isinstance(a, Node) else a for a in node.args)
    if node.kind == "matrix":
        args = tuple(tuple(_fix_slash_derivatives(c) for c in row) for row in node.args)
    return Node(node.kind, args, node.value)


def evaluate_tex(tex, ctx, indices):
    items, relations = Parser(tokenize(tex)).chain_whole()
    return Evaluator(ctx, indices)(_fix_slash_derivatives(items[0]))


def index_letters(node, bound=frozenset()):
    """The free index letters of a syntax tree (sum variables are bound)."""
    found = set()
    if not isinstance(node, Node):
        return found
    if node.kind == "symbol":
        found |= {s for s in node.value[1] if re.fullmatch(r"[ijkl]'*", s)}
    if node.kind == "entry":
        found |= {s for s in node.args[1] if re.fullmatch(r"[ijkl]'*", s)}
    if node.kind == "iverson":
        return {a.value[0] + a.value[3] for a in node.args}
    if node.kind == "sum":
        letters = node.value[0].partition("=")[0].split(",")
        return index_letters(node.args[0]) - set(letters)
    for argument in node.args:
        if isinstance(argument, tuple):
            for row in argument:
                for cell in (row if isinstance(row, tuple) else (row,)):
                    found |= index_letters(cell)
        else:
            found |= index_letters(argument)
    return found


@dataclass
class Link:
    """One `=` of a display equation: statement s, between items p and p+1."""
    statement: int
    position: int
    relation: str
    holds: bool
    detail: str = ""


def alias_letters(ctx):
    letters = set()
    for tex in ctx.aliases.values():
        letters |= index_letters(Parser(tokenize(tex)).whole())
    return letters


def same(left, right, ctx, seeds=(0, 1)):
    """Both sides agree to 40 digits at random rational points of the base symbols
    (every intermediate quantity computed from its definition at that point)."""
    net = ctx.network

    def agree(a, b):
        difference = sp.sympify(a - b)
        if difference == 0:
            return True
        return all(abs(net.numeric(difference, seed)) < sp.Float(10) ** -40 for seed in seeds)

    if is_matrix(left) and left.shape == (1, 1):
        left = left[0, 0]
    if is_matrix(right) and right.shape == (1, 1):
        right = right[0, 0]
    if is_matrix(left) != is_matrix(right):
        return False, "a matrix equated to a number"
    if is_matrix(left):
        if left.shape != right.shape:
            return False, f"shapes {left.shape} and {right.shape}"
        return all(agree(a, b) for a, b in zip(left, right)), "entries differ"
    return agree(left, right), "values differ"


def check_tex(tex, page, where=""):
    """Check every `=` of a display block. Returns a list of Links (raises ParseError if unreadable)."""
    ctx = context(page, where)
    links = []
    for number, (items, relations) in enumerate(parse(tex)):
        items = [_fix_slash_derivatives(item) for item in items]
        free = set().union(*(index_letters(item) for item in items)) | alias_letters(ctx)
        free = sorted(free)
        ranges = [range(1, ctx.sizes[INDEX_LETTERS[f.rstrip("'")]] + 1) for f in free]
        for position, relation in enumerate(relations):
            if relation == "\\leftarrow":  # an assignment: nothing to check
                continue
            holds, detail = True, ""
            for values in itertools.product(*ranges):
                evaluate = Evaluator(ctx, dict(zip(free, values)))
                try:
                    ok, why = same(evaluate(items[position]), evaluate(items[position + 1]), ctx)
                except ShapeMismatch as error:
                    ok, why = False, str(error)
                if not ok:
                    holds, detail = False, f"{why} at {dict(zip(free, values))}"
                    break
            links.append(Link(number, position, relation, holds, detail))
    if not links:
        raise ParseError("no equation in the block")
    return links


# ---------------------------------------------------------------------------
# Numbering, for the MkDocs hook.

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


# ---------------------------------------------------------------------------
# Inline results, and the ledger page.

@lru_cache(maxsize=None)
def check_inline(page, tex):
    """'checked' if every = of an inline result holds under the page's definitions,
    'fails' if one does not, 'unread' if the reader cannot parse it."""
    try:
        links = check_tex(tex, page)
    except (ParseError, KeyError, TypeError, ValueError, AttributeError, IndexError):
        return "unread"
    return "checked" if all(link.holds for link in links) else "fails"


def nav_pages():
    """The pages in the order of mkdocs.yml's nav, then any others."""
    listed = re.findall(r":\s*([\w-]+\.md)\s*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    pages = all_pages()
    return [p for p in listed if p in pages] + [p for p in pages if p not in listed]


def page_title(page):
    match = re.search(r"^# (.+)$", (DOCS / page).read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else page


def prose_claims():
    """Tests whose docstring starts "The page:": (test file, test name, docstring)."""
    import ast

    claims = []
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                doc = ast.get_docstring(node) or ""
                if doc.startswith("The page:"):
                    claims.append((path.name, node.name, " ".join(doc.split())))
    return claims


def test_id(equation):
    return f"tests/test_equations.py::test_checked_equation_holds[{equation.page[:-3]}#{equation.slug}]"


def ledger():
    """The Markdown of docs/measured/checked-equations.md."""
    pages = nav_pages()
    counts = {kind: 0 for kind in CLASSES}
    inline_total = inline_checked = 0
    sections = []
    for page in pages:
        found = page_equations(page)
        results = inline_results(page)
        if not found and not results:
            continue
        lines = [f"## {page_title(page)}", ""]
        for equation in found:
            counts[equation.kind] = counts.get(equation.kind, 0) + 1
            if equation.kind == "checked":
                how = f"checked as written: `{test_id(equation)}`"
            elif equation.kind == "generated":
                how = (f"generated, {equation.reason}; compared with a fresh run by "
                       f"`tests/test_{page[:-3].replace('-', '_')}.py` and shown on the page "
                       "(`tests/test_snippets.py`)")
            else:
                how = f"{equation.kind}: {equation.reason}"
            lines += [f"**[({equation.number})]({page}#{equation.anchor})** `{equation.slug}` — {how}", "",
                      "$$", equation.tex, "$$", ""]
        checked_here = sum(check_inline(page, tex) == "checked" for _, tex in results)
        inline_total += len(results)
        inline_checked += checked_here
        if results:
            lines += [f"Inline results on this page: {len(results)}, checked as written: {checked_here} "
                      "(`tests/test_equations.py::test_inline_results_that_parse_hold`).", ""]
        sections.append("\n".join(lines))
    total = sum(counts.values())
    head = [
        "<!-- Generated by `python tools/equations.py --write-ledger` (or `make equations`); "
        "tests/test_equations.py fails when it is stale. -->",
        "",
        "| display equations | count |",
        "| --- | --- |",
        f"| checked as written (every `=` verified with SymPy) | {counts['checked']} |",
        f"| generated by a snippet (numbers compared with a fresh run) | {counts['generated']} |",
        f"| definitions (stated, not derived) | {counts['definition']} |",
        f"| notation (an update rule, a quotation) | {counts['notation']} |",
        f"| **all** | **{total}** |",
        "",
        "Inline math that states a result (a span with `=` and something on both sides that is not a "
        "definition `:=`/`=:`, an Iverson bracket, a statement about shapes with ×, or a symbol given a value "
        f"such as \\(h = 10^{{-6}}\\)): **{inline_total}**, of which **{inline_checked}** are parsed and checked "
        "as written; the rest are read by no test yet.",
        "",
    ]
    claims = prose_claims()
    tail = ["## Sentences bound to recorded outputs", "",
            "Each sentence below says what a recorded output shows; the test named beside it reads that output.", ""]
    tail += [f"- `tests/{file}::{name}`: {doc[len('The page:'):].strip()}" for file, name, doc in claims]
    return "\n".join(head + sections + tail) + "\n"


LEDGER = DOCS / "measured" / "checked-equations.md"

if __name__ == "__main__":
    import sys

    if "--write-ledger" in sys.argv:
        LEDGER.write_text(ledger(), encoding="utf-8")
        print(f"wrote {LEDGER.relative_to(ROOT)}")
