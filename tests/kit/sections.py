"""The sections of a file that a page includes: `# --8<-- [start:NAME]` ... `# --8<-- [end:NAME]`.

The one reader of these markers. The site resolves a page's include
`--8<-- "file.py:NAME"` with it as pymdownx.snippets does (sitebuild/sources.py
loads this file), the goldens generator asks whether a script's main block has a
section, and the kit's tests check what each section holds (test_bad_input.py).
Every kit carries it beside its tests; it needs Python alone.
"""

import re

MARKER = re.compile(r"--8<-- \[(?P<kind>start|end):(?P<name>[\w-]+)\]")


def sections(text):
    """{name: text} of every section, its marker lines and those of sections inside it left out.

    Raises ValueError for a section that ends without starting, starts twice or never ends.
    """
    found, open_ = {}, {}
    for number, line in enumerate(text.splitlines(), 1):
        marker = MARKER.search(line)
        if marker is None:
            for lines in open_.values():
                lines.append(line)
        elif marker["kind"] == "start":
            if marker["name"] in open_ or marker["name"] in found:
                raise ValueError(f"line {number}: section {marker['name']} starts a second time")
            open_[marker["name"]] = []
        elif marker["name"] not in open_:
            raise ValueError(f"line {number}: section {marker['name']} ends but never started")
        else:
            found[marker["name"]] = "\n".join(open_.pop(marker["name"]))
    if open_:
        raise ValueError(f"section {', '.join(open_)} never ends")
    return found


def without_markers(text):
    """The whole text, as a page includes a whole file: every marker line left out."""
    return "\n".join(line for line in text.splitlines() if not MARKER.search(line))
