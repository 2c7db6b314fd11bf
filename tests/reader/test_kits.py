"""Every page's kit, as served by the built site, passes in an empty folder with only its own pins.

The kits run in one virtual environment, .venv-kits/, made from the whole-site
kit's requirements.txt alone (not the site's .venv) and kept until those pins
change, so a warm `make test` pays nothing for it. A kit that needs more than
the site kit pins (the notebook's: scikit-learn, matplotlib) runs in a venv of
its own, .venv-kits-<name>/, made from its own pins alone, so the others'
stays small.
"""

import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from sitebuild import kits
from measurements import portability
from sitebuild.sources import KIT_TESTS, NOTEBOOK_TESTS, ROOT


def kit_zips(site):
    return sorted((site / "kits").glob("*.zip"))


@pytest.fixture(scope="module")
def kit_python(built_site):
    """The interpreter of .venv-kits/, made from the site kit's pins alone (not the site's .venv)."""
    return kits.kit_python(built_site / "kits" / "site.zip")


@pytest.fixture(scope="module")
def kit_pythons(built_site, kit_python):
    """{kit's file name: the interpreter it runs with}: .venv-kits/, or the kit's own venv."""
    site = built_site / "kits" / "site.zip"
    chosen = {}
    for archive in kit_zips(built_site):
        folder = kits.kit_venv(archive, site)
        chosen[archive.name] = kit_python if folder == kits.KIT_VENV else kits.kit_python(archive, folder)
    return chosen


@pytest.fixture(scope="module")
def repository_counts():
    """How many tests each module a kit carries (tests/kit/, tests/notebook/) collects in the repository."""
    modules = sorted(path.relative_to(ROOT).as_posix()
                     for folder in (KIT_TESTS, NOTEBOOK_TESTS) for path in folder.glob("test_*.py"))
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             *modules],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    return Counter(line.split("::")[0].split("/")[-1] for line in result.stdout.splitlines() if "::" in line)


def test_every_kit_passes_alone_with_as_many_tests_as_in_the_repository(built_site, kit_pythons,
                                                                         repository_counts, tmp_path):
    archives = kit_zips(built_site)
    assert len(archives) >= 10 and "train-digits.zip" in kit_pythons
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda archive: portability.run_kit(kit_pythons[archive.name], archive,
                                                                 tmp_path / archive.stem),
                             archives))
    problems = []
    for archive, run in zip(archives, runs):
        if not run.modules:
            problems.append(f"{archive.name}: no tests ran\n{run.output}")
        for module, counts in run.modules.items():
            if counts["failure"] or counts["error"] or counts["skipped"]:
                problems.append(f"{archive.name}: {module} {dict(counts)}\n{run.output}")
            if counts["passed"] != repository_counts[module]:
                problems.append(f"{archive.name}: {module} ran {counts['passed']} tests, "
                                f"the repository collects {repository_counts[module]}")
    assert problems == []


NOTEBOOK = ROOT / "docs" / "notebooks" / "train-digits.py"


# What `make test` tries of other machines, on the site kit (`make portability`
# tries every kit under every variation): each of these failed before the
# recordings were compared up to rounding and the scripts printed UTF-8.
def odd_path(variation):
    """A folder name with a space and a non-ASCII letter, and pytest started elsewhere."""
    return variation.elsewhere and " " in variation.folder and not variation.folder.isascii()


OTHER_MACHINES = {
    "OpenBLAS Prescott": lambda seen, usual: seen["blas"] != usual["blas"],
    "Windows-like console": lambda seen, usual: seen["console"] == "cp1252",
    "odd path, run from elsewhere": lambda seen, usual: odd_path(portability.BY_NAME["odd path, run from elsewhere"]),
}


@pytest.mark.parametrize("name", OTHER_MACHINES)
def test_the_site_kit_passes_as_another_machine_runs_it(built_site, kit_python, tmp_path, name):
    variation = portability.BY_NAME[name]
    seen, usual = portability.probe(kit_python, variation), portability.probe(kit_python, portability.BY_NAME["as recorded"])
    assert OTHER_MACHINES[name](seen, usual), f"{name} changed nothing here: {seen}"
    run = portability.run_kit(kit_python, built_site / "kits" / "site.zip", tmp_path, variation)
    assert run.counts["passed"] >= 500, run.output
    assert not (run.counts["failure"] or run.counts["error"] or run.counts["skipped"]), run.output
