"""The kits the site serves: linked from every page with code, each listing what it carries, pinned as the repository pins, the notebook kit whole."""

import re
import zipfile
from pathlib import Path
from sitebuild import kits
from sitebuild.sources import KIT_TESTS, NOTEBOOK_TESTS, ROOT


def kit_zips(site):
    return sorted((site / "kits").glob("*.zip"))


def test_every_page_with_code_links_its_kit_with_the_two_commands(built_site):
    pages = [path for path in (ROOT / "docs").glob("*.md") if re.search(r'--8<-- "[^"]+\.py', path.read_text())]
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert f"(kits/{page.stem}.zip)" in text, f"{page.name} does not link its kit"
        assert "python -m pip install -r requirements.txt" in text and "python -m pytest" in text, page.name
        assert (built_site / "kits" / f"{page.stem}.zip").exists()
    assert "(kits/site.zip)" in (ROOT / "docs" / "index.md").read_text(encoding="utf-8")


# Pages whose code is no derivation a reader reimplements: the site's own, and the checker's.
NOT_DERIVATIONS = {"about.md", "check-your-backprop.md", "index.md", "checked.md"}


def test_every_derivation_s_kit_box_and_notebook_point_to_the_checker():
    from sitebuild import page_code

    for page in sorted(set(page_code.pages_with_code()) - NOT_DERIVATIONS):
        box = (ROOT / "docs" / page).read_text(encoding="utf-8").split('"Run it yourself', 1)[-1]
        assert "the page “[Check your own backprop](check-your-backprop.md)”, with its kit" in box, page
        assert "the page “Check your own backprop”, with its kit `kits/check-your-backprop.zip`, runs" in \
            page_code.notebook(page), page


def test_each_kit_box_lists_exactly_the_snippets_its_kit_carries(built_site):
    """The box's "files one by one" line is typed by hand; it must name the kit's scripts."""
    for page in (ROOT / "docs").glob("*.md"):
        listed = re.search(r"The files one by one: (.*)", page.read_text(encoding="utf-8"))
        if not listed:
            continue
        named = re.findall(r"\[([\w.]+\.py)\]\(snippets/\1\)", listed[1])
        with zipfile.ZipFile(built_site / "kits" / f"{page.stem}.zip") as kit:
            carried = sorted(Path(name).name for name in kit.namelist()
                             if f"{page.stem}-kit/snippets/" in name and name.endswith(".py"))
        assert named == carried, f"{page.name} lists {named}; its kit carries {carried}"


def test_every_snippet_test_module_is_in_some_kit(built_site):
    carried = set()
    for archive in kit_zips(built_site):
        with zipfile.ZipFile(archive) as kit:
            carried |= {Path(name).name for name in kit.namelist() if "/tests/test_" in name}
    assert {path.name for folder in (KIT_TESTS, NOTEBOOK_TESTS) for path in folder.glob("test_*.py")} <= carried
    assert len(carried) >= 10


def test_every_kit_pins_exactly_what_the_repository_pins(built_site):
    """A kit's requirements.txt repeats requirements.txt's own pins, no other version."""
    repository = kits.pinned((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    for archive in kit_zips(built_site):
        for name, line in kits.pinned(kits.kit_pins(archive).decode()).items():
            assert line.split(" ;")[0].lower() == repository[name].lower(), (archive.name, line)


def test_the_notebook_kit_holds_the_notebook_its_snippets_its_test_and_its_pins(built_site):
    """kits/train-digits.zip: the notebook (.ipynb and its .py source), the snippets it
    imports, the test module that runs it, and pins of NumPy, scikit-learn, matplotlib and
    pytest; not the snippets' own tests (they are in their pages' kits and site.zip)."""
    with zipfile.ZipFile(built_site / "kits" / "train-digits.zip") as kit:
        names = {name.removeprefix("train-digits-kit/") for name in kit.namelist()}
    assert {"train-digits.py", "train-digits.ipynb", "README.md", "requirements.txt", "pytest.ini",
            "snippets/mlp.py", "snippets/gradient_check.py", "tests/conftest.py",
            "tests/test_train_digits_script.py"} <= names
    assert {name for name in names if name.startswith("tests/test_")} == {"tests/test_train_digits_script.py"}
    pins = kits.pinned(kits.kit_pins(built_site / "kits" / "train-digits.zip").decode())
    assert {"numpy", "scikit-learn", "matplotlib", "pytest"} <= set(pins)
    assert not {"sympy", "hypothesis", "ipykernel", "nbclient", "jupytext"} & set(pins)
    site = kits.pinned(kits.kit_pins(built_site / "kits" / "site.zip").decode())
    assert not {"scikit-learn", "matplotlib"} & set(site)  # .venv-kits stays without them


NOTEBOOK = ROOT / "docs" / "notebooks" / "train-digits.py"


def test_the_downloaded_notebook_has_no_dead_link_and_no_page_buttons():
    """The .ipynb the site serves (and the kit holds) lives away from the site: a link
    into it is its text "(on the site)", and it speaks of no buttons at the top of a page."""
    import nbformat

    downloaded = nbformat.reads(kits.notebook_json(NOTEBOOK).decode(), as_version=4)
    text = "\n".join(cell.source for cell in downloaded.cells if cell.cell_type == "markdown")
    dead = re.findall(r"(?<!!)\[[^\]]+\]\((?!https?:|#)[^)]*\)", text)
    assert not dead, f"links into the site, dead once downloaded: {dead}"
    assert "softmax page (on the site)" in text and "train-digits.zip (on the site)" in text
    assert not re.search(r"top of this\s+page|buttons? at the top", text), "a button the download does not have"


def test_the_notebook_kit_says_to_run_jupyter_from_its_own_environment(built_site):
    """A Jupyter installed elsewhere starts a kernel without the kit's packages
    (ModuleNotFoundError: matplotlib): the README installs JupyterLab into this venv
    and starts it from there, or registers this venv's kernel."""
    with zipfile.ZipFile(built_site / "kits" / "train-digits.zip") as kit:
        readme = kit.read("train-digits-kit/README.md").decode()
    assert "if you have none" not in readme
    for command in ("python -m pip install jupyterlab\npython -m jupyter lab", "python -m pip install ipykernel",
                    "python -m ipykernel install --user --name train-digits"):
        assert command in readme, command
