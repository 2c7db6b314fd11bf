"""Every exercise is on a built page and every content page has two; how an
exercise's answer is found printed on its page, at any precision."""

import json
import re

import pytest

from sitebuild.browser import sitemap_pages
from sitebuild.sources import SNIPPETS


DATA = json.loads((SNIPPETS / "exercises.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def exercise_pages(served_site):
    """{page path: [exercise keys]}, from the built pages."""
    site, _ = served_site
    pages = {}
    for path in sitemap_pages(site):
        html = (site / path.strip("/") / "index.html") if path != "/" else site / "index.html"
        text = html.read_text(encoding="utf-8")
        keys = [key for key in DATA["exercises"] if f'data-exercise="{key}"' in text]
        if keys:
            pages[path] = keys
    return pages


def test_every_exercise_is_on_a_page_and_every_content_page_has_two(exercise_pages):
    shown = {key for keys in exercise_pages.values() for key in keys}
    assert shown == set(DATA["exercises"])
    content = {"/output-layer-2-2-2/", "/output-layer-m-d-t/", "/sigma-prime/", "/hidden-layer/", "/deeper-networks/",
               "/biases/", "/regularisation/", "/softmax/", "/gradient-check/", "/notation/"}
    assert {page for page, keys in exercise_pages.items() if len(keys) >= 2} >= content


def printed_answers(text, answer, tolerance):
    """The numbers in `text` that print `answer`: equal to one of its entries (sign aside)
    at the number of decimals they are printed with, and close enough for the answer box
    to accept. Whole-number answers (a shape) are made of the question's data: skipped."""
    entries = [abs(v) for row in (answer if isinstance(answer, list) else [[answer]]) for v in row
               if not float(v).is_integer()]
    found = []
    for number in re.findall(r"\d+\.\d+", text):
        decimals = len(number.split(".")[1])
        if any(round(v, decimals) == float(number) and abs(v - float(number)) <= tolerance for v in entries):
            found.append(number)
    return found


def test_printed_answers_finds_an_answer_at_any_precision_it_is_printed_with():
    assert printed_answers("δ = −0.22354 and 0.2235", -0.2235378483, 6e-4) == ["0.22354", "0.2235"]
    assert printed_answers("0.224 0.22 0.2236 1.2235", -0.2235378483, 6e-4) == ["0.224"]
    assert printed_answers("shape 100 × 10", [[100, 10]], 6e-4) == []
