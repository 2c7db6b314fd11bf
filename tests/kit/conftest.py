"""The conftest.py of every page's kit too: under CI, property-based tests draw
the same examples every run. What the tests share is in support.py and
recorded.py, beside this file; the snippets are on the path by pytest.ini's
`pythonpath = snippets`, as a reader runs them, from snippets/."""

import os

try:
    from hypothesis import settings
except ImportError:  # a kit whose tests use no Hypothesis does not install it
    pass
else:
    settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
    settings.register_profile("dev", deadline=None)
    settings.load_profile("ci" if os.environ.get("CI") else "dev")
