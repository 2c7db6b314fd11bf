"""The checked exercises in a real browser: right answers, named mistakes, the general hint."""

import json
import random
import re

import pytest

from sitebuild.browser import arrive, open_context, sitemap_pages, wait_for_math, watch_errors
from sitebuild.sources import SNIPPETS
from sitebuild.browser import ARTIFACTS
from sitebuild.browser import VIEWS
from visits import on_every_page, visits_with

DATA = json.loads((SNIPPETS / "exercises.json").read_text(encoding="utf-8"))
DESKTOP = VIEWS["desktop"]


def typed(answer, digits=4):
    """An answer as a reader types it: four decimals, one row per line."""
    rows = answer if isinstance(answer, list) else [[answer]]
    return "\n".join(" ".join(f"{v:.{digits}f}" if isinstance(v, float) else str(v) for v in row)
                     for row in rows)


def check(page, key, text):
    box = page.locator(f'.exercise[data-exercise="{key}"]')
    field = box.locator(".exercise-input")
    field.fill(text)
    box.locator(".exercise-check").click()
    return box.locator(".exercise-feedback").evaluate(
        "f => [f.dataset.kind, f.dataset.mistake, f.textContent]")


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


def answer_every_exercise(page, path, scheme, every_mistake):
    """Type each exercise's right answer (and, if `every_mistake`, each named
    mistake and a random answer) on the page shown; the problems found."""
    keys = [key for key in DATA["exercises"]
            if page.locator(f'.exercise[data-exercise="{key}"]').count()]
    if not keys:
        return None
    rng = random.Random(path)
    problems = []
    for key in keys:
        exercise = DATA["exercises"][key]
        kind, _, text = check(page, key, typed(exercise["answer"]))
        if kind != "right":
            problems.append(f"{key}: right answer judged {kind}: {text}")
        if not every_mistake:
            continue
        for mistake in exercise["mistakes"]:
            kind, name, text = check(page, key, typed(mistake["answer"]))
            if (kind, name) != ("mistake", mistake["name"]):
                problems.append(f"{key}: mistake '{mistake['name']}' judged {kind} {name!r}")
            elif mistake["hint"] not in text:
                problems.append(f"{key}: the hint for '{mistake['name']}' is not shown")
        shape = exercise["answer"] if isinstance(exercise["answer"], list) else [[exercise["answer"]]]
        kind, _, _ = check(page, key, typed([[rng.uniform(5, 9) for _ in row] for row in shape]))
        if kind != "general":
            problems.append(f"{key}: a random answer judged {kind}")
    answers = page.locator(".exercise-answer").all_text_contents()
    if not answers or any(not text.strip() for text in answers):
        problems.append(f"{path}: a solution does not show its answer")
    shots = ARTIFACTS / "exercises"
    shots.mkdir(parents=True, exist_ok=True)
    page.locator(".exercise").first.screenshot(path=shots / f"{path.strip('/')}-{scheme}.png")
    return {"keys": keys, "problems": problems}


# The text a reader can see or unfold: the article with every <details> open,
# typeset formulas read through their assistive MathML, without the answer
# slots (and without the scripts, which hold the recorded answers as data).
PAGE_TEXT = """() => {
  const article = document.querySelector("article");
  const copy = article.cloneNode(true);
  copy.querySelectorAll(".exercise-answer, script, style, template, noscript").forEach((e) => e.remove());
  return copy.textContent;
}"""


def page_text(page, path, scheme):
    if not page.locator(".exercise[data-exercise]").count():
        return None
    return page.evaluate(PAGE_TEXT)


on_every_page("page_text", widths=("desktop",), schemes=("light",), order=0)(page_text)


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


def test_no_exercise_answer_is_printed_on_its_page(page_visits, exercise_pages):
    """An exercise makes the reader compute: no number on its page (before it, after it,
    in a folded solution, in the explorer, in the given data) is its answer, outside the
    answer slot of its solution."""
    visits = [visit for visit in visits_with(page_visits, "page_text") if visit["page_text"]]
    assert {visit["path"] for visit in visits} == set(exercise_pages)
    printed = {f"{visit['path']} {key}": found for visit in visits for key in exercise_pages[visit["path"]]
               if (found := printed_answers(visit["page_text"], DATA["exercises"][key]["answer"],
                                            DATA["tolerance"]))}
    assert printed == {}


def test_readers_ways_of_typing_a_shape_or_a_decimal_comma_are_accepted(browser, served_site):
    _, base_url = served_site
    context = open_context(browser, base_url, "light", DESKTOP)
    page = context.new_page()
    page.goto(base_url + "notation/")
    wait_for_math(page)
    d, t = DATA["exercises"]["notation/shape"]["answer"][0]
    for text in (f"{d} × {t}", f"{d}x{t}", f"{d} x {t}", f"{d}X{t}", f"{d} by {t}", f"{d}, {t}", f"{d} {t}"):
        kind, _, message = check(page, "notation/shape", text)
        assert kind == "right", f"{text!r}: {message}"
    label = page.locator('.exercise[data-exercise="notation/shape"] label').text_content()
    assert label == f"Your answer, {DATA['exercises']['notation/shape']['prompt']}:"
    page.goto(base_url + "output-layer-2-2-2/")
    wait_for_math(page)
    comma = lambda text: text.replace(".", ",")
    for key in ("output-layer-2-2-2/entry", "output-layer-2-2-2/new-target"):
        answer = DATA["exercises"][key]["answer"]
        for text in (comma(typed(answer)), comma(typed(answer)).replace("-", "\u2212")):
            kind, _, message = check(page, key, text)
            assert kind == "right", f"{key} {text!r}: {message}"
    # Commas that separate entries stay separators when that reading has the expected shape.
    kind, _, _ = check(page, "output-layer-2-2-2/new-target", typed(DATA["exercises"][
        "output-layer-2-2-2/new-target"]["answer"]).replace(" ", ","))
    assert kind == "right"
    context.close()


# Every mistake in one scheme and width; the right answers in the other, on a
# phone in the dark. They type into the page, so they run after the collectors
# that only read it, and before the layout's, which then measures the feedback
# shown too (site_fixtures.page_visits).
on_every_page("exercises", widths=("desktop",), schemes=("light",), order=1)(
    lambda page, path, scheme: answer_every_exercise(page, path, scheme, every_mistake=True))
on_every_page("exercises_phone", widths=("phone",), schemes=("dark",), order=1)(
    lambda page, path, scheme: answer_every_exercise(page, path, scheme, every_mistake=False))


@pytest.mark.parametrize("name", ["exercises", "exercises_phone"])
def test_right_answer_each_mistake_and_a_random_answer(page_visits, exercise_pages, name):
    """At 1280 px in light: every right answer, named mistake and a random answer;
    at 390 px in the dark: every right answer."""
    visits = [visit for visit in visits_with(page_visits, name) if visit[name]]
    assert {visit["path"]: visit[name]["keys"] for visit in visits} == exercise_pages
    problems = [f"{visit['path']}: {problem}" for visit in visits for problem in visit[name]["problems"]]
    problems += [f"{visit['path']}: console errors {visit['console']}" for visit in visits if visit["console"]]
    assert problems == []


def test_bad_input_gets_a_clear_message_not_a_verdict(browser, served_site):
    _, base_url = served_site
    context = open_context(browser, base_url, "light", DESKTOP)
    page = context.new_page()
    page.goto(base_url + "output-layer-2-2-2/")
    wait_for_math(page)
    kind, _, text = check(page, "output-layer-2-2-2/new-target", "0.1 0.2\n0.3 abc")
    assert kind == "invalid" and '"abc" is not a number' in text
    kind, _, text = check(page, "output-layer-2-2-2/new-target", "0.1 0.2 0.3")
    assert kind == "shape" and "2 × 2" in text
    context.close()


def test_exercises_work_after_instant_navigation_and_from_the_keyboard(browser, served_site):
    _, base_url = served_site
    context = open_context(browser, base_url, "light", DESKTOP)
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(base_url + "output-layer-2-2-2/")
    wait_for_math(page)
    page.evaluate("window.stillTheSameDocument = true")
    page.click('.md-sidebar--primary a.md-nav__link[href$="output-layer-m-d-t/"]')
    arrive(page, base_url + "output-layer-m-d-t/")
    page.go_back()
    arrive(page, base_url + "output-layer-2-2-2/")
    assert page.evaluate("window.stillTheSameDocument === true")
    key = "output-layer-2-2-2/entry"
    box = page.locator(f'.exercise[data-exercise="{key}"]')
    box.locator(".exercise-check").wait_for()
    assert box.locator(".exercise-check").count() == 1  # built once, not twice
    field = page.get_by_label("Your answer, a single number:").first
    field.focus()
    page.keyboard.type(typed(DATA["exercises"][key]["answer"]))
    page.keyboard.press("Enter")
    assert box.locator(".exercise-feedback").get_attribute("data-kind") == "right"
    assert errors == []
    context.close()


# The one reader of a typed number, shared by the answer boxes and the explorers.
READS = [("0.5", 0.5), ("-0,5", -0.5), ("\u22120.5", -0.5), ("\u20130.5", -0.5), ("+.5", 0.5),
         (",5", 0.5), ("1/6", 1 / 6), ("\u22121/6", -1 / 6), ("1/-6", -1 / 6), ("-3/-4", 0.75), ("1,5/2", 0.75),
         ("2.5e-3", 0.0025), (" 7 ", 7.0), ("1 / 6", 1 / 6), ("\u22121 /6", -1 / 6), ("3/ 4", 0.75)]
REFUSED = ["abc", "1/2/3", "1/", "/2", "0x10", "1,000.5", "--1", "1 6", "1 / ", "", "0/0"]


def test_one_reader_takes_signs_decimal_commas_and_fractions(browser, served_site):
    _, base_url = served_site
    context = open_context(browser, base_url, "light", DESKTOP)
    page = context.new_page()
    page.goto(base_url + "notation/")
    wait_for_math(page)
    read = lambda text: page.evaluate("t => { const v = window.backpropNumbers.parseNumber(t); "
                                      "return Number.isNaN(v) ? 'NaN' : v; }", text)
    assert {text: read(text) for text, _ in READS} == pytest.approx(dict(READS), rel=1e-15)
    assert {text: read(text) for text in REFUSED} == {text: "NaN" for text in REFUSED}
    context.close()
