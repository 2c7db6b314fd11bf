"""A small LaTeX reader of our own for the site's notation, into a syntax tree.

It reads subscripted and layered symbols, \\frac{\\partial J}{\\partial w_{i,j}^{(out)}},
\\sum with limits, bmatrix, transposes, \\odot, \\underbrace with a shape label,
aligned rows ... SymPy's parse_latex is not used: it needs an extra package
(lark or antlr), and the site's notation (layer labels, derivatives by indexed
quantities, \\underbrace, bmatrix) would need this translation layer around it
anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

TOKEN = re.compile(r"\\[a-zA-Z]+|\\[,;:! \\{}|]|\d+(?:\.\d+)?|[a-zA-Z]|[{}()\[\]^_&+\-=,.:;|'/*<>!]|\S")
SPACING = {"\\,", "\\;", "\\:", "\\!", "\\ ", "\\quad", "\\qquad", "\\left", "\\right", "\\big", "\\Big",
           "\\bigg", "\\Bigg", "\\displaystyle", "\\limits"}
OPEN = {"(": ")", "[": "]", "\\{": "\\}"}
RELATIONS = {"=", "\\approx", "\\leftarrow"}


class ParseError(ValueError):
    pass


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

    STARTS = {"\\texttt", "\\frac", "\\sigma", "\\tanh", "\\ln", "\\exp", "\\sum", "\\delta", "\\partial", "\\underbrace", "\\begin",
              "\\mathbf", "\\bar", "(", "[", "\\lambda", "\\eta", "\\max", "\\|", "\\varepsilon"}

    STARTS |= {"\\operatorname", "\\mathrm"}  # \operatorname{tr} A, \mathrm{d}W

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
        """One operand: a number, a letter, a bracket, or a command with its arguments."""
        token = self.peek()
        if token is None:
            raise ParseError("unexpected end")
        if re.fullmatch(r"\d+(\.\d+)?", token):
            read = Parser.read_number
        elif token in Parser.COMMANDS:
            read = Parser.COMMANDS[token]
        elif re.fullmatch(r"[a-zA-Z]|\\delta|\\lambda|\\eta|\\varepsilon", token):
            read = Parser.symbol  # a letter, with its subscripts and superscripts
        else:
            raise ParseError(f"cannot read {token!r}")
        self.take()
        return read(self, token)

    # One reader per kind of atom, called with its first token taken.

    def read_number(self, token):
        return Node("number", value=sp.Rational(token))

    def read_max(self, token):
        if self.peek() == "_":
            raise ParseError("max over an index")
        self.take("(")
        inner = self.bracket("(")
        return Node("max", tuple(Parser(p).whole() for p in split_tokens(inner, ",")))

    def read_norm(self, token):
        start = self.position
        while self.peek() != "\\|":
            self.take()
        inner = self.tokens[start:self.position]
        self.take()
        return Node("norm", (Parser(inner).whole(),))

    def read_paren(self, token):
        inner = self.bracket(token)
        return Node("paren", (Parser(inner).whole(),))

    def read_square_bracket(self, token):
        """[a, b] a row, [j = j'] an Iverson bracket, [x] parentheses."""
        inner = self.bracket("[")
        parts = split_tokens(inner, ",")
        if len(parts) > 1:
            return Node("row", tuple(Parser(p).whole() for p in parts))
        items, relations = Parser(inner).chain_whole()
        if relations == ["="]:
            return Node("iverson", tuple(items))
        return Node("paren", (items[0],))

    def read_frac(self, token):
        top, bottom = self.group(), self.group()
        if len(top) == 2 and len(bottom) == 2 and top[0] == bottom[0] == "d":  # df/dx
            return Node("derivative", (Parser(top[1:]).whole(), Parser(bottom[1:]).whole()))
        if top and top[0] == "\\partial" and bottom and bottom[0] == "\\partial":
            variable = Parser(bottom[1:]).whole()
            if len(top) == 1:  # the operator form: \frac{\partial}{\partial w} f
                return Node("derivative", (self.term(), variable))
            return Node("derivative", (Parser(top[1:]).whole(), variable))
        return Node("div", (Parser(top).whole(), Parser(bottom).whole()))

    def read_partial(self, token):
        return Node("partial", (self.factor(),))

    def read_underbrace(self, token):
        body, label = self.group(), []
        if self.peek() == "_":
            self.take()
            label = self.group()
        shape = split_tokens(label, "\\times") if "\\times" in label else None
        if shape:  # a shape label, n \times d: checked against the shape of the body
            return Node("shaped", (Parser(body).whole(), Parser(shape[0]).whole(), Parser(shape[1]).whole()))
        return Node("paren", (Parser(body).whole(),))

    def read_environment(self, token):
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

    def read_sum(self, token):
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

    def read_function(self, token):
        prime, power = False, None
        if self.peek() == "'":
            self.take()
            prime = True
        if self.peek() == "^":  # \tanh^2(z): the power of the function's value
            self.take()
            power = Parser(self.group()).whole()
        argument = self.factor()
        node = Node("function", (argument,), value=token[1:] + ("'" if prime else ""))
        return node if power is None else Node("pow", (node, power))

    def read_ones(self, token):
        return Node("ones", value="".join(self.group()))

    def read_bar(self, token):
        return self.symbol("\\bar " + "".join(self.group()))

    def read_operator(self, token):
        """\\operatorname{tr} A: the trace of the factor after it."""
        name = "".join(self.group())
        if name != "tr":
            raise ParseError(f"operator {name}")
        return Node("trace", (self.factor(),))

    def read_roman(self, token):
        """\\mathrm{d}X: the differential of the factor after it (an upright d, never the size d)."""
        letters = "".join(self.group())
        if letters != "d":
            raise ParseError(f"\\mathrm{{{letters}}}")
        return Node("differential", (self.factor(),))

    def read_text(self, token):
        raise ParseError("text")

    def read_code_name(self, token):
        """\\texttt{weight}: a framework's name for a quantity, a symbol a `where` can alias."""
        return self.symbol(f"\\texttt{{{''.join(self.group())}}}")

    COMMANDS = {
        "\\max": read_max, "\\|": read_norm, "(": read_paren, "\\{": read_paren, "[": read_square_bracket,
        "\\frac": read_frac, "\\partial": read_partial, "\\underbrace": read_underbrace,
        "\\begin": read_environment, "\\sum": read_sum,
        "\\sigma": read_function, "\\tanh": read_function, "\\ln": read_function, "\\exp": read_function,
        "\\mathbf": read_ones, "\\bar": read_bar, "\\text": read_text, "\\texttt": read_code_name,
        "\\operatorname": read_operator, "\\mathrm": read_roman,
    }

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
                if re.fullmatch(r"\((h|out|in|L|\\ell|\\ell[+-]1)\)", text):  # \ell: a layer's number
                    layer = text[1:-1]
                elif text == "T":
                    self.position = mark  # the factor reads the transpose
                    break
                else:
                    power = Parser(sup).whole()
        node = Node("symbol", value=(letter, sub, layer, primes))
        if primes and power is None and self.peek() == "(":  # f'(Z): a derivative applied binds as one factor
            node = Node("mul", (node, self.atom()))
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


def fix_slash_derivatives(node):
    """\\partial J / \\partial w reads as a derivative."""
    if node.kind == "div" and node.args[0].kind == "partial" and node.args[1].kind == "partial":
        return Node("derivative", (node.args[0].args[0], node.args[1].args[0]))
    if node.kind == "div" and node.args[1].kind == "partial" and node.args[0].kind == "mul" \
            and node.args[0].args[1].kind == "partial":  # c \partial J / \partial W
        derivative = Node("div", (node.args[0].args[1], node.args[1]))
        return fix_slash_derivatives(Node("mul", (node.args[0].args[0], derivative)))
    args = tuple(fix_slash_derivatives(a) if isinstance(a, Node) else a for a in node.args)
    if node.kind == "matrix":
        args = tuple(tuple(fix_slash_derivatives(c) for c in row) for row in node.args)
    return Node(node.kind, args, node.value)


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
