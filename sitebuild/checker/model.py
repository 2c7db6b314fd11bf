"""The symbolic network the pages' equations are read under, and the notation
that names its quantities: SYMBOLS below says which letter, with which
superscript, names which quantity of the network; a Context is one network with
the definitions an annotation's `where` adds (check.context builds it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import sympy as sp

# The notation: letter (+ layer superscript) -> quantity. Entries are
# (name, index letters of an entry). Matrices are indexed from 1 as the pages
# count; a single index on a per-example quantity names an entry when the
# page has one example, and a row (example k) when the letter is k.
SYMBOLS = {
    ("x", None): ("X", "kl"), ("X", None): ("X", "kl"), ("A", "in"): ("X", "kl"),
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
        elif loss == "squared":  # the squared error, halved
            terms = sp.Matrix(n, t, lambda k, j: (self.m["A_out"][k, j] - self.m["Y"][k, j]) ** 2 / 2)
        elif loss == "bce-with-logits":  # a loss that applies σ itself, given A_out: σ twice
            terms = sp.Matrix(n, t, lambda k, j: cross_entropy(sigmoid(self.m["A_out"][k, j]), self.m["Y"][k, j]))
        elif loss == "cross-entropy-loss":  # a loss that applies softmax itself, given A_out: softmax twice
            terms = sp.Matrix(n, t, lambda k, j: -self.m["Y"][k, j] * sp.log(
                sp.exp(self.m["A_out"][k, j]) / sum(sp.exp(self.m["A_out"][k, i]) for i in range(t))))
        else:
            raise ValueError(f"unknown loss {loss!r}: cross-entropy, categorical, squared, "
                             "bce-with-logits or cross-entropy-loss")
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
        for other in expression.free_symbols - set(values):
            if str(other).startswith("dir_"):  # a differential's direction: a random point of its own
                import random

                values[other] = sp.Rational(random.Random(f"{other}:{seed}").randint(-90, 90) or 1, 37)
            else:  # a constant of the page: λ, η
                values[other] = sp.Rational((sum(map(ord, str(other))) + 7 * seed) % 17 + 3, 7)
        return sp.N(sp.sympify(expression).xreplace(values), 50)


@dataclass
class Context:
    """What a page's equations are read under: its network and the annotation's `where`."""

    network: Network
    aliases: dict = field(default_factory=dict)  # bare letter -> tex
    extra: dict = field(default_factory=dict)  # bare letter -> sympy (scalars of a toy example)
    layer: str | None = None  # the layer of a letter written without one
    letter_layers: dict = field(default_factory=dict)  # `layer a = h`: the layer of one letter written without one
    free_letters: bool = False  # an unknown bare letter is a free scalar (small examples)
    layer_names: dict = field(default_factory=dict)  # `\ell = h`: (\ell), (\ell+1), (\ell-1), (L) -> h, out, in, out

    @property
    def sizes(self):
        return self.network.sizes


@lru_cache(maxsize=None)
def network(n, m, d, t, **options):
    return Network(n, m, d, t, **options)
