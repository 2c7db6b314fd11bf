"""Typing on a phone: the explorers' and the exercises' boxes, as a reader's thumb meets them.

A 390 px phone (Playwright's is_mobile and has_touch): every box brings up a
keyboard that has a minus (iOS's "decimal" and "numeric" keypads have none),
is set in 16 px at least (iOS zooms the page into a smaller input on focus),
takes "-0,5", "−0.5" and "1/6" typed key by key, and every button a reader taps
is 44 × 44 px at least (WCAG 2.5.5). While a reader types into an explorer's
weight box, the gradient entry of that weight stays on the screen; Enter in a
2 × 2 answer box checks the answer, as the pages say.
"""

import json
from fractions import Fraction

import numpy as np
import pytest

import explorer
from sitebuild.browser import wait_for_math, watch_errors
from sitebuild.sources import SNIPPETS
from sitebuild.browser import ARTIFACTS

EXPLORER = json.loads((SNIPPETS / "explorer.json").read_text(encoding="utf-8"))
EXERCISES = json.loads((SNIPPETS / "exercises.json").read_text(encoding="utf-8"))
PHONE = {"width": 390, "height": 844}
OUTPUT_PAGE, HIDDEN_PAGE = "output-layer-2-2-2/", "hidden-layer/"
# Keypads without a minus key: iOS's decimal and numeric pads, and the phone pad.
NO_MINUS = {"decimal", "numeric", "tel"}
SHOTS = ARTIFACTS / "phone-typing"
MINUS = "\u2212"
BOXES = ".explorer-input, .exercise-input"


@pytest.fixture()
def phone(browser, served_site):
    """phone(path, scheme) -> (page, console errors): a touch phone at 390 px, on the page."""
    _, base_url = served_site
    contexts = []

    def opener(path, scheme="light"):
        context = browser.new_context(color_scheme=scheme, viewport=PHONE, is_mobile=True, has_touch=True)
        contexts.append(context)
        page = context.new_page()
        errors = watch_errors(page)
        page.goto(base_url + path)
        wait_for_math(page)
        return page, errors

    yield opener
    for context in contexts:
        context.close()


def reach_explorer(page):
    """Scroll to the explorer as a reader does; widgets.js builds it when it comes near."""
    page.locator(".explorer").scroll_into_view_if_needed()
    page.locator(".explorer .explorer-input").first.wait_for()


def box_of(page, name, i, j):
    return page.locator(f'.explorer input[data-input="{name}.{i}.{j}"]')


def type_into(page, field, text):
    """Tap the box, select what it holds and type `text` key by key."""
    field.tap()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(text)


def inputs_with(name, i, j, value):
    point = [np.array(EXPLORER["inputs"][n], dtype=float) for n in ("x", "W_h", "W_out", "y")]
    point[("x", "W_h", "W_out", "y").index(name)][i, j] = value
    return point


def shown_mismatches(page, expected):
    """Every number the explorer shows that is not Python's, as (key, shown, expected)."""
    shown = page.evaluate("() => [...document.querySelectorAll('.explorer [data-q]')]"
                          ".map(s => [s.dataset.q, s.textContent])")
    assert len(shown) > 40

    def lookup(key):
        value = expected
        for part in key.split("."):
            value = value[int(part)] if isinstance(value, list) else value[part]
        return value

    return [(key, text, explorer.shown(lookup(key))) for key, text in shown if text != explorer.shown(lookup(key))]


@pytest.mark.parametrize("path", [OUTPUT_PAGE, HIDDEN_PAGE])
def test_every_box_brings_up_a_keyboard_with_a_minus_in_16px_at_least(phone, path):
    page, errors = phone(path)
    reach_explorer(page)
    boxes = page.evaluate(f"""() => [...document.querySelectorAll({BOXES!r})].map(f => ({{
        id: f.id, type: f.type, inputmode: f.getAttribute('inputmode'), pattern: f.getAttribute('pattern'),
        size: parseFloat(getComputedStyle(f).fontSize)}}))""")
    assert len(boxes) >= 14  # 12 explorer boxes and the page's answer boxes
    bad = [box for box in boxes if box["inputmode"] in NO_MINUS or box["type"] not in {"text", "textarea", "search"}
           or box["pattern"] is not None or box["size"] < 16]
    assert bad == []
    assert errors == []


def test_the_explorer_takes_a_decimal_comma_a_unicode_minus_and_a_fraction_typed_on_a_phone(phone):
    page, errors = phone(OUTPUT_PAGE)
    reach_explorer(page)
    for (name, i, j), text, value in [(("W_out", 0, 0), "-0,5", -0.5), (("W_out", 0, 0), f"{MINUS}0.5", -0.5),
                                      (("x", 0, 0), "1/6", 1 / 6), (("x", 0, 0), f"{MINUS}1/6", -1 / 6),
                                      (("W_h", 1, 1), f"{MINUS}0,25", -0.25)]:
        field = box_of(page, name, i, j)
        type_into(page, field, text)
        assert field.input_value() == text
        assert field.get_attribute("aria-invalid") == "false", (text, page.locator(
            "#" + field.get_attribute("aria-describedby")).inner_text())
        assert shown_mismatches(page, explorer.both_explorers(*inputs_with(name, i, j, value))) == [], text
        type_into(page, field, repr(EXPLORER["inputs"][name][i][j]))
    assert errors == []


def test_the_hidden_layer_explorer_takes_a_negative_decimal_comma(phone):
    page, errors = phone(HIDDEN_PAGE)
    reach_explorer(page)
    type_into(page, box_of(page, "W_h", 0, 1), f"{MINUS}0,75")
    assert shown_mismatches(page, explorer.both_explorers(*inputs_with("W_h", 0, 1, -0.75))) == []
    assert errors == []


def exercise_box(page, key):
    return page.locator(f'.exercise[data-exercise="{key}"]')


def verdict(box):
    return box.locator(".exercise-feedback").evaluate("f => [f.dataset.kind || '', f.textContent]")


def fraction_of(value, denominator=10000):
    """The answer as a fraction a reader might type: its four decimals over 10000, with a Unicode minus."""
    ratio = Fraction(round(value * denominator), denominator)
    return f"{MINUS if ratio < 0 else ''}{abs(ratio.numerator)}/{ratio.denominator}"


def test_an_answer_box_takes_a_fraction_and_a_decimal_comma_typed_on_a_phone(phone):
    page, errors = phone(OUTPUT_PAGE)
    key = "output-layer-2-2-2/entry"
    answer = EXERCISES["exercises"][key]["answer"]
    box = exercise_box(page, key)
    spaced = fraction_of(answer).replace("/", " / ")  # as a phone's keyboard may space it
    for text in (fraction_of(answer), spaced, f"{answer:.4f}".replace(".", ",").replace("-", MINUS)):
        type_into(page, box.locator(".exercise-input"), text)
        box.locator(".exercise-check").tap()
        assert verdict(box) == ["right", "Right."], text
    assert errors == []


def test_enter_checks_a_2_by_2_answer_and_shift_enter_starts_its_second_row(phone):
    """The pages: "Type your answer and press Check (or Enter)"."""
    page, errors = phone(OUTPUT_PAGE)
    key = "output-layer-2-2-2/new-target"
    rows = [" ".join(f"{v:.4f}" for v in row) for row in EXERCISES["exercises"][key]["answer"]]
    box = exercise_box(page, key)
    field = box.locator("textarea.exercise-input")
    field.tap()
    page.keyboard.type(rows[0])
    page.keyboard.press("Shift+Enter")
    page.keyboard.type(rows[1])
    assert verdict(box)[0] == ""  # nothing checked yet
    page.keyboard.press("Enter")
    assert verdict(box) == ["right", "Right."]
    assert field.input_value() == "\n".join(rows)  # Enter added no line
    type_into(page, field, "; ".join(rows))  # one line, rows split by a semicolon
    page.keyboard.press("Enter")
    assert verdict(box) == ["right", "Right."]
    assert errors == []


def test_the_2_by_2_box_tells_a_phone_reader_to_split_rows_by_semicolons(phone):
    """A phone's keyboard sends no Shift+Enter: the hint leads with the semicolon."""
    page, errors = phone(OUTPUT_PAGE)
    box = exercise_box(page, "output-layer-2-2-2/new-target")
    box.scroll_into_view_if_needed()  # offscreen.css skips drawing (and innerText) far from the screen
    from playwright.sync_api import expect

    # As drawn (innerText), once the browser has rendered the block it scrolled to.
    expect(box.locator("label")).to_contain_text(
        "rows separated by semicolons, or on a computer by new lines with Shift+Enter", use_inner_text=True)
    assert errors == []


ANSWER_BOXES = """() => [...document.querySelectorAll('.exercise-input')].map(f => {
  const r = f.getBoundingClientRect(); return {id: f.id, width: r.width, height: r.height}; })"""


@pytest.mark.parametrize("path", [OUTPUT_PAGE, HIDDEN_PAGE])
def test_every_answer_box_is_44_px_tall_at_least(phone, path):
    """A box is tapped like a button: 44 px tall at least (WCAG 2.5.5)."""
    page, errors = phone(path)
    page.locator(".exercise-input").first.wait_for()
    boxes = page.evaluate(ANSWER_BOXES)
    assert len(boxes) >= 2
    low = [box for box in boxes if box["height"] < 44]
    assert low == [], low
    assert errors == []


TARGETS = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  return [...document.querySelectorAll(
      '.exercise-check, .md-code__button[data-md-type="copy"], .explorer-entry, .explorer-reset')]
    .map(b => { const r = b.getBoundingClientRect();
      return {what: b.className + ' ' + (b.dataset.mdType || ''), width: r.width, height: r.height}; });
}"""


@pytest.mark.parametrize("path", [OUTPUT_PAGE, HIDDEN_PAGE])
def test_every_button_a_reader_taps_is_44_px_square_at_least(phone, path):
    page, errors = phone(path)
    reach_explorer(page)
    targets = page.evaluate(TARGETS)
    kinds = {target["what"].split()[0] for target in targets}
    assert {"md-button", "md-code__button", "explorer-entry", "explorer-reset"} <= kinds
    small = [target for target in targets if target["width"] < 44 or target["height"] < 44]
    assert small == [], f"{len(small)} of {len(targets)}: {small[:5]}"
    SHOTS.mkdir(parents=True, exist_ok=True)  # how the larger copy button looks on its block
    block = page.locator("article .highlight:has(.md-code__nav)").first
    block.scroll_into_view_if_needed()
    block.screenshot(path=SHOTS / f"{path.strip('/')}-copy-button.png")
    assert errors == []


# Where an element is drawn on the screen, and whether it is the one a reader
# sees there (not behind the header or another element).
SEEN = """(el) => { const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const top = document.elementFromPoint(x, y);
  return {top: r.top, bottom: r.bottom, height: innerHeight, seen: top !== null && (el === top || el.contains(top))}; }"""


def in_sight(page, locator):
    """The first of `locator` that a reader sees, above the screen's middle (a phone's
    keyboard covers the lower part), or None."""
    for k in range(locator.count()):
        where = locator.nth(k).evaluate(SEEN)
        if where["seen"] and where["top"] >= 0 and where["bottom"] <= where["height"] * 0.55:
            return locator.nth(k)
    return None


def above_the_keyboard(field):
    """Scroll the page so the box sits just above where a phone's keyboard opens (it covers
    the lower 45 % of the screen or so), as the phone's browser scrolls a focused box."""
    field.evaluate("f => window.scrollBy(0, f.getBoundingClientRect().bottom - innerHeight * 0.55)")


@pytest.mark.parametrize("path, name, gradient", [(OUTPUT_PAGE, "W_out", "grad"), (HIDDEN_PAGE, "W_h", "grad_W_h")])
def test_the_gradient_of_the_weight_being_typed_stays_in_sight(phone, path, name, gradient):
    """Typing into a weight's box keeps that weight's gradient entry on the screen, above
    the keyboard; typing into a target's box keeps the whole gradient there."""
    page, errors = phone(path)
    reach_explorer(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    point = inputs_with(name, 0, 0, EXPLORER["inputs"][name][0][0])
    cases = [((name, 0, 0), "-2,5", -2.5, [(0, 0)]), ((name, 1, 1), f"{MINUS}1/4", -0.25, [(1, 1)]),
             ((name, 0, 1), "3", 3.0, [(0, 1)]), (("y", 0, 1), "0,25", 0.25, [(0, 0), (0, 1), (1, 0), (1, 1)])]
    for (box, i, j), text, value, entries in cases:
        field = box_of(page, box, i, j)
        type_into(page, field, text)
        above_the_keyboard(field)
        point[("x", "W_h", "W_out", "y").index(box)][i, j] = value
        expected = explorer.both_explorers(*point)
        assert field.evaluate(SEEN)["seen"], "the box typed into is hidden"
        for k, l in entries:
            entry = in_sight(page, page.locator(f'.explorer [data-q="{gradient}.{k}.{l}"]'))
            assert entry is not None, f"∂J/∂{name}[{k}][{l}] is off the screen while {box}[{i}][{j}] is typed into"
            assert entry.text_content() == explorer.shown(expected[gradient][k][l])
        page.screenshot(path=SHOTS / f"{path.strip('/')}-{box}-{i}{j}.png")
    assert errors == []


NOTEBOOK_PAGE = "notebooks/train-digits/"
# Each code cell's copy button (mkdocs-jupyter's), its size, and how much of its cell's code ink it covers.
NOTEBOOK_COPY = """() => [...document.querySelectorAll('.jp-CodeCell')].map(cell => {
  const button = cell.querySelector('.zeroclipboard-container clipboard-copy');
  const pre = cell.querySelector('.jp-InputArea-editor pre');
  if (!button || !pre) return null;
  button.scrollIntoView({block: 'center'});
  const b = button.getBoundingClientRect(), range = document.createRange();
  // Seen, not clipped by a box that hides its overflow: the button is what is drawn at its centre.
  const top = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
  const seen = top !== null && (top === button || button.contains(top));
  range.selectNodeContents(pre);
  let covered = 0;
  for (const r of range.getClientRects()) {
    const w = Math.min(r.right, b.right) - Math.max(r.left, b.left);
    const h = Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top);
    if (w > 0 && h > 0) covered += Math.round(w * h);
  }
  return {code: pre.textContent.split('\\n')[0], width: b.width, height: b.height, covered, seen};
}).filter(Boolean)"""
# The gradient check's printed output: how many characters a line of it shows, and whether it is clipped.
CHECK_OUTPUT = """() => {
  const cell = [...document.querySelectorAll('.jp-CodeCell')]
    .find(c => c.querySelector('.jp-InputArea-editor pre').textContent.includes('gradient_checks = {'));
  const pre = cell.querySelector('.jp-OutputArea-output pre');
  const probe = document.createElement('span');
  probe.textContent = 'x'.repeat(100);
  pre.appendChild(probe);
  const shown = pre.clientWidth / (probe.getBoundingClientRect().width / 100);
  probe.remove();
  const lines = pre.textContent.split('\\n');
  return {shown, longest: Math.max(...lines.map(l => l.length)), hidden: pre.scrollWidth - pre.clientWidth};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_notebooks_copy_buttons_are_44_px_and_cover_no_code(phone, scheme):
    """mkdocs-jupyter's copy button sat on the first code line at 25 x 33 px: in the
    prompt row above the code, 44 px square, it covers none of the cell's code."""
    page, errors = phone(NOTEBOOK_PAGE, scheme)
    buttons = page.evaluate(NOTEBOOK_COPY)
    assert len(buttons) >= 5
    small = [b for b in buttons if b["width"] < 44 or b["height"] < 44]
    assert small == [], f"{len(small)} of {len(buttons)}: {small[:3]}"
    hidden = [b for b in buttons if not b["seen"]]
    assert hidden == [], f"{len(hidden)} of {len(buttons)} not seen: {hidden[:3]}"
    covering = [b for b in buttons if b["covered"]]
    assert covering == [], f"{len(covering)} of {len(buttons)} cover code: {covering[:3]}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    cell = page.locator(".jp-CodeCell").nth(1)
    cell.scroll_into_view_if_needed()
    cell.screenshot(path=SHOTS / f"notebook-copy-button-{scheme}.png")
    assert errors == []


def test_the_notebooks_gradient_check_output_reads_whole_on_a_phone(phone):
    """Printed one number a line, no line of it is clipped at 390 px; and a 390 px
    output shows the 43 characters test_train_digits.py allows it."""
    page, errors = phone(NOTEBOOK_PAGE)
    measured = page.evaluate(CHECK_OUTPUT)
    assert measured["hidden"] <= 1 and measured["longest"] <= measured["shown"], measured
    assert measured["shown"] >= 43, measured
    assert errors == []
