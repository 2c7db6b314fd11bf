"""The one reader of the section markers (sections.py): what a page includes of a snippet."""

import pytest

from sections import sections, without_markers

SNIPPET = """import numpy as np

# --8<-- [start:outer]
def f(x):
    # --8<-- [start:inner]
    return 2 * x
    # --8<-- [end:inner]
# --8<-- [end:outer]

# --8<-- [start:with-dash]
print(f(1))
# --8<-- [end:with-dash]
"""


def test_nested_sections_leave_out_every_marker_line():
    assert sections(SNIPPET) == {"inner": "    return 2 * x",
                                 "outer": "def f(x):\n    return 2 * x",
                                 "with-dash": "print(f(1))"}


def test_a_whole_file_leaves_out_the_markers_alone():
    assert without_markers(SNIPPET) == "import numpy as np\n\ndef f(x):\n    return 2 * x\n\nprint(f(1))"


@pytest.mark.parametrize("text, message", [
    ("# --8<-- [end:a]\n", "line 1: section a ends but never started"),
    ("# --8<-- [start:a]\nx = 1\n", "section a never ends"),
    ("# --8<-- [start:a]\n# --8<-- [end:a]\n# --8<-- [start:a]\n# --8<-- [end:a]\n",
     "line 3: section a starts a second time")])
def test_a_broken_marker_is_refused(text, message):
    with pytest.raises(ValueError, match=message):
        sections(text)
