"""Kits: for every page that shows code, one zip with exactly what its checks need.

    python -m sitebuild.kits [--out DIR]    write every kit as DIR/<page>.zip (default: kits/)

The site's build makes the same zips (the build serves them as
kits/<page>.zip) from the repository's own files, so a kit cannot drift from
the code it checks. A page's kit holds:

- the snippets the page includes, and every snippet they import;
- the recorded output of each of those scripts (NAME.out, NAME.math.md, NAME.json);
- the test modules of those snippets (tests/kit/test_<stem>.py and
  tests/kit/test_<stem>_*.py), the snippets those tests import, and their
  support beside them, TEST_SUPPORT: conftest.py, support.py, recorded.py (how
  a recording is compared: numbers up to rounding) and sections.py (the markers
  of what a page shows of a snippet), all into the kit's tests/;
- requirements.txt: exact pins of NumPy and pytest, and of SymPy and Hypothesis
  only where the kit's code imports them, with what they need in turn;
- README.md with the two commands, and pytest.ini.

One more kit, site.zip, holds every snippet and every snippet test.

A notebook page, docs/notebooks/NAME.py, gets a kit too, kits/NAME.zip: the
notebook as NAME.ipynb (for Jupyter) and as NAME.py (its jupytext source, a
plain script), the snippets it imports, its test modules
(tests/notebook/test_NAME_*.py, with - read as _), which run it as a script, and the
exact pins of what they import (scikit-learn and matplotlib among them).
"""

import argparse
import hashlib
import io
import os
import re
import subprocess
import venv
import zipfile
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import jupytext
import nbformat

from sitebuild import sources
from sitebuild.page_notebook import number_cells
from sitebuild.sources import DOCS, KIT_TESTS, NOTEBOOK_TESTS, ROOT, SNIPPETS, imports_of, snippet_closure, tests_for

# What a kit may need, by import name, and the distribution each comes in.
THIRD_PARTY = {"numpy": "numpy", "pytest": "pytest", "sympy": "sympy", "hypothesis": "hypothesis",
               "matplotlib": "matplotlib", "sklearn": "scikit-learn"}
NOTEBOOKS = DOCS / "notebooks"  # notebook pages, in jupytext's percent format
RECORDED_SUFFIXES = (".out", ".math.md", ".json")
# Every file of a zip gets this date, so the same sources give the same bytes.
FIXED_DATE = (2024, 1, 1, 0, 0, 0)

PYTEST_INI = """[pytest]
testpaths = tests
# The snippets, imported as a reader runs them, from snippets/.
pythonpath = snippets
addopts = -ra --strict-markers
"""
# What every kit's tests/ holds beside its test modules (tests/kit/ in the repository).
TEST_SUPPORT = ("conftest.py", "support.py", "recorded.py", "sections.py")


class Kit(NamedTuple):
    name: str        # the page's slug, or "site"
    title: str       # what the README calls it
    files: dict      # path inside the kit -> bytes


def requirements(paths):
    """Exact pins of the third-party packages the files import, and of what those need."""
    wanted = {"numpy", "pytest"}
    for path in paths:
        wanted |= {THIRD_PARTY[name] for name in imports_of(path) & set(THIRD_PARTY)}
    pins, markers, todo = {}, {}, [(name, "") for name in sorted(wanted)]
    while todo:
        name, marker = todo.pop()
        dist = metadata.distribution(name)
        key = dist.metadata["Name"].lower()
        if key in pins:
            continue
        pins[key], markers[key] = dist.version, marker
        for requirement in dist.requires or []:
            name_part, _, condition = (part.strip() for part in requirement.partition(";"))
            if "extra ==" in condition or "python_version" in condition:
                continue  # optional extras, and back-ports for Pythons older than 3.11
            todo.append((re.split(r"[\s<>=!~\[(]", name_part, maxsplit=1)[0], condition))
    # A platform marker (colorama on Windows) stays, so the kit installs anywhere.
    lines = [f"{name}=={version}" + (f" ; {markers[name]}" if markers[name] else "")
             for name, version in sorted(pins.items())]
    return "# Exact pins of what this kit's code imports, and of what those need.\n" + "\n".join(lines) + "\n"


# Every kit's README opens with its two commands.
TWO_COMMANDS = """From this folder, with Python 3.11 or newer (in a virtual environment if you like:
`python -m venv .venv` and activate it first):

```bash
python -m pip install -r requirements.txt
python -m pytest
```
"""


def readme(title, tests):
    listing = "\n".join(f"- `tests/{path.name}`" for path in tests)
    return f"""# Run the checks of "{title}" yourself

{TWO_COMMANDS}
`snippets/` holds the scripts the page shows and what they import, each with its
recorded output beside it; the tests rerun every script and compare, check each
gradient against central finite differences, and check the algebra with SymPy.
The test modules:

{listing}

Change a snippet and run `python -m pytest` again to see which check catches it.
Made by the site's build from its own files: the page's code, not a copy of it.

Where it was tried: the machine that builds the site (Linux, x86-64) runs every
kit with OpenBLAS forced to other kernels, with NumPy's SIMD paths off, with one
thread and four, in a cp1252 console, in the C locale, and unpacked in a folder
whose name has a space and an accent (the site's About page shows the table);
the site's repository runs the whole-site kit on Linux, macOS and Windows with
Python 3.11 to 3.14 on every push. Recorded numbers are compared at the precision
they are printed with, since the last bits of a float depend on the CPU: a failure
names the file, the line, both values and the tolerance, so rounding and a real
difference cannot be confused.
"""


def assemble(name, title, stems, candidates):
    """The files of one kit: the snippets, their recorded outputs, the tests and the rest."""
    tests = tests_for(stems, candidates) if name != "site" else list(candidates)
    needed = set(stems)
    for path in tests:
        needed |= {module for module in imports_of(path) if (SNIPPETS / f"{module}.py").exists()}
    scripts = sorted(snippet_closure(needed))
    files = {}
    for stem in scripts:
        files[f"snippets/{stem}.py"] = (SNIPPETS / f"{stem}.py").read_bytes()
        for suffix in RECORDED_SUFFIXES:
            recorded = SNIPPETS / f"{stem}{suffix}"
            if recorded.exists():
                files[f"snippets/{recorded.name}"] = recorded.read_bytes()
    # A test may also read another page's recording (the m-d-t page checks the 2-2-2 numbers).
    for path in tests:
        for other in re.findall(r'"([\w.]+\.(?:out|math\.md|json))"', path.read_text(encoding="utf-8")):
            if (SNIPPETS / other).exists():
                files[f"snippets/{other}"] = (SNIPPETS / other).read_bytes()
    files.update({f"tests/{name}": (KIT_TESTS / name).read_bytes() for name in TEST_SUPPORT})
    for path in tests:
        files[f"tests/{path.name}"] = path.read_bytes()
    # conftest.py imports SymPy and Hypothesis only if a test needs them.
    code = [SNIPPETS / f"{stem}.py" for stem in scripts] + tests
    files["requirements.txt"] = requirements(code).encode()
    files["pytest.ini"] = PYTEST_INI.encode()
    files["README.md"] = readme(title, tests).encode()
    return Kit(name, title, files)


def kits():
    """One kit per page that includes snippet code, and the whole-site kit (tests/kit/ whole)."""
    candidates = sorted(KIT_TESTS.glob("test_*.py"))
    found = []
    for page in sources.pages():
        stems = sources.page_snippets(page)
        if stems:
            found.append(assemble(Path(page).stem, sources.page_title(page), stems, candidates))
    every = {path.stem for path in SNIPPETS.glob("*.py")}
    found.append(assemble("site", "every page of the site", every, candidates))
    return found


SITE_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\((?!https?:|#)[^)]*\)")


def notebook_json(source):
    """A jupytext notebook source as the .ipynb the site serves, without outputs.

    A downloaded notebook has no site around it: a link into the site becomes its
    text, marked "(on the site)", as in the page notebooks."""
    notebook = number_cells(jupytext.read(source))
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = SITE_LINK.sub(r"\1 (on the site)", cell.source)
    return nbformat.writes(notebook).encode()


def notebook_readme(title, stem, tests):
    listing = "\n".join(f"- `tests/{path.name}`" for path in tests)
    return f"""# Run the notebook "{title}" yourself

{TWO_COMMANDS}
The tests run the notebook as a plain script, from its own file, and check what
its page says of it: the gradient checks pass and can fail, the loss falls, the
test accuracy reaches its stated floor. The test modules:

{listing}

Then run it yourself: `python {stem}.py` prints every result and shows each
plot in a window (close it to go on), or open `{stem}.ipynb` in a JupyterLab
installed into this same environment, so that its kernel sees the packages
above (a Jupyter installed elsewhere runs a kernel without them):

```bash
python -m pip install jupyterlab
python -m jupyter lab
```

Or keep your own Jupyter and give it this environment's kernel:
`python -m pip install ipykernel`, then
`python -m ipykernel install --user --name {stem}`, and choose the kernel
"{stem}" in Jupyter. Both are the same notebook, made by the site's build from
its source; it imports the site's functions from `snippets/`, beside it.
"""


def assemble_notebook(source, candidates):
    """The files of a notebook page's kit: the notebook twice, its snippets, its tests, its pins."""
    prefix = f"test_{source.stem.replace('-', '_')}_"
    tests = [path for path in candidates if path.stem.startswith(prefix)]
    needed = {module for path in (source, *tests) for module in imports_of(path)
              if (SNIPPETS / f"{module}.py").exists()}
    scripts = sorted(snippet_closure(needed))
    files = {f"{source.stem}.py": source.read_bytes(), f"{source.stem}.ipynb": notebook_json(source)}
    for stem in scripts:
        files[f"snippets/{stem}.py"] = (SNIPPETS / f"{stem}.py").read_bytes()
    files.update({f"tests/{name}": (KIT_TESTS / name).read_bytes() for name in TEST_SUPPORT})
    for path in tests:
        files[f"tests/{path.name}"] = path.read_bytes()
    files["requirements.txt"] = requirements([source, *[SNIPPETS / f"{stem}.py" for stem in scripts],
                                              *tests]).encode()
    files["pytest.ini"] = PYTEST_INI.encode()
    title = re.search(r"^# # (.+)$", source.read_text(encoding="utf-8"), re.M)[1].strip()
    files["README.md"] = notebook_readme(title, source.stem, tests).encode()
    return Kit(source.stem, title, files)


def notebook_kits():
    """One kit per notebook page, docs/notebooks/NAME.py, with its tests from tests/notebook/."""
    candidates = sorted(NOTEBOOK_TESTS.glob("test_*.py"))
    return [assemble_notebook(source, candidates) for source in sorted(NOTEBOOKS.glob("*.py"))]


def served_kits():
    """Every kit the site serves: the pages', the whole site's, the notebooks'."""
    return kits() + notebook_kits()


def zip_bytes(kit):
    """The kit as a zip whose files sit in one folder named after it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in sorted(kit.files.items()):
            info = zipfile.ZipInfo(f"{kit.name}-kit/{path}", date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


KIT_VENV = ROOT / ".venv-kits"
# The kits run in an environment that holds nothing of the repository.
CLEAN_ENV = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "VIRTUAL_ENV"}}


def kit_pins(kit_zip):
    """The requirements.txt of a kit, as bytes."""
    with zipfile.ZipFile(kit_zip) as archive:
        return archive.read(f"{Path(kit_zip).stem}-kit/requirements.txt")


def pinned(requirements_text):
    """{normalised name: the line that pins it} of a requirements file's text."""
    lines = [line.strip() for line in requirements_text.splitlines()]
    return {re.sub(r"[-_.]+", "-", line.split("==")[0]).lower(): line
            for line in lines if line and not line.startswith("#")}


def kit_venv(kit_zip, site_zip):
    """Where a kit runs: .venv-kits/ when the site kit pins all it needs, else .venv-kits-<name>/."""
    own, site = pinned(kit_pins(kit_zip).decode()), pinned(kit_pins(site_zip).decode())
    return KIT_VENV if own.items() <= site.items() else ROOT / f"{KIT_VENV.name}-{Path(kit_zip).stem}"


def kit_python(kit_zip, folder=KIT_VENV):
    """The interpreter of a venv in folder made from a kit's pins alone, (re)made when they change."""
    pins = kit_pins(kit_zip)
    stamp = folder / f".installed-{hashlib.sha256(pins).hexdigest()[:16]}"
    python = folder / "bin" / "python"
    if not stamp.exists():
        venv.EnvBuilder(clear=True, with_pip=True).create(folder)
        (folder / "requirements.txt").write_bytes(pins)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", folder / "requirements.txt"], check=True, env=CLEAN_ENV)
        stamp.touch()
    return python


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "kits")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for kit in served_kits():
        data = zip_bytes(kit)
        (args.out / f"{kit.name}.zip").write_bytes(data)
        tests = sum(path.startswith("tests/test_") for path in kit.files)
        print(f"{kit.name + '.zip':<28} {len(data) / 1024:6.1f} KiB  {len(kit.files):3d} files, {tests} test modules")


if __name__ == "__main__":
    main()
