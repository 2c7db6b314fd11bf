"""Mutation testing of the snippets against the kit tests (`make mutate`).

    python -m measurements.mutate                 every snippet; writes docs/measured/mutation.md
    python -m measurements.mutate --only mlp.py   one snippet; prints its results, writes nothing
    python -m measurements.mutate --only mlp.py --update
                                                  one snippet; rewrites only its row (and its
                                                  survivors) in docs/measured/mutation.md
    python -m measurements.mutate --only mlp.py --function forward --function sigmoid
                                                  only the mutants in these functions (nested ones
                                                  too: --function _whole takes _whole.parts)
    python -m measurements.mutate --list          print every mutant's id, run nothing

A small AST mutator of our own: mutmut 3.x cannot swap the operands of `@` or
remove a `.T`, the two slips this site is about. Each mutant changes one node
of one snippet's non-printing code (function bodies; not report(),
math_blocks(), fmt(), bmatrix(), print calls, f-strings, docstrings or the
`if __name__ == "__main__":` demo), or unwraps a function from its input
checks (`@checked_by(checks.f)` or `f = checked_by(checks.f)(f)` becomes the
identity), and must make some fast test fail.

How it runs. The parent imports numpy, sympy, hypothesis and pytest once,
copies snippets/ and tests/kit/ (the tests a kit carries: NumPy and pytest,
nothing of the site's; sitebuild/sources.py's TEST_KINDS) into one temporary
folder per worker, and runs once, on the unmutated copy, every test module that
imports a snippet being mutated, directly or through other snippets (a test that
fails there is left out and listed). Then, two at a time, it forks a child per
mutant: the child writes the mutated snippet into its worker's copy and runs
pytest in-process (-x -q -p no:cacheprovider) on the test items that import
the snippet, directly or through other snippets, fastest first (recorded
outputs: only the scripts that import it). A child that uses more CPU time
than five times its tests took unmutated, plus 30 s (at least 60 s), is
killed by its CPU limit, so a busy machine cannot fake a timeout; a timed-out
mutant counts as killed, and is listed. The parent then restores the copy.
Nothing under the project's own snippets/ or tests/ is ever written.
Hypothesis runs under the suite's derandomized "ci" profile (CI=1), with the
tests' own example counts (--max-examples caps them, for experiments).

`--update` keeps the rest of docs/measured/mutation.md: it replaces the one
snippet's row, its survivors, timeouts and stale equivalents, recomputes the
**all** row, and adds a line saying when and at which commit that row was
measured, so a snippet added later needs no whole run.

A surviving mutant fails `make mutate` unless measurements/mutation_equivalents.toml
names it (file, function and the mutation, never a line number) with the
reason it cannot change any result.
"""

import argparse
import ast
import copy
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild.sources import ROOT
EQUIVALENTS = Path(__file__).resolve().parent / "mutation_equivalents.toml"
OUTPUT = ROOT / "docs" / "measured" / "mutation.md"

# Printing and formatting code, never mutated (wrap() wraps a message for
# printing): what it prints is checked by the recorded outputs.
SKIP_FUNCTIONS = {"report", "math_blocks", "fmt", "bmatrix", "wrap"}
# The kind of test run against each mutant: its folder, relative to a worker's copy.
KIT = Path("tests") / "kit"
WALL_BACKSTOP = 10   # a child is killed after this many times its CPU limit in wall time

ARITHMETIC = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
              ast.Pow: ast.Mult, ast.FloorDiv: ast.Div, ast.Mod: ast.FloorDiv,
              ast.BitOr: ast.BitAnd, ast.BitAnd: ast.BitOr}
COMPARISON = {ast.Lt: [ast.LtE, ast.Gt], ast.LtE: [ast.Lt, ast.GtE],
              ast.Gt: [ast.GtE, ast.Lt], ast.GtE: [ast.Gt, ast.LtE],
              ast.Eq: [ast.NotEq], ast.NotEq: [ast.Eq], ast.Is: [ast.IsNot],
              ast.IsNot: [ast.Is], ast.In: [ast.NotIn], ast.NotIn: [ast.In]}
SYMBOL = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**",
          ast.FloorDiv: "//", ast.Mod: "%", ast.BitOr: "|", ast.BitAnd: "&", ast.MatMult: "@",
          ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
          ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
          ast.And: "and", ast.Or: "or"}


# --- generating mutants ------------------------------------------------------------

@dataclass
class Mutant:
    file: str          # snippet file name, e.g. "mlp.py"
    function: str      # qualified name of the enclosing function
    kind: str          # one of KINDS
    description: str   # normalised: the statement before and after, no line number
    line: int          # for reading the report only; not part of the id
    source: str = field(repr=False, default="")  # the whole mutated module

    @property
    def id(self):
        return f"{self.file}::{self.function}::{self.description}"


KINDS = ("arithmetic", "unary minus", "comparison", "boolean", "matmul swap", "remove .T",
         "constant", "sum/mean", "axis", "keepdims", "remove check", "remove as_matrix",
         "remove raise", "return", "negate if", "remove checked_by")


def _is_docstring(node, parent):
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str) and getattr(parent, "body", [None])[0] is node)


def _is_main_block(node):
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name) and node.test.left.id == "__name__")


def _call_name(call):
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _header(stmt):
    """A statement as one normalised line: compound statements by their header only."""
    if isinstance(stmt, ast.If):
        return f"if {ast.unparse(stmt.test)}"
    if isinstance(stmt, ast.While):
        return f"while {ast.unparse(stmt.test)}"
    if isinstance(stmt, ast.For):
        return f"for {ast.unparse(stmt.target)} in {ast.unparse(stmt.iter)}"
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return f"def {stmt.name}({ast.unparse(stmt.args)})"
    if isinstance(stmt, ast.With):
        return "with " + ", ".join(ast.unparse(item) for item in stmt.items)
    return " ".join(ast.unparse(stmt).split())


def _shorten(text, limit=160):
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _change(before, after, limit=160):
    """The statement before and after, shortened; a change past the cut is shown from a
    little before it, so that two mutants of one long statement get different names."""
    if _shorten(before, limit) != _shorten(after, limit) or before == after:
        return _shorten(before, limit), _shorten(after, limit)
    start = len(os.path.commonprefix([before, after])) - 40
    return tuple("..." + _shorten(text[start:], limit - 3) for text in (before, after))


def _float_mutations(value):
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return {0: [1], 1: [0, 2]}.get(value, [value + 1])
    if isinstance(value, float):
        if value == 0.0:
            return [1.0]
        if value == 1.0:
            return [0.0, 2.0]
        if value == 0.5:
            return [1.0]
        return [value * 2]
    return []


def _assigned_names(function):
    """Local names bound by assignment in `function` (not in nested functions), in order."""
    found = []

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            if isinstance(child, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store):
                            found.append((child.lineno, name.id))
            visit(child)

    visit(function)
    return found


class _Sites(ast.NodeVisitor):
    """Every mutation site of a module: (node, kind, replacement maker, label)."""

    def __init__(self):
        self.sites = []   # (node, function qualname, statement, kind, make_replacement)
        self.stack = []   # enclosing function definitions
        self.statements = []

    def add(self, node, kind, make, function=None):
        if self.stack or function:
            name = function or ".".join(f.name for f in self.stack)
            self.sites.append((node, name, self.statements[-1], kind, make))

    def generic_visit(self, node):
        for name, value in ast.iter_fields(node):
            items = value if isinstance(value, list) else [value]
            for item in items:
                if not isinstance(item, ast.AST):
                    continue
                if _is_docstring(item, node) or _is_main_block(item):
                    continue
                if isinstance(item, ast.stmt):
                    self.statements.append(item)
                    self.visit(item)
                    self.statements.pop()
                else:
                    self.visit(item)

    def visit_FunctionDef(self, node):
        if node.name in SKIP_FUNCTIONS:
            return
        self.stack.append(node)
        for decorator in node.decorator_list:
            self._checked_by(decorator)
        self.generic_visit(node)
        self.stack.pop()

    def visit_Assign(self, node):
        # `f = checked_by(check)(f)`: the checks of a function that shares its section.
        if (not self.stack and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Call)):
            self._checked_by(node.value.func, node.targets[0].id)
        self.generic_visit(node)

    def _checked_by(self, node, function=None):
        """Unwrap a function from its input checks: its bad-input tests must notice."""
        if isinstance(node, ast.Call) and _call_name(node) == "checked_by":
            self.add(node, "remove checked_by", lambda n: ast.parse("lambda function: function",
                                                                    mode="eval").body, function)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self.generic_visit(node)

    def visit_JoinedStr(self, node):   # messages and labels: not behaviour
        return

    def visit_Raise(self, node):
        self.add(node, "remove raise", lambda n: None)

    def visit_Expr(self, node):
        if isinstance(node.value, ast.Call):
            name = _call_name(node.value)
            if name == "print":
                return
            if name.startswith("check_"):
                self.add(node, "remove check", lambda n: None)
        self.generic_visit(node)

    def visit_If(self, node):
        self.add(node.test, "negate if", lambda n: ast.UnaryOp(ast.Not(), n))
        self.generic_visit(node)

    def visit_IfExp(self, node):
        self.add(node.test, "negate if", lambda n: ast.UnaryOp(ast.Not(), n))
        self.generic_visit(node)

    def visit_Return(self, node):
        function = self.stack[-1] if self.stack else None
        if function is not None and node.value is not None:
            returned = {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}
            params = [a.arg for a in function.args.posonlyargs + function.args.args
                      if a.arg not in {"self", "cls"}]
            candidates = []
            if params and ast.unparse(node.value) != params[0]:
                candidates.append(params[0])
            before = [name for line, name in _assigned_names(function) if line < node.lineno]
            for name in reversed(before):
                if name not in returned and name not in candidates and len(candidates) < 3:
                    candidates.append(name)
            for name in candidates:
                self.add(node.value, "return", lambda n, name=name: ast.Name(name, ast.Load()))
        self.generic_visit(node)

    def visit_BinOp(self, node):
        if isinstance(node.op, ast.MatMult):
            self.add(node, "matmul swap",
                     lambda n: ast.BinOp(n.right, ast.MatMult(), n.left))
        elif type(node.op) in ARITHMETIC:
            self.add(node, "arithmetic",
                     lambda n: ast.BinOp(n.left, ARITHMETIC[type(n.op)](), n.right))
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        if type(node.op) in ARITHMETIC:
            self.add(node, "arithmetic",
                     lambda n: ast.AugAssign(n.target, ARITHMETIC[type(n.op)](), n.value))
        self.generic_visit(node)

    def visit_UnaryOp(self, node):
        if isinstance(node.op, ast.USub):
            self.add(node, "unary minus", lambda n: n.operand)
        self.generic_visit(node)

    def visit_BoolOp(self, node):
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        self.add(node, "boolean", lambda n: ast.BoolOp(other(), n.values))
        self.generic_visit(node)

    def visit_Compare(self, node):
        for i, op in enumerate(node.ops):
            for new in COMPARISON.get(type(op), []):
                def make(n, i=i, new=new):
                    ops = list(n.ops)
                    ops[i] = new()
                    return ast.Compare(n.left, ops, n.comparators)
                self.add(node, "comparison", make)
        self.generic_visit(node)

    def visit_Attribute(self, node):
        if node.attr == "T" and isinstance(node.ctx, ast.Load):
            self.add(node, "remove .T", lambda n: n.value)
        if node.attr in {"sum", "mean"}:
            other = "mean" if node.attr == "sum" else "sum"
            self.add(node, "sum/mean", lambda n: ast.Attribute(n.value, other, ast.Load()))
        self.generic_visit(node)

    def visit_Call(self, node):
        name = _call_name(node)
        if name == "print":
            return
        if name == "as_matrix" and node.args:
            self.add(node, "remove as_matrix", lambda n: n.args[-1])
        for keyword in node.keywords:
            value = keyword.value
            if keyword.arg == "axis" and isinstance(value, ast.Constant) and value.value in (0, 1):
                self.add(value, "axis", lambda n: ast.Constant(1 - n.value))
            elif keyword.arg == "keepdims" and isinstance(value, ast.Constant):
                self.add(value, "keepdims", lambda n: ast.Constant(not n.value))
            else:
                self.visit(value)
        self.visit(node.func)
        for arg in node.args:
            self.visit(arg)

    def visit_Constant(self, node):
        for new in _float_mutations(node.value):
            self.add(node, "constant", lambda n, new=new: ast.Constant(new))


def _replace(tree, old, new):
    """Put `new` where `old` is in tree (new None: remove the statement, leaving pass)."""
    for parent in ast.walk(tree):
        for name, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, name, new)
                return
            if isinstance(value, list) and any(item is old for item in value):
                index = next(i for i, item in enumerate(value) if item is old)
                value[index] = new if new is not None else ast.Pass()
                return
    raise LookupError("node not found")


def _splice(source, node, text):
    """Replace the source span of `node` by `text` (positions are UTF-8 byte offsets)."""
    data = source.encode("utf-8")
    starts = [0]
    for line in data.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    begin = starts[node.lineno - 1] + node.col_offset
    end = starts[node.end_lineno - 1] + node.end_col_offset
    return (data[:begin] + text.encode("utf-8") + data[end:]).decode("utf-8")


def generate(source, file="module.py"):
    """Every mutant of `source`, each with the whole mutated module text."""
    tree = ast.parse(source)
    visitor = _Sites()
    visitor.visit(tree)
    original = ast.dump(tree)
    mutants, seen, counts = [], set(), {}
    for node, function, statement, kind, make in visitor.sites:
        index = next(i for i, n in enumerate(ast.walk(tree)) if n is node)
        statement_index = next(i for i, n in enumerate(ast.walk(tree)) if n is statement)
        mutated_tree = copy.deepcopy(tree)
        nodes = list(ast.walk(mutated_tree))
        target, mutated_statement = nodes[index], nodes[statement_index]
        replacement = make(target)
        before = _header(statement)
        if replacement is None:
            _replace(mutated_tree, target, None)
            text = "pass"
            if kind == "remove raise":
                exception = target.exc.func if isinstance(target.exc, ast.Call) else target.exc
                guard = ""
                if isinstance(visitor_parent := _parent(tree, node), ast.If):
                    guard = f" under `if {ast.unparse(visitor_parent.test)}`"
                description = f"remove raise {ast.unparse(exception) if exception else ''}{guard}"
            else:
                description = f"remove `{_shorten(before)}`"
        else:
            _replace(mutated_tree, target, replacement)
            text = "(" + ast.unparse(replacement) + ")"
            # a mutated statement (x += 1 -> x -= 1) is the replacement itself
            after = _header(replacement if target is mutated_statement else mutated_statement)
            description = "{}: `{}` -> `{}`".format(kind, *_change(before, after))
            if kind == "remove checked_by":
                description = f"remove `{ast.unparse(node)}`"
        if ast.dump(mutated_tree) == original:
            continue
        try:
            mutated_source = _splice(source, node, text)
            compile(mutated_source, file, "exec")
        except SyntaxError:
            mutated_source = ast.unparse(mutated_tree)
        key = (function, description)
        counts[key] = counts.get(key, 0) + 1
        if counts[key] > 1:
            description += f" (#{counts[key]})"
        signature = ast.dump(ast.parse(mutated_source))
        if signature in seen:
            continue
        seen.add(signature)
        mutants.append(Mutant(file, function, kind, description, node.lineno, mutated_source))
    return mutants


def _parent(tree, node):
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            if child is node:
                return parent
    return None


# --- which tests depend on which snippet ----------------------------------------------

def imported_modules(path):
    """Top-level module names imported anywhere in a file (inside functions too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def dependents(root):
    """{snippet stem: set of snippet stems that import it, itself included, transitively}."""
    stems = {p.stem for p in (root / "snippets").glob("*.py")}
    imports = {s: imported_modules(root / "snippets" / f"{s}.py") & stems for s in stems}
    closure = {}
    for s in stems:
        seen, todo = {s}, [s]
        while todo:
            current = todo.pop()
            todo += [i for i in imports[current] if i not in seen]
            seen.update(imports[current])
        closure[s] = seen          # everything s imports, s included
    return {s: {user for user in stems if s in closure[user]} for s in stems}


# --- running tests in a forked child --------------------------------------------------

class Selector:
    """pytest plugin: keep only the chosen items, fastest first; note what failed."""

    def __init__(self, keep=None, order=None, max_examples=None):
        self.keep, self.order, self.max_examples = keep, order or {}, max_examples
        self.reports, self.first_failure, self.ran = {}, None, 0

    def pytest_collection_modifyitems(self, session, config, items):
        chosen = [i for i in items if self.keep is None or i.nodeid in self.keep]
        chosen.sort(key=lambda i: self.order.get(i.nodeid, 0.0))
        if self.max_examples:   # fewer Hypothesis examples than the test asks for
            from hypothesis import settings

            for item in chosen:
                test = getattr(item, "obj", None)
                current = getattr(test, "_hypothesis_internal_use_settings", None)
                if current is not None and getattr(test, "is_hypothesis_test", False):
                    test._hypothesis_internal_use_settings = settings(
                        current, max_examples=min(self.max_examples, current.max_examples))
        deselected = [i for i in items if i not in chosen]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
        items[:] = chosen

    def pytest_runtest_logreport(self, report):
        entry = self.reports.setdefault(report.nodeid, {"duration": 0.0, "outcome": "passed"})
        entry["duration"] += report.duration
        if report.failed:
            entry["outcome"] = "failed"
            self.first_failure = self.first_failure or report.nodeid
        elif report.skipped and entry["outcome"] == "passed":
            entry["outcome"] = "skipped"
        if report.when == "call":
            self.ran += 1


def _isolate():
    """In a child: its own process group, no bytecode caches, derandomized Hypothesis."""
    os.setpgid(0, 0)
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"   # a stale .pyc could hide a mutant
    os.environ["CI"] = "1"                        # the suite's derandomized profile
    sys.dont_write_bytecode = True


def _child(slot, test_files, keep, order, result_path, log_path, mutant=None, max_examples=None,
           cpu_limit=None):
    """In a forked child: write the mutant into the slot's copy, run pytest, write the result."""
    _isolate()
    if cpu_limit:   # CPU seconds, not wall time: a loaded machine does not fake a timeout
        resource.setrlimit(resource.RLIMIT_CPU, (int(cpu_limit), int(cpu_limit) + 5))
    code = 3
    try:
        with open(log_path, "wb") as log:
            os.dup2(log.fileno(), 1)
            os.dup2(log.fileno(), 2)
        if mutant is not None:
            (slot / "snippets" / mutant.file).write_text(mutant.source, encoding="utf-8")
        os.chdir(slot)
        import pytest

        selector = Selector(keep, order, max_examples)
        args = ["-x", "-q", "-p", "no:cacheprovider", "--rootdir", str(slot),
                "-c", str(slot / "pytest.ini"), "--basetemp", str(slot / "basetemp"),
                *[str(slot / KIT / f) for f in test_files]]
        if mutant is None:
            args.remove("-x")
        code = int(pytest.main(args, plugins=[selector]))
        result = {"exit": code, "first_failure": selector.first_failure, "ran": selector.ran,
                  "reports": selector.reports if mutant is None else {}}
        Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    finally:
        os._exit(0)


def _prepare_slot(root, slot):
    for name in ("snippets", KIT):
        shutil.copytree(root / name, slot / name, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
    shutil.copy(root / "pytest.ini", slot / "pytest.ini")


def _clean_slot(slot, restore):
    for path in list(slot.rglob("__pycache__")) + [slot / ".hypothesis", slot / "basetemp"]:
        shutil.rmtree(path, ignore_errors=True)
    for name, text in restore.items():
        (slot / "snippets" / name).write_text(text, encoding="utf-8")


def fast_test_items(root, reports):
    """Item ids of the baseline run that passed (failing ones are returned apart)."""
    passed = [n for n, r in reports.items() if r["outcome"] == "passed"]
    failed = sorted(n for n, r in reports.items() if r["outcome"] == "failed")
    return passed, failed


def test_modules(root):
    return sorted(p.name for p in (root / KIT).glob("test_*.py"))


def seeing_modules(root, users):
    """The test modules that import one of the snippets `users` (by their stems)."""
    stems = {p.stem for p in (root / "snippets").glob("*.py")}
    return [m for m in test_modules(root) if imported_modules(root / KIT / m) & stems & users]


def select(mutants, functions=None):
    """The mutants in the named functions (and the functions nested in them); all if None."""
    if not functions:
        return list(mutants)
    return [m for m in mutants if any(m.function == f or m.function.startswith(f + ".") for f in functions)]


def relevant_items(snippet, items, root, users):
    """The test items that can see a change to `snippet`, as node ids."""
    stems = {p.stem for p in (root / "snippets").glob("*.py")}
    chosen = []
    for item in items:
        module = item.split("::")[0].split("/")[-1]
        imported = imported_modules(root / KIT / module) & stems
        if imported & users:
            chosen.append(item)
    return chosen


@dataclass
class Result:
    mutant: Mutant
    status: str          # killed, survived, timeout
    seconds: float       # wall time
    killer: str = ""
    cpu: float = 0.0     # CPU time of the child and the processes it waited for


def run(root, snippets, jobs=2, timeout_factor=5.0, progress=True,
        preload=("numpy", "sympy", "hypothesis", "pytest"), max_examples=None, functions=None):
    """Run every mutant of the given snippet files (only those in `functions`, if given);
    returns (results, baseline info).

    The modules in `preload` are imported once here, so every forked child has them.
    The baseline runs only the test modules that import one of the snippets, directly
    or through another snippet: no other test is ever run against their mutants.
    """
    for module in preload:
        __import__(module)
    work = Path(tempfile.mkdtemp(prefix="mutate-"))
    try:
        slots = [work / f"worker{i}" for i in range(jobs)]
        for slot in slots:
            _prepare_slot(root, slot)
        originals = {p.name: p.read_text(encoding="utf-8") for p in (slots[0] / "snippets").glob("*.py")}
        users = dependents(slots[0])
        modules = seeing_modules(slots[0], set().union(*(users[Path(n).stem] for n in snippets)))

        # Baseline: every test that can see them once, unmutated, to learn durations and failures.
        started = time.monotonic()
        result_path = work / "baseline.json"
        if not modules:   # no test imports them: their mutants all survive, untested
            result_path.write_text(json.dumps({"reports": {}}), encoding="utf-8")
        else:
            pid = os.fork()
            if pid == 0:
                _baseline_child(slots[0], modules, result_path, work / "baseline.log")
            os.waitpid(pid, 0)
        if not result_path.exists():
            raise SystemExit(f"baseline run failed; see {work / 'baseline.log'}:\n"
                             + (work / "baseline.log").read_text(errors="replace")[-3000:])
        baseline = json.loads(result_path.read_text(encoding="utf-8"))
        _clean_slot(slots[0], {})
        passed, failed = fast_test_items(slots[0], baseline["reports"])
        durations = {n: r["duration"] for n, r in baseline["reports"].items()}
        baseline_seconds = time.monotonic() - started

        jobs_list = []
        for name in snippets:
            stem = Path(name).stem
            items = relevant_items(stem, passed, slots[0], users[stem])
            limit = max(60.0, timeout_factor * sum(durations[i] for i in items) + 30.0)
            for mutant in select(generate(originals[name], name), functions):
                jobs_list.append((mutant, items, limit))

        results, running, free = [], {}, list(slots)
        pending = list(jobs_list)
        total = len(pending)
        while pending or running:
            while pending and free:
                mutant, items, limit = pending.pop(0)
                if not items:   # no fast test imports the snippet: nothing can kill it
                    results.append(Result(mutant, "survived", 0.0, "no test"))
                    continue
                slot = free.pop(0)
                out = work / f"result-{len(results) + len(running)}.json"
                log = work / "mutant.log"
                order = {i: durations.get(i, 0.0) for i in items}
                files = sorted({i.split("::")[0].split("/")[-1] for i in items})
                child = os.fork()
                if child == 0:
                    _child(slot, files, set(items), order, out, f"{log}.{slot.name}", mutant,
                           max_examples, cpu_limit=limit)
                running[child] = (mutant, slot, time.monotonic(), limit, out)
            time.sleep(0.01)
            for child, (mutant, slot, begun, limit, out) in list(running.items()):
                done, status, usage = os.wait4(child, os.WNOHANG)
                elapsed = time.monotonic() - begun
                # The child's CPU limit is the timeout; wall time is only a backstop
                # (ten times as long) against a child that waits on nothing.
                if done == 0 and elapsed <= WALL_BACKSTOP * limit:
                    continue
                if done == 0 or (os.WIFSIGNALED(status)
                                 and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)):
                    try:
                        os.killpg(child, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    if done == 0:
                        _, _, usage = os.wait4(child, 0)
                    result = Result(mutant, "timeout", elapsed)
                else:
                    result = _read(mutant, out, elapsed, slot)
                result.cpu = usage.ru_utime + usage.ru_stime
                results.append(result)
                _clean_slot(slot, {mutant.file: originals[mutant.file]})
                free.append(slot)
                del running[child]
                if progress:
                    print(f"[{len(results)}/{total}] {result.status:<8} {elapsed:5.1f}s "
                          f"{mutant.id}" + (f"  <- {result.killer}" if result.killer else ""), flush=True)
        return results, {"failed": failed, "tests": len(passed), "seconds": baseline_seconds,
                         "modules": [str(KIT / m) for m in modules]}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _baseline_child(slot, modules, result_path, log_path):
    _isolate()
    try:
        with open(log_path, "wb") as log:
            os.dup2(log.fileno(), 1)
            os.dup2(log.fileno(), 2)
        os.chdir(slot)
        import pytest

        selector = Selector()
        args = ["-q", "-p", "no:cacheprovider", "--rootdir", str(slot), "-c", str(slot / "pytest.ini"),
                "--basetemp", str(slot / "basetemp"), *[str(slot / KIT / m) for m in modules]]
        pytest.main(args, plugins=[selector])
        reports = {_relative(n): r for n, r in selector.reports.items()}
        Path(result_path).write_text(json.dumps({"reports": reports}), encoding="utf-8")
    finally:
        os._exit(0)


def _relative(nodeid):
    return nodeid


def _read(mutant, out, elapsed, slot):
    if not out.exists():   # the child died without a word: a crash kills the mutant
        return Result(mutant, "killed", elapsed, "crash")
    data = json.loads(out.read_text(encoding="utf-8"))
    if data["exit"] == 0:
        return Result(mutant, "survived", elapsed)
    if data["exit"] == 5:  # no test selected: nothing can kill it
        return Result(mutant, "survived", elapsed, "no test")
    killer = data["first_failure"] or {2: "collection error", 1: "a test"}.get(data["exit"], "pytest error")
    return Result(mutant, "killed", elapsed, killer)


# --- equivalent mutants and the report -----------------------------------------------

def load_equivalents(path=EQUIVALENTS):
    """{(file, function, mutation): reason} from the registry."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {(e["file"], e["function"], e["mutation"]): e["reason"] for e in data.get("equivalent", [])}


def git_state(root):
    def git(*args):
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True).stdout.strip()
    commit = git("rev-parse", "HEAD") or "unknown"
    dirty = bool(git("status", "--porcelain", "--", "snippets", str(KIT)))
    return commit, dirty


HEADINGS = {"survivors": "Surviving mutants:", "timeouts": "Mutants killed by the timeout:",
            "left out": "Tests left out because they failed before any mutation:",
            "stale": "Registered equivalents that no longer match a surviving mutant:",
            "alone": "Rows measured alone since, with `--only NAME --update`:"}


@dataclass
class SnippetPart:
    """One snippet's share of the report: its counts and its list items."""
    name: str
    counts: tuple        # mutants, killed, equivalent survivors, other survivors, CPU seconds
    survivors: list      # list items, "- ..."
    timeouts: list
    stale: list
    failures: list       # Results of non-equivalent survivors


def snippet_part(results, equivalents, name):
    mine = [r for r in results if r.mutant.file == name]
    survived = [r for r in mine if r.status == "survived"]
    equivalent = [r for r in survived if _key(r.mutant) in equivalents]
    survivors, failures, untested = [], [], 0
    for r in survived:
        m = r.mutant
        reason = equivalents.get(_key(m))
        label = f"`{m.file}` `{m.function}` (line {m.line}): {m.description}"
        if reason:
            survivors.append(f"- equivalent: {label}. *{reason}*")
        elif r.killer == "no test":
            failures.append(r)
            untested += 1
        else:
            failures.append(r)
            survivors.append(f"- **not equivalent**: {label}")
    if untested:
        survivors.append(f"- **not equivalent**: all {untested} mutants of `{name}`: no fast test "
                         "imports it, so none was run (`--list` names them)")
    timeouts = [f"- `{r.mutant.file}` `{r.mutant.function}`: {r.mutant.description} "
                f"(killed after {r.seconds:.0f} s)" for r in mine if r.status == "timeout"]
    used = {_key(r.mutant) for r in survived}
    stale = [f"- `{k[0]}` `{k[1]}`: {k[2]}" for k in equivalents if k[0] == name and k not in used]
    counts = (len(mine), len(mine) - len(survived), len(equivalent), len(survived) - len(equivalent),
              sum(r.cpu for r in mine))
    return SnippetPart(name, counts, survivors, timeouts, stale, failures)


def _row(name, counts):
    mutants, killed, equivalent, other, cpu = counts
    return f"| `{name}` | {mutants} | {killed} | {equivalent} | {other} | {cpu:.0f} s |"


def _all_row(counts_list):
    total = [sum(c[i] for c in counts_list) for i in range(5)]
    return "| **all** | " + " | ".join(f"**{x}**" for x in total[:4]) + f" | **{total[4]:.0f} s** |"


def _run_words(commit, dirty, machine_line, max_examples):
    return (f"at commit `{commit[:12]}`{' with uncommitted changes to snippets/ or tests/kit/' if dirty else ''}; "
            f"{machine_line}. Hypothesis ran derandomized (the suite's `ci` profile), "
            + (f"with at most {max_examples} examples per test." if max_examples
               else "with each test's own number of examples."))


def report(results, baseline, equivalents, wall, commit, dirty, machine_line, snippets,
           max_examples=None, jobs=2):
    """The Markdown measurement, and the non-equivalent survivors."""
    parts = [snippet_part(results, equivalents, name) for name in snippets]
    survivors = [item for part in parts for item in part.survivors]
    timeouts = [item for part in parts for item in part.timeouts]
    stale = [item for part in parts for item in part.stale]
    lines = [
        "| snippet | mutants | killed | survivors, equivalent | survivors, not equivalent | CPU time |",
        "| --- | ---: | ---: | ---: | ---: | ---: |", *[_row(p.name, p.counts) for p in parts],
        _all_row([p.counts for p in parts]), "",
        f"Killed counts timeouts ({len(timeouts)}). CPU time is that of the forked test runs; "
        f"the whole run took {wall / 60:.1f} min of wall time with {jobs} workers, including "
        f"a first run of the {baseline['tests']} kit tests on the unmutated code "
        f"({baseline['seconds']:.0f} s).", "",
        HEADINGS["survivors"], "", *(survivors or ["- none"]), "",
    ]
    if timeouts:
        lines += [HEADINGS["timeouts"], "", *timeouts, ""]
    if baseline["failed"]:
        lines += [HEADINGS["left out"], "", *[f"- `{n}`" for n in baseline["failed"]], ""]
    if stale:
        lines += [HEADINGS["stale"], "", *stale, ""]
    lines += [f"Measured on {time.strftime('%Y-%m-%d', time.gmtime())} with `make mutate` "
              + _run_words(commit, dirty, machine_line, max_examples)]
    return "\n".join(lines) + "\n", [r for part in parts for r in part.failures]


def _first_quoted(item):
    found = re.search(r"`([^`]+)`", item)
    return found.group(1) if found else ""


def _section(lines, heading):
    """(index of the heading, index of its first item, index after its last item), or None."""
    if heading not in lines:
        return None
    at = lines.index(heading)
    first = at + 2
    end = first
    while end < len(lines) and lines[end].startswith("- "):
        end += 1
    return at, first, end


def _replace_items(lines, key, drop, new_items, empty=None):
    """Replace the items `drop` picks in the list under HEADINGS[key] by new_items, kept in
    order of their first `quoted` name; a list left empty says `empty`, or goes."""
    heading = HEADINGS[key]
    found = _section(lines, heading)
    old = [] if found is None else [item for item in lines[found[1]:found[2]] if item != "- none"]
    items = [item for item in old if not drop(item)] + list(new_items)
    items.sort(key=_first_quoted)   # stable: a snippet's own items keep their order
    if not items and empty:
        items = [empty]
    block = [heading, "", *items, ""] if items else []
    if found is not None:
        lines[found[0]:found[2] + 1] = block
        return
    if key == "alone":   # the last paragraph, after the whole run's "Measured on"
        while lines and lines[-1] == "":
            lines.pop()
        lines += ["", *block]
        return
    order = list(HEADINGS)[:-1]
    later = [HEADINGS[k] for k in order[order.index(key) + 1:] if HEADINGS[k] in lines]
    at = lines.index(later[0]) if later else next(
        i for i, line in enumerate(lines) if line.startswith("Measured on "))
    lines[at:at] = block


def update_report(old, results, baseline, equivalents, wall, commit, dirty, machine_line, name,
                  max_examples=None, jobs=2):
    """The report `old` with one snippet's row, survivors, timeouts and stale equivalents
    replaced by this run's (every other row kept; the **all** row recomputed), the failing
    tests of the modules it ran replaced, and a line saying when that row was measured."""
    part = snippet_part(results, equivalents, name)
    lines = old.rstrip("\n").split("\n")
    rows = {}
    for line in lines:
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = tuple(int(c) for c in cells[1:5]) + (float(cells[5].removesuffix(" s")),)
    rows[name] = part.counts
    table_start = next(i for i, line in enumerate(lines) if line.startswith("| snippet |"))
    table_end = next(i for i, line in enumerate(lines) if line.startswith("| **all** |"))
    lines[table_start + 2:table_end + 1] = [*(_row(n, rows[n]) for n in sorted(rows)),
                                            _all_row([rows[n] for n in sorted(rows)])]

    def mine(item):
        return _first_quoted(item) == name

    _replace_items(lines, "survivors", mine, part.survivors, empty="- none")
    _replace_items(lines, "timeouts", mine, part.timeouts)
    ran = tuple(f"{module}::" for module in baseline.get("modules", ()))
    _replace_items(lines, "left out", lambda item: _first_quoted(item).startswith(ran),
                   [f"- `{n}`" for n in baseline["failed"]])
    _replace_items(lines, "stale", mine, part.stale)
    found = _section(lines, HEADINGS["timeouts"])
    count = 0 if found is None else found[2] - found[1]
    lines = [re.sub(r"^Killed counts timeouts \(\d+\)", f"Killed counts timeouts ({count})", line)
             for line in lines]
    when = time.strftime("%Y-%m-%d", time.gmtime())
    _replace_items(lines, "alone", mine, [
        f"- `{name}`: on {when}, {wall / 60:.1f} min of wall time with {jobs} workers, including a first run "
        f"of the {baseline['tests']} kit tests that import it ({baseline['seconds']:.0f} s), "
        + _run_words(commit, dirty, machine_line, max_examples)])
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n", part.failures


def _key(mutant):
    return (mutant.file, mutant.function, mutant.description)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", metavar="FILE", help="one snippet (mlp.py or snippets/mlp.py); writes nothing")
    parser.add_argument("--update", action="store_true",
                        help="with --only: rewrite that snippet's row and survivors in the report, keep the rest")
    parser.add_argument("--function", metavar="NAME", action="append",
                        help="only the mutants in this function and those nested in it (repeatable); writes nothing")
    parser.add_argument("--list", action="store_true", help="print every mutant's id and exit")
    parser.add_argument("--jobs", type=int, default=2, help="forked workers (default 2)")
    parser.add_argument("--max-examples", type=int, default=None,
                        help="cap Hypothesis examples per test (default: each test's own)")
    parser.add_argument("--out", type=Path, default=None, help=f"report file (default {OUTPUT})")
    args = parser.parse_args(argv)

    snippets = sorted(p.name for p in (ROOT / "snippets").glob("*.py"))
    if args.only:
        name = Path(args.only).name
        if name not in snippets:
            parser.error(f"no snippet {name} in snippets/")
        snippets = [name]
    if args.update and not args.only:
        parser.error("--update rewrites one snippet's row: name it with --only")
    if args.update and args.function:
        parser.error("--update needs every mutant of the snippet, not those of --function")
    out = args.out or OUTPUT
    if args.update and not out.exists():
        parser.error(f"no report {out} to update: run the whole `make mutate` first")
    if args.list:
        for name in snippets:
            for mutant in select(generate((ROOT / "snippets" / name).read_text(encoding="utf-8"), name),
                                 args.function):
                print(f"{mutant.kind:<16} line {mutant.line:<4} {mutant.id}")
        return 0

    commit, dirty = git_state(ROOT)
    started = time.monotonic()
    results, baseline = run(ROOT, snippets, jobs=args.jobs, max_examples=args.max_examples,
                            functions=args.function)
    wall = time.monotonic() - started
    from sitebuild.local_site import machine

    if args.update:
        text, failures = update_report(out.read_text(encoding="utf-8"), results, baseline, load_equivalents(),
                                       wall, commit, dirty, machine(), snippets[0], args.max_examples, args.jobs)
    else:
        text, failures = report(results, baseline, load_equivalents(), wall, commit, dirty,
                                machine(), snippets, args.max_examples, args.jobs)
        out = None if (args.only or args.function) and not args.out else out
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}")
    print(text)
    if failures:
        print(f"{len(failures)} surviving mutant(s) not registered as equivalent", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
