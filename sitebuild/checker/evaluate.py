"""Evaluating a syntax tree under a page's definitions: a symbol becomes the
network's quantity (a SymPy matrix or number), each node kind its operation."""

from __future__ import annotations

import itertools
import re

import sympy as sp

from .latex import Node, ParseError, Parser, fix_slash_derivatives, tokenize
from .model import INDEX_LETTERS, PER_EXAMPLE, SYMBOLS, Context, sigmoid


class ShapeMismatch(ValueError):
    """The equation as written multiplies, adds or labels matrices of the wrong shapes."""


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
        layer = self.ctx.layer_names.get(layer, layer)  # (\ell), (L): a layer by its number
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
        if layer is None and (letter, None) not in SYMBOLS and (self.ctx.layer or letter in self.ctx.letter_layers):
            layer = self.ctx.letter_layers.get(letter, self.ctx.layer)
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
        evaluate = getattr(self, f"eval_{node.kind}", None)
        if evaluate is None:
            raise ParseError(f"node {node.kind}")
        return evaluate(node)

    # One method per node kind (latex.Parser makes the nodes).

    def eval_number(self, node):
        return node.value

    def eval_symbol(self, node):
        return self.symbol(*node.value)

    def eval_paren(self, node):
        return self(node.args[0])

    def eval_shaped(self, node):
        value = self(node.args[0])
        shape = value.shape if is_matrix(value) else (1, 1)
        label = (self(node.args[1]), self(node.args[2]))
        if shape != label:
            raise ShapeMismatch(f"labelled {label[0]} x {label[1]}, is {shape[0]} x {shape[1]}")
        return value

    def eval_neg(self, node):
        return -self(node.args[0])

    def eval_add(self, node):
        return broadcast_add(self(node.args[0]), self(node.args[1]))

    def eval_mul(self, node):
        left, right = self(node.args[0]), self(node.args[1])
        if isinstance(left, sp.Lambda):  # f(a): a function applied, to each entry of a matrix
            return right.applyfunc(left) if is_matrix(right) else left(right)
        if is_matrix(left) and is_matrix(right):
            if left.shape[1] != right.shape[0]:
                if left.shape == (1, 1) or right.shape == (1, 1):
                    return scalar(left) * scalar(right)
                raise ShapeMismatch(f"a product of shapes {left.shape} and {right.shape}")
            return left * right
        return left * right

    def eval_hadamard(self, node):
        left, right = self(node.args[0]), self(node.args[1])
        if left.shape != right.shape:
            raise ShapeMismatch(f"an element-wise product of shapes {left.shape} and {right.shape}")
        return left.multiply_elementwise(right)

    def eval_div(self, node):
        left, right = self(node.args[0]), self(node.args[1])
        if is_matrix(right):
            right = scalar(right)
        return left / right

    def eval_pow(self, node):
        base, exponent = self(node.args[0]), self(node.args[1])
        if is_matrix(base):
            return base.applyfunc(lambda v: v ** exponent)
        return base ** exponent

    def eval_transpose(self, node):
        value = self(node.args[0])
        if not is_matrix(value):
            raise ParseError("transpose of a scalar")
        return value.T

    def eval_entry(self, node):
        value = self(node.args[0])
        positions = [self.index_value(s) for s in node.args[1]]
        if len(positions) == 1:  # an entry of a row (or of a column)
            return value[positions[0] - 1]
        return value[positions[0] - 1, positions[1] - 1]

    def eval_row(self, node):
        return sp.Matrix([[scalar(self(a)) for a in node.args]])

    def eval_matrix(self, node):
        rows = [[self(c) for c in row] for row in node.args]
        return sp.Matrix(sp.BlockMatrix(rows)) if any(is_matrix(c) for r in rows for c in r) else sp.Matrix(rows)

    def eval_iverson(self, node):  # [j = j']: 1 if the two indices are equal
        left, right = (self.index_value(a.value[0] + a.value[3]) for a in node.args)
        return sp.Integer(1 if left == right else 0)

    def eval_function(self, node):
        argument = self(node.args[0])
        function = FUNCTIONS[node.value.rstrip("'")]
        if node.value.endswith("'"):  # \sigma'(z), \tanh'(z): the derivative
            s = sp.Symbol("s_")
            function = sp.Lambda(s, sp.diff(function(s), s))
        return argument.applyfunc(function) if is_matrix(argument) else function(argument)

    def eval_max(self, node):
        return sp.Max(*(scalar(self(a)) for a in node.args))

    def eval_norm(self, node):
        value = self(node.args[0])
        return sp.sqrt(sum(v ** 2 for v in value)) if is_matrix(value) else sp.Abs(value)

    def eval_ones(self, node):
        return sp.ones(self.net.sizes["n"], 1)

    def eval_sum(self, node):
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

    def eval_derivative(self, node):
        function, variable = self(node.args[0]), self(node.args[1])
        if is_matrix(function):
            function = scalar(function)
        if is_matrix(variable):
            return variable.applyfunc(lambda v: self.net.diff(function, v))
        return self.net.diff(function, variable)

    def eval_trace(self, node):
        value = self(node.args[0])
        if not is_matrix(value) or value.shape[0] != value.shape[1]:
            raise ShapeMismatch(f"the trace of a {value.shape if is_matrix(value) else 'number'}, not a square matrix")
        return value.trace()

    def eval_differential(self, node):
        """dX: the first-order change of X when the weights the annotation names, `where vary =
        W^{(out)}` (or W^{(h)}), change by a matrix dW of symbols of their own (dir_ and the weight's
        name), all else fixed: the sum over that matrix's entries w of ∂X/∂w dw, by the chain rule."""
        varied = re.fullmatch(r"(\w)\^\{\((h|out)\)\}", self.ctx.aliases.get("vary", ""))
        if not varied or varied.groups() not in SYMBOLS:
            raise ParseError("a differential \\mathrm{d} needs `where vary = W^{(out)}` (or W^{(h)})")
        weights = self.net.m[SYMBOLS[varied.groups()][0]]

        def change(value):
            return sum(self.net.diff(value, w) * sp.Symbol(f"dir_{w}", real=True) for w in weights)

        value = self(node.args[0])
        return value.applyfunc(change) if is_matrix(value) else change(sp.sympify(value))

    def eval_partial(self, node):
        raise ParseError("a lone \\partial")


FUNCTIONS = {"sigma": sigmoid, "tanh": sp.tanh, "ln": sp.log, "exp": sp.exp}


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
        if left.shape != right.shape and (left.shape[1] != right.shape[1] or 1 not in (left.shape[0], right.shape[0])):
            raise ShapeMismatch(f"a sum of shapes {left.shape} and {right.shape}")
        if left.shape[0] == 1 and right.shape[0] > 1:  # a bias row added to every example's row, as NumPy does
            left, right = right, left
        if right.shape[0] == 1 and left.shape[0] > 1:
            return left + sp.ones(left.shape[0], 1) * right
        return left + right
    if is_matrix(left):
        return left.applyfunc(lambda v: v + right)
    if is_matrix(right):
        return right.applyfunc(lambda v: left + v)
    return left + right


def evaluate_tex(tex, ctx, indices):
    items, relations = Parser(tokenize(tex)).chain_whole()
    return Evaluator(ctx, indices)(fix_slash_derivatives(items[0]))
