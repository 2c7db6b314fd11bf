"""The project's imports go one way, and its drawing (docs/measured/imports.md) is current.

generators/import_graph.py reads every module's imports with `ast`; a cycle
anywhere (a type-only or a lazy import counts) fails here. No module edits
sys.path: the package is installed, the snippets and tests/kit are on pytest's
pythonpath; only a reader's downloaded notebook (docs/notebooks/) finds the
snippets beside it that way.
"""

import ast

import pytest

from generators import import_graph
from sitebuild.sources import ROOT


def test_the_project_has_no_import_cycle():
    assert import_graph.cycles(import_graph.graph()) == []


def test_the_drawing_is_current():
    # `make imports` rewrites it after a module or an import is added, moved or removed.
    written = import_graph.OUTPUT.read_text(encoding="utf-8")
    assert written == import_graph.render(), "docs/measured/imports.md is stale: run `make imports`"


def test_two_snippets_that_import_each_other_are_a_cycle(tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "first.py").write_text("import second\n")
    (tmp_path / "snippets" / "second.py").write_text("def f():\n    from first import g\n")
    (tmp_path / "snippets" / "third.py").write_text("import first\n")
    edges = import_graph.graph(tmp_path, ("snippets",))
    assert edges["snippets/third.py"] == ["snippets/first.py"]
    assert import_graph.cycles(edges) == [["snippets/first.py", "snippets/second.py"]]
    assert "**Import cycles:** `snippets/first.py` ↔ `snippets/second.py`" in import_graph.render(edges)


def test_a_type_only_import_inside_a_package_is_an_edge(tmp_path):
    package = tmp_path / "sitebuild" / "checker"
    package.mkdir(parents=True)
    for folder in (package.parent, package):
        (folder / "__init__.py").write_text("")
    (package / "check.py").write_text("from .evaluate import Evaluator\n")
    (package / "evaluate.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sitebuild.checker import check\n")
    edges = import_graph.graph(tmp_path, ("sitebuild",))
    assert import_graph.cycles(edges) == [["sitebuild/checker/check.py", "sitebuild/checker/evaluate.py"]]


def path_edits(source):
    """The lines of `source` that change Python's module search path."""
    found = []
    for node in ast.walk(ast.parse(source)):
        targets = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        # sys.path = ..., sys.path += ..., sys.path[0] = ...
        names = [ast.unparse(t.value if isinstance(t, ast.Subscript) else t) for t in targets]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            names.append(ast.unparse(node.func))  # sys.path.insert(...), site.addsitedir(...)
        if isinstance(node, ast.ImportFrom) and node.module in ("sys", "site"):
            names += [f"{node.module}.{alias.name}" for alias in node.names]  # from sys import path
        if any(name in ("sys.path", "site.addsitedir") or name.startswith("sys.path.") for name in names):
            found.append(node.lineno)
    return found


def project_files():
    """Every .py of the project's own, outside the generated and the installed."""
    skipped = {".git", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis", ".cache"}
    top_skipped = {"site", "kits", "test-artifacts"}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if (skipped & set(parts) or parts[0] in top_skipped or parts[0].startswith((".venv", ".lock-venv"))
                or any(part.endswith(".egg-info") for part in parts)):
            continue
        yield path


def test_no_module_edits_sys_path():
    files = list(project_files())
    assert any(path.name == "import_graph.py" for path in files) and len(files) > 100
    edits = {path.relative_to(ROOT).as_posix(): lines for path in files
             if not path.is_relative_to(ROOT / "docs" / "notebooks")
             and (lines := path_edits(path.read_text(encoding="utf-8")))}
    assert edits == {}
    # The reader's notebook, which finds the snippets beside it, is seen and let through.
    assert path_edits((ROOT / "docs" / "notebooks" / "train-digits.py").read_text(encoding="utf-8"))


@pytest.mark.parametrize("source, line", [
    ("import sys\nsys.path.insert(0, 'x')", 2), ("import sys\nsys.path.append('x')", 2),
    ("import sys\nsys.path[:0] = ['x']", 2), ("import sys\nsys.path += ['x']", 2),
    ("import sys\nsys.path = ['x']", 2), ("import site\nsite.addsitedir('x')", 2),
    ("from sys import path\npath.insert(0, 'x')", 1)])
def test_each_way_of_editing_sys_path_is_found(source, line):
    assert path_edits(source) == [line]


def test_a_comment_or_a_read_of_sys_path_is_no_edit():
    assert path_edits("import sys\n# sys.path.insert(0, 'x')\nprint(sys.path[0], len(sys.path))\n") == []
