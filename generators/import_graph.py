"""Draw the imports between the project's own modules, and find any cycle.

    python -m generators.import_graph   rewrite docs/measured/imports.md

Every .py in FOLDERS is read with `ast` (no module is run). An import counts
wherever it stands: at the top, inside a function, under `if TYPE_CHECKING:`
or `if __name__ == "__main__":`. It is resolved as Python would find it here:

- a dotted name whose first part is a package at the root (sitebuild,
  generators, measurements) names that package's module; `from P import x`
  names P.x if that is a module, else P itself; relative imports likewise;
- a bare name, as a script or a test finds it: the importing file's own
  folder first (a snippet run from snippets/, a test's folder, which pytest
  puts first), then pytest.ini's pythonpath, snippets/ and tests/kit/;
- `kit_support("NAME")` (sitebuild/sources.py) loads tests/kit/NAME.py by
  its file: an edge too.

Anything else (the standard library, NumPy, SymPy) is not the project's.
A module is named by its path from the root, so tests/conftest.py and
tests/kit/conftest.py stay two modules.
"""

import ast
import sys

from sitebuild.sources import ROOT

FOLDERS = ("sitebuild", "generators", "measurements", "snippets", "tests")
# Where a bare name is looked for after the importer's own folder (pytest.ini's pythonpath).
BARE_PATH = ("snippets", "tests/kit")
OUTPUT = ROOT / "docs" / "measured" / "imports.md"


def modules(root=ROOT, folders=FOLDERS):
    """{name: path} of every .py under the folders; a name is the path from root."""
    found = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            if "__pycache__" not in path.parts:
                found[path.relative_to(root).as_posix()] = path
    return found


def _is_package(folder):
    return (folder / "__init__.py").is_file()


def _dotted(root, parts):
    """The file of the module `.`.join(parts) under root, or None."""
    if not parts:
        return None
    base = root.joinpath(*parts)
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if _is_package(base):
        return base / "__init__.py"
    return None


def _package_of(root, path):
    """The dotted parts of the package a file belongs to ([] if its folder is no package)."""
    parts, folder = [], path.parent
    while folder != root and _is_package(folder):
        parts.insert(0, folder.name)
        folder = folder.parent
    return parts


def _absolute(root, path, name):
    """The file an absolute import of `name` from `path` finds, or None."""
    parts = name.split(".")
    if len(parts) == 1:
        own = [] if _is_package(path.parent) else [path.parent]
        for folder in own + [root / bare for bare in BARE_PATH]:
            candidate = folder / f"{name}.py"
            if candidate.is_file():
                return candidate
    return _dotted(root, parts) if _is_package(root / parts[0]) else None


def _targets(root, path, node):
    """The files one import statement names."""
    if isinstance(node, ast.Import):
        return [_absolute(root, path, alias.name) for alias in node.names]
    if node.level:  # relative: from the file's package, up level - 1
        package = _package_of(root, path)
        base = package[:len(package) - node.level + 1] if node.level > 1 else package
        module = base + (node.module.split(".") if node.module else [])
        found = _dotted(root, module) if module else None
        submodule = lambda alias: _dotted(root, module + [alias.name])
    else:
        found = _absolute(root, path, node.module)
        submodule = lambda alias: (_dotted(root, node.module.split(".") + [alias.name])
                                   if _is_package(root / node.module.split(".")[0]) else None)
    return [submodule(alias) or found for alias in node.names]


def _kit_support(root, node):
    """tests/kit/NAME.py of a `kit_support("NAME")` call, or None."""
    function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
    if function == "kit_support" and node.args and isinstance(node.args[0], ast.Constant):
        candidate = root / "tests" / "kit" / f"{node.args[0].value}.py"
        return candidate if candidate.is_file() else None
    return None


def imports_of(path, root=ROOT):
    """The files of the project that the file at `path` imports (a set of paths)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update(_targets(root, path, node))
        elif isinstance(node, ast.Call):
            found.add(_kit_support(root, node))
    found.discard(None)
    found.discard(path)  # `from . import x` inside x's own package __init__ is no edge to itself
    return found


def graph(root=ROOT, folders=FOLDERS):
    """{module: sorted list of the project modules it imports}, modules named by path."""
    files = modules(root, folders)
    names = {path: name for name, path in files.items()}
    return {name: sorted(names[target] for target in imports_of(path, root) if target in names)
            for name, path in files.items()}


def cycles(edges):
    """The import cycles of a graph: its strongly connected components of more than
    one module, or of one that imports itself (Tarjan's algorithm), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in edges.get(node, ()):
                found.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(edges) + 100))
    try:
        for node in sorted(edges):
            if node not in index:
                visit(node)
    finally:
        sys.setrecursionlimit(limit)
    return sorted(found)


def render(edges=None):
    """docs/measured/imports.md as it should read now."""
    edges = graph() if edges is None else edges
    found = cycles(edges)
    folders = ", ".join(f"{folder}/" for folder in FOLDERS[:-1]) + f" and {FOLDERS[-1]}/"
    lines = ["# Imports between the project's own modules", "",
             f"What each .py in {folders} imports of the project, read with `ast` by",
             "`python -m generators.import_graph` (`make imports`); tests/site/test_imports.py fails if this",
             "file is stale or an import cycle appears. A bare name (`from mlp import forward`) is found in",
             "the importer's own folder, then in snippets/ and tests/kit/ (pytest.ini's pythonpath);",
             "`kit_support(\"NAME\")` loads tests/kit/NAME.py.", ""]
    if found:
        lines += ["**Import cycles:** " + "; ".join(" ↔ ".join(f"`{m}`" for m in c) for c in found) + ".", ""]
    else:
        lines += [f"**No import cycle** among the {len(edges)} modules "
                  f"({sum(map(len, edges.values()))} imports).", ""]
    for folder in FOLDERS:
        members = [name for name in sorted(edges) if name.startswith(folder + "/")]
        lines += [f"## {folder}/", ""]
        for name in members:
            targets = ", ".join(f"`{target}`" for target in edges[name]) or "nothing of the project's"
            lines.append(f"- `{name}` → {targets}")
        lines.append("")
    return "\n".join(lines)


def main():
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 1 if cycles(graph()) else 0


if __name__ == "__main__":
    sys.exit(main())
