"""Reading a printed PDF as a reader's eye does: its pages' text (poppler's pdftotext,
`sudo apt-get install poppler-utils`; the tests skip without it and fail under CI)."""

import os
import re
import shutil
import subprocess

import pytest


def squeezed(text):
    return re.sub(r"\s+", " ", text).strip()


def page_texts(pdf, tmp_path, raw=False):
    """The text of each printed page, as pdftotext lays it out (where each line ends on the page), or
    raw=True in the order it was drawn (a code line beside a wide equation stays one line)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        message = "pdftotext is missing: sudo apt-get install poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(f"the print tests must run under CI: {message}", pytrace=False)
        pytest.skip(message)
    path = tmp_path / "printed.pdf"
    path.write_bytes(pdf)
    mode = "-raw" if raw else "-layout"
    text = subprocess.run([tool, mode, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def headings_ending_pages(texts, headings):
    """[(page number, heading)] of every printed page but the last whose last line is a heading."""
    wanted = {squeezed(h) for h in headings if h}
    found = []
    for number, text in enumerate(texts, start=1):
        lines = [squeezed(line) for line in text.splitlines() if line.strip()]
        if lines and lines[-1] in wanted and number < len(texts):
            found.append((number, lines[-1]))
    return found
