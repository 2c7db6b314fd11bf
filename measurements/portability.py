"""Run every kit the way other machines run it, and record the table.

    python -m measurements.portability [--only NAME ...] [--kit KIT ...]   writes docs/measured/portability.md

A reader's machine differs from the one that recorded the outputs: another CPU
fuses other multiply-adds, OpenBLAS picks another kernel, the console is not
UTF-8, the folder has a space in its name. Each variation below is one of
those, made on this machine: NumPy's SIMD paths turned off, OpenBLAS forced to
older kernels, one thread and several, a Windows-like console, the C locale,
a path with a space and a non-ASCII letter run from another directory. Each
kit is unpacked and its tests run in the site kit's venv (.venv-kits), as a
reader runs them. A probe, run under the same settings, reports what NumPy then
really uses, so a variation that changes nothing shows it.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from sitebuild import kits
from sitebuild.sources import DOCS

OUT = DOCS / "measured" / "portability.md"


class Variation(NamedTuple):
    name: str
    env: dict            # set on top of the clean environment
    folder: str = "kit"  # where the kit is unpacked
    elsewhere: bool = False  # run pytest from another working directory, naming the kit's path
    needs: str = ""      # a CPU flag the variation needs (a kernel the CPU cannot run crashes)


def simd_features():
    """NumPy's dispatched SIMD features, as NPY_DISABLE_CPU_FEATURES names them."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return " ".join(sorted(name for name in __cpu_dispatch__ if __cpu_features__.get(name)))


VARIATIONS = (
    Variation("as recorded", {}),
    Variation("no SIMD", {"NPY_DISABLE_CPU_FEATURES": simd_features()}),
    Variation("OpenBLAS Prescott", {"OPENBLAS_CORETYPE": "Prescott"}),
    Variation("OpenBLAS Sandybridge", {"OPENBLAS_CORETYPE": "Sandybridge"}, needs="avx"),
    Variation("OpenBLAS Haswell", {"OPENBLAS_CORETYPE": "Haswell"}, needs="avx2"),
    Variation("OpenBLAS Zen", {"OPENBLAS_CORETYPE": "Zen"}, needs="avx2"),
    Variation("1 thread", {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}),
    Variation("4 threads", {"OPENBLAS_NUM_THREADS": "4", "OMP_NUM_THREADS": "4"}),
    Variation("Windows-like console", {"PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"}),
    Variation("C locale", {"LC_ALL": "C", "LANG": "C"}),
    Variation("odd path, run from elsewhere", {}, folder="un dossier à tester", elsewhere=True),
)
BY_NAME = {variation.name: variation for variation in VARIATIONS}

PROBE = """
import ctypes, glob, json, locale, os, sys
import numpy as np
from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

def blas_core():
    here = os.path.dirname(np.__file__)
    for path in glob.glob(os.path.join(here, os.pardir, "numpy.libs", "*openblas*")):
        library = ctypes.CDLL(path)
        for name in ("scipy_openblas_get_corename64_", "openblas_get_corename64_", "openblas_get_corename"):
            get = getattr(library, name, None)
            if get:
                get.restype = ctypes.c_char_p
                return get().decode()
    return "?"

print(json.dumps({"blas": blas_core(),
                  "simd": len([f for f in __cpu_dispatch__ if __cpu_features__.get(f)]),
                  "console": sys.stdout.encoding, "locale": locale.getpreferredencoding(False)}))
"""


def cpu_flags():
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return None  # not Linux: no way to tell, try every variation
    return set(next((line for line in text.splitlines() if line.startswith("flags")), "").split())


def runnable(variation, flags=None):
    flags = cpu_flags() if flags is None else flags
    return not variation.needs or flags is None or variation.needs in flags


def environment(variation):
    return {**kits.CLEAN_ENV, **variation.env}


def probe(python, variation):
    """What NumPy really uses under a variation: OpenBLAS kernel, SIMD features, console, locale."""
    result = subprocess.run([python, "-c", PROBE], capture_output=True, text=True,
                            env=environment(variation), check=True)
    return json.loads(result.stdout)


class Outcome(NamedTuple):
    counts: Counter   # passed, failure, error, skipped
    modules: dict     # the same, by test module: {"test_mlp.py": Counter}
    seconds: float
    output: str       # the end of pytest's output, for a failure's message


def run_kit(python, archive, root, variation=BY_NAME["as recorded"]):
    """Unpack a kit under root/<variation's folder> and run its tests as the variation says."""
    folder = root / variation.folder
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive) as kit:
        kit.extractall(folder)
    (top,) = [path for path in folder.iterdir() if path.is_dir()]
    report = root / "report.xml"
    command = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}"]
    if variation.elsewhere:
        command.append(str(top))
        cwd = root / "elsewhere"
        cwd.mkdir(exist_ok=True)
    else:
        cwd = top
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                            errors="replace", env=environment(variation), check=False)
    seconds = time.perf_counter() - start
    modules = {}
    if report.exists():
        for case in ET.parse(report).getroot().iter("testcase"):
            module = case.get("classname").split(".")[-1] + ".py"
            kind = next((child.tag for child in case if child.tag in {"failure", "error", "skipped"}), "passed")
            modules.setdefault(module, Counter())[kind] += 1
    counts = sum(modules.values(), Counter())
    return Outcome(counts, modules, seconds, result.stdout[-3000:] + result.stderr[-2000:])


def write_kits(folder):
    """Every kit as the build serves it (the same bytes: kits.zip_bytes), in folder."""
    archives = []
    for kit in kits.kits():
        path = folder / f"{kit.name}.zip"
        path.write_bytes(kits.zip_bytes(kit))
        archives.append(path)
    return archives


def table(rows, archives):
    """The Markdown of the measurement."""
    import numpy as np

    lines = [
        f"On {platform.machine()} {platform.system()}, Python {platform.python_version()}, "
        f"NumPy {np.__version__}: {len(archives)} kits, each unpacked in an empty folder and run "
        "in a venv made from the kits' pins alone. What NumPy then used (OpenBLAS's kernel as "
        "it names it, SIMD groups left on, the console's encoding) is read under the same settings.",
        "",
        "| variation | what it sets | what NumPy then used | result |",
        "| --- | --- | --- | --- |",
    ]
    for variation, seen, outcomes in rows:
        setting = "; ".join(f"`{key}` = {value}" for key, value in variation.env.items()) or "nothing"
        if variation.folder != "kit":
            setting = f"unpacked in `{variation.folder}/`, pytest run from another folder"
        passing = sum(1 for o in outcomes if o.counts["passed"]
                      and not (o.counts["failure"] or o.counts["error"] or o.counts["skipped"]))
        failed = sum(o.counts["failure"] + o.counts["error"] for o in outcomes)
        used = f"{seen['blas']}, {seen['simd']} SIMD groups, {seen['console']}"
        result = (f"{passing} of {len(outcomes)} kits pass, "
                  f"{sum(o.counts['passed'] for o in outcomes):,} tests, {failed} failed")
        lines.append(f"| {variation.name} | {setting} | {used} | {result} |")
    lines += [
        "",
        "SIMD groups counts NumPy's dispatched groups of CPU features left on (0: its plain loops).",
        "This machine runs only Linux and one Python; `.github/workflows/kits.yml` runs the whole-site",
        "kit on Linux, macOS and Windows with Python 3.11 to 3.14 on every push of the site's repository.",
        "",
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", default=None, help="variation names (default: all)")
    parser.add_argument("--kit", nargs="*", default=None, help="kit names, e.g. site (default: all)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    flags = cpu_flags()
    variations = [v for v in VARIATIONS if (args.only is None or v.name in args.only) and runnable(v, flags)]
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        archives = [a for a in write_kits(scratch) if args.kit is None or a.stem in args.kit]
        python = kits.kit_python(scratch / "site.zip")
        rows, problems = [], []
        for variation in variations:
            jobs = [(archive, scratch / "runs" / variation.name.replace(" ", "-") / archive.stem)
                    for archive in archives]
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
                outcomes = list(pool.map(lambda job: run_kit(python, job[0], job[1], variation), jobs))
            seen = probe(python, variation)
            rows.append((variation, seen, outcomes))
            for archive, outcome in zip(archives, outcomes):
                bad = outcome.counts["failure"] + outcome.counts["error"] + outcome.counts["skipped"]
                if bad or not outcome.counts["passed"]:
                    problems.append(f"{variation.name}: {archive.name} {dict(outcome.counts)}\n{outcome.output}")
            print(f"{variation.name:<30} {seen['blas']:<12} "
                  f"{sum(o.counts['passed'] for o in outcomes):5d} passed, "
                  f"{sum(o.counts['failure'] + o.counts['error'] for o in outcomes)} failed, "
                  f"{sum(o.seconds for o in outcomes):5.1f} s", flush=True)
    args.out.write_text(table(rows, archives), encoding="utf-8")
    print(f"wrote {args.out}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
