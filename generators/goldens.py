"""Run every snippet script and compare (or rewrite) its recorded output.

    python -m generators.goldens           rewrite every golden file (on purpose)
    python -m generators.goldens --check   exit 1 if any snippet's output changed
    python -m generators.goldens deep.py   only the scripts named (with or without --check)

A script in snippets/ with an `if __name__ == "__main__":` block has a golden
file beside it: NAME.out holds what `python NAME.py` prints. A script that
takes `--math` also has NAME.math.md, what `python NAME.py --math` prints:
the page's equations with the example's numbers, included into the page.
A data script, one that takes `--json`, has NAME.json instead: what
`python NAME.py --json` prints, read by the pages' own JavaScript; and, if
its main block has a section a page shows, NAME.out too.
Scripts run from snippets/, as a reader runs them. A file is rewritten only
where the output differs beyond rounding (tests/kit/recorded.py), so rerunning on
a machine that rounds the last bit otherwise leaves the recordings alone.
"""

import ast
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

from sitebuild.sources import SNIPPETS, kit_support

# How the kits compare a recording: numbers up to the precision they are printed with.
differences = kit_support("recorded").differences
sections = kit_support("sections").sections


class Golden(NamedTuple):
    script: Path
    args: tuple
    path: Path


def main_block(source):
    """(the line of a script's `if __name__ == "__main__":` or None, the flags it tests as
    `"--x" in sys.argv[...]`), read with ast: a word in a help text or a comment decides nothing."""
    tree = ast.parse(source)
    main = next((node.lineno for node in tree.body if isinstance(node, ast.If)
                 and ast.unparse(node.test) in ("__name__ == '__main__'", "'__main__' == __name__")), None)
    flags = {node.left.value for node in ast.walk(tree)
             if isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant)
             and isinstance(node.left.value, str) and isinstance(node.ops[0], ast.In)
             and ast.unparse(node.comparators[0]).startswith("sys.argv")}
    return main, flags


def goldens():
    """Every (script, arguments, golden file) triple, in a stable order."""
    found = []
    for script in sorted(SNIPPETS.glob("*.py")):
        source = script.read_text(encoding="utf-8")
        main, flags = main_block(source)
        if main is None:
            continue
        if "--json" in flags:  # a data script: its JSON, and what a page shows of its main
            found.append(Golden(script, ("--json",), script.with_suffix(".json")))
            if sections(source.split('if __name__ == "__main__":', 1)[1]):
                found.append(Golden(script, (), script.with_suffix(".out")))
            continue
        found.append(Golden(script, (), script.with_suffix(".out")))
        if "--math" in flags:
            found.append(Golden(script, ("--math",), script.with_suffix(".math.md")))
    return found


def run(golden):
    """What the script prints now (its stdout; a failure raises with stderr)."""
    result = subprocess.run(
        [sys.executable, golden.script.name, *golden.args],
        cwd=SNIPPETS, capture_output=True, text=True, encoding="utf-8",  # UTF-8 on any console
    )
    if result.returncode != 0:
        raise RuntimeError(f"{golden.script.name} {' '.join(golden.args)} failed:\n{result.stderr}")
    return result.stdout


def main(argv):
    changed = []
    named = {Path(arg).name for arg in argv if not arg.startswith("--")}
    unknown = named - {golden.script.name for golden in goldens()}
    if unknown:
        print("no snippet with a main block named " + ", ".join(sorted(unknown)))
        return 2
    for golden in goldens():
        if named and golden.script.name not in named:
            continue
        output = run(golden)
        recorded = golden.path.read_text(encoding="utf-8") if golden.path.exists() else None
        if recorded is not None and not differences(recorded, output, golden.path.name):
            continue
        changed.append(golden.path.name)
        if "--check" not in argv:
            golden.path.write_text(output, encoding="utf-8")
            print(f"rewrote snippets/{golden.path.name}")
    if "--check" in argv and changed:
        print("changed output: " + ", ".join(changed) + " (run `make goldens` if intended)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
