"""Checking an equation as written: the definitions a page's equations are
read under (`context`: a `Network` of small concrete sizes, PAGE_NETWORKS,
changed by the annotation's `where`), and every `=` of a block compared at
random rational points to 40 digits (`check_tex`, `check_inline`)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import sympy as sp

from .inline import BOUND, FALSE, NAMES, WHERE
from .evaluate import FUNCTIONS, Evaluator, ShapeMismatch, evaluate_tex, is_matrix
from .latex import ParseError, Parser, fix_slash_derivatives, index_letters, parse, tokenize
from .model import INDEX_LETTERS, Context, Network, network


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
    "matrix-route.md": dict(n=2, m=3, d=4, t=5),
    "deeper-networks.md": dict(n=2, m=3, d=4, t=2),
}
# The layers of the symbolic network, in order: `where \ell = h` reads (\ell) as h,
# (\ell-1) and (\ell+1) as the layers below and above it, and (L) as the output layer.
LAYERS = ("in", "h", "out")
# `where f = \sigma`: a letter that names a function of one variable, applied entry by entry.
FUNCTION_NAMES = {"\\sigma": "sigma", "\\tanh": "tanh"}


def layer_names(layer):
    r"""{(\ell), (\ell-1), (\ell+1), (L)} -> the network's layers, for \ell read as `layer`."""
    position = LAYERS.index(layer)
    names = {"L": LAYERS[-1], "\\ell": layer}
    for offset, text in ((-1, "\\ell-1"), (1, "\\ell+1")):
        if 0 <= position + offset < len(LAYERS):
            names[text] = LAYERS[position + offset]
    return names


def context(page, where=""):
    options = dict(PAGE_NETWORKS.get(Path(page).name, dict(n=2, m=2, d=3, t=4)))
    aliases, toy, layer, free, letter_layers = {}, [], None, [], {}
    numbered, functions = {}, {}
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
        elif name == "output":  # `output = softmax`: softmax outputs, on a page of sigmoid ones
            options["output"] = value
        elif name == "layer":
            layer = value
        elif name == "\\ell":
            numbered = layer_names(value)
        elif value in FUNCTION_NAMES:
            s = sp.Symbol("s_")
            functions[name] = sp.Lambda(s, FUNCTIONS[FUNCTION_NAMES[value]](s))
        elif name.startswith("layer "):
            letter_layers[name[len("layer "):].strip()] = value
        elif name == "biases":  # a layer with a bias row: Z = A W + b
            options["biases"] = True
        elif name == "one_hot":  # `one_hot = no`: targets whose rows need not sum to 1
            options["one_hot"] = value != "no"
        elif name and value:
            aliases[name] = value
        elif name:  # a constant of the equation, any value: `where c`
            free.append(name)
    if free:
        net = network(**options)
        return Context(net, aliases, {f: sp.Symbol(f, real=True) for f in free} | functions, layer,
                       letter_layers=letter_layers, layer_names=numbered)
    if toy:
        net = Toy(toy)
        return Context(net, aliases, net.letters | functions, free_letters=True, layer_names=numbered)
    return Context(network(**options), aliases, functions, layer, letter_layers=letter_layers, layer_names=numbered)


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
        items = [fix_slash_derivatives(item) for item in items]
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


@lru_cache(maxsize=None)
def check_inline(page, tex):
    """'checked' if every = of an inline result holds under the page's definitions
    (read with its `where` from inline.WHERE), 'fails' if one does not, 'unread'
    if the reader cannot parse it."""
    try:
        links = check_tex(tex, page, WHERE.get((page, tex), ""))
    except (ParseError, KeyError, TypeError, ValueError, AttributeError, IndexError):
        return "unread"
    return "checked" if all(link.holds for link in links) else "fails"


# What the ledger says of an inline result, from the best to the worst.
INLINE_STATUSES = ("checked", "bound", "false as quoted", "names", "unread", "fails")


def inline_status(page, tex):
    """How an inline result is checked: 'checked' (SymPy, as written), 'bound' (a named
    test checks it, inline.BOUND), 'false as quoted' (inline.FALSE, and SymPy finds it
    false), 'names' (gives a name, or quotes; inline.NAMES), 'unread' or 'fails'."""
    key = (page, tex)
    if key in NAMES:
        return "names"
    if key in BOUND:
        return "bound"
    found = check_inline(page, tex)
    if key in FALSE:
        return "false as quoted" if found == "fails" else "fails"
    return found
