"""Build step: a page's "How this page is checked" names its test modules from the sources.

A line `<!-- checked-by -->` in a page becomes the sentence naming the test
modules of the snippets the page includes (sources.page_tests), so the list
cannot drift from the files when a test module is added, renamed or removed.
"""

from sitebuild import sources

MARKER = "<!-- checked-by -->"


def sentence(page):
    """Markdown naming the page's test modules, or a ValueError if it has none."""
    tests = [f"`tests/{path.name}`" for path in sources.page_tests(page)]
    if not tests:
        raise ValueError(f"{page} asks for its test modules ({MARKER}) but includes no tested snippet")
    listed = tests[0] if len(tests) == 1 else ", ".join(tests[:-1]) + " and " + tests[-1]
    return (f"The tests in {listed} come in this page's kit, where `python -m pytest` runs them "
            "(in the site's source, `make test` runs them with every other test). Among what they check:")


def expand(markdown, page):
    """The page's Markdown with each marker line replaced by the sentence."""
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, sentence(page))
