"""The reader's Python: a venv with NumPy and nothing of the site's, and code run in it as pasted.

The reader-path tests (tests/reader/, tests/browser/test_browser_paste.py) run
a page's code blocks and notebooks with it, as a reader who copied them would.
"""

import hashlib
import subprocess
import venv

from sitebuild.sources import ROOT

READER_VENV = ROOT / ".venv-reader"
READER_PACKAGES = ("numpy", "ipykernel")  # NumPy alone, and the kernel that runs a notebook


def reader_python(folder=READER_VENV):
    """A Python with NumPy and nothing else of the site's (ipykernel to run notebooks),
    pinned by requirements.txt, (re)made when those pins change."""
    pins = (ROOT / "requirements.txt").read_bytes()
    stamp = folder / f".installed-{hashlib.sha256(pins).hexdigest()[:16]}"
    python = folder / "bin" / "python"
    if not stamp.exists():
        venv.EnvBuilder(clear=True, with_pip=True).create(folder)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-c", ROOT / "requirements.txt", *READER_PACKAGES], check=True)
        stamp.touch()
    return python


def run_pasted(python, code, folder):
    """Run code as a reader who pasted it: in an empty folder, nothing of the repository."""
    script = folder / "pasted.py"
    script.write_text(code, encoding="utf-8")
    return subprocess.run([python, "-I", script.name], cwd=folder, capture_output=True, text=True,
                          encoding="utf-8", timeout=300, check=False)
