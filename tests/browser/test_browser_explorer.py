"""The 2-2-2 page's explorer in a real browser: every number it shows is Python's.

Parameter sets are typed into the explorer's inputs as a reader types them;
each number it then displays must be what snippets/explorer.py computes with
mlp.py, printed by explorer.shown (the rounding rule the explorer states), and
its own compute function must agree with Python to a relative 1e-12.
"""

import json
import re

import numpy as np
import pytest

import explorer
from sitebuild.browser import arrive, open_context, wait_for_math, watch_errors
from sitebuild.sources import SNIPPETS
from sitebuild.browser import ARTIFACTS
from test_explorer import random_points

DATA = json.loads((SNIPPETS / "explorer.json").read_text(encoding="utf-8"))
PAGE = "output-layer-2-2-2/"
HIDDEN_PAGE = "hidden-layer/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = ARTIFACTS / "explorer"
# 24 sets: one in three pushes an output's logit to ±38, ±40 or ±45 (+38 and up
# round a to exactly 1 in float64), targets 0, 1, 0.3 and uniform ones.
POINTS = random_points(24, seed=2026)
RTOL = 1e-12
ATOL = 1e-300  # exact zeros (a(1 - a) of a saturated output) compare equal, nothing else is loosened
INPUT_NAMES = {
    "x": lambda i, j: f"x{j + 1}, input {j + 1}",
    "W_h": lambda i, j: f"w{i + 1},{j + 1}(h), from input {i + 1} to hidden unit {j + 1}",
    "W_out": lambda i, j: f"w{i + 1},{j + 1}(out), from hidden unit {i + 1} to output {j + 1}",
    "y": lambda i, j: f"y{j + 1}, target of output {j + 1}",
}
CELLS = [(name, i, j) for name, rows in (("x", 1), ("W_h", 2), ("W_out", 2), ("y", 1))
         for i in range(rows) for j in range(2)]

# Material's fixed header would cover the top of an element screenshot.
NO_HEADER = ".md-header, .md-tabs { visibility: hidden !important; }"
DISPLAYED = "() => [...document.querySelectorAll('.explorer [data-q]')].map(s => [s.dataset.q, s.textContent])"


def lookup(values, key):
    for part in key.split("."):
        values = values[int(part)] if isinstance(values, list) else values[part]
    return values


def params_of(point):
    return dict(zip(("x", "W_h", "W_out", "y"), (np.asarray(m, dtype=float).tolist() for m in point)))


def field_of(page, label):
    """The explorer's input named `label`, found by its label as a reader (or a
    screen reader) finds it, among the explorer's elements rather than the
    whole page's 15,000 (faster)."""
    return page.locator(".explorer").get_by_label(label, exact=True)


def type_point(page, point):
    """Fill every input of the explorer, as a reader would (one input event each)."""
    params = params_of(point)
    for name, i, j in CELLS:
        field_of(page, INPUT_NAMES[name](i, j)).fill(repr(params[name][i][j]))
    return params


def mismatches(page, expected):
    """Every displayed number that differs from Python's, as (key, shown, expected)."""
    shown = page.evaluate(DISPLAYED)
    assert len(shown) > 40
    return [(key, text, explorer.shown(lookup(expected, key))) for key, text in shown
            if text != explorer.shown(lookup(expected, key))]


def flat(values):
    """(key, value) for every number of a quantities dict, keys as the explorer names them."""
    out = []

    def walk(prefix, v):
        if isinstance(v, list):
            for k, item in enumerate(v):
                walk(f"{prefix}.{k}", item)
        else:
            out.append((prefix, v))

    for name, v in values.items():
        walk(name, v)
    return out


def at(base_url, path):
    """The page's URL, with any #anchor (navigation.tracking writes the section into the URL)."""
    return re.compile(re.escape(base_url + path) + r"(#.*)?$")


def widget_text(page):
    return page.locator(".explorer").inner_text()


def no_bad_words(text):
    return not any(word in text for word in ("NaN", "Infinity", "undefined", "null"))


def reach_explorer(page):
    """Scroll to the explorer, as a reader does, and wait for it to be built
    (widgets.js loads and builds it only when it comes near the screen)."""
    page.locator(".explorer").scroll_into_view_if_needed()
    page.locator(".explorer .explorer-input").first.wait_for()


@pytest.fixture()
def open_explorer(browser, served_site):
    """open_explorer(scheme, viewport) -> (page, console errors), at the explorer."""
    _, base_url = served_site
    contexts = []

    def opener(scheme="light", viewport=DESKTOP, path=PAGE):
        context = open_context(browser, base_url, scheme, viewport)
        contexts.append(context)
        page = context.new_page()
        errors = watch_errors(page)
        page.goto(base_url + path)
        wait_for_math(page)
        reach_explorer(page)
        return page, errors

    yield opener
    for context in contexts:
        context.close()


def test_the_explorer_starts_at_the_recorded_worked_example(open_explorer):
    page, errors = open_explorer()
    assert page.locator(".explorer").count() == 1 and page.locator(".explorer-input").count() == 12
    for name, i, j in CELLS:
        assert float(field_of(page, INPUT_NAMES[name](i, j)).input_value()) == DATA["inputs"][name][i][j]
    assert mismatches(page, DATA["quantities"]) == []
    for key, text in page.evaluate(DISPLAYED):
        assert text == lookup(DATA["shown"], key), key
    assert "4 decimals" in page.locator(".explorer-rule").inner_text()
    assert errors == []


def test_typed_parameter_sets_show_python_s_numbers_and_compute_agrees_to_1e_12(open_explorer):
    page, errors = open_explorer()
    saturated_sets, worst, problems = 0, 0.0, []
    for k, point in enumerate(POINTS):
        params = type_point(page, point)
        expected = explorer.both_explorers(*point)
        problems += [(k, *m) for m in mismatches(page, expected)]
        # The explorer's own compute(), on the same float64 inputs.
        got = page.evaluate("p => window.backpropExplorer.compute(p)", params)
        for key, want in flat(expected):
            have = lookup(got, key)
            have = float(have) if isinstance(have, int) and not isinstance(have, bool) else have
            if want is None or isinstance(want, bool):
                assert have == want, (k, key, have, want)
                continue
            np.testing.assert_allclose(have, want, rtol=RTOL, atol=ATOL, err_msg=f"set {k}: {key}")
            if want != 0:
                worst = max(worst, abs(have - want) / abs(want))
        # The δ the saturation note shows, computed from z: Python's stable form agrees.
        z, y = np.array(expected["z_out"]), np.asarray(point[3], dtype=float)
        np.testing.assert_allclose(got["delta_exact"], exact_delta(z, y), rtol=RTOL, atol=ATOL,
                                   err_msg=f"set {k}: delta_exact")
        saturated = expected["saturated"][0]
        text = widget_text(page)
        assert no_bad_words(text), (k, text)
        for j, s in enumerate(saturated):
            note = page.locator(f'.explorer-note[data-saturated="{j}"]')
            assert note.count() == (1 if s else 0), (k, j)
            if s:
                assert "rounded to exactly 1 in float64" in note.inner_text()
                assert explorer.NO_VALUE in note.inner_text()
        saturated_sets += any(saturated)
    print(f"\n{len(POINTS)} parameter sets, {saturated_sets} with a saturated output; "
          f"max relative difference JS vs Python: {worst:.3g}")
    assert problems == []
    assert saturated_sets >= 5
    assert errors == []


def exact_delta(z, y):
    """δ = σ(z) - y without the rounded a: (1 - y) σ(z) - y σ(-z)."""
    from mlp import sigmoid

    return (1 - y) * sigmoid(z) - y * sigmoid(-z)


def test_saturation_note_shows_the_exact_delta_where_a_minus_y_loses_it(open_explorer):
    """W_out[0][0] = 200 with y_1 = 1: a_1 rounds to 1, so a_1 - y_1 computes 0, while the
    exact δ_1 = -σ(-z_1) is a float64 number; the note shows it, σ'(z_1) and the gradient
    column with it, and does not call the rounded form exact. With y_1 = 0 the rounded form
    is exact, and the note says so."""
    from mlp import sigmoid

    page, errors = open_explorer()
    field_of(page, INPUT_NAMES["W_out"](0, 0)).fill("200")
    W_out = np.array(DATA["inputs"]["W_out"], dtype=float)
    W_out[0, 0] = 200
    x, W_h, y = (np.array(DATA["inputs"][name], dtype=float) for name in ("x", "W_h", "y"))
    assert y[0, 0] == 1  # the worked example's first target
    values = explorer.both_explorers(x, W_h, W_out, y)
    a_h, z = np.array(values["a_h"]), np.array(values["z_out"])[0, 0]
    assert values["a_out"][0][0] == 1 and values["a_minus_y"][0][0] == 0  # what the table shows
    delta = exact_delta(z, 1.0)
    assert delta == -sigmoid(-z) and delta != 0
    note = page.locator('.explorer-note[data-saturated="0"]').inner_text()
    for number in (delta, sigmoid(z) * sigmoid(-z), a_h[0, 0] * delta, a_h[0, 1] * delta):
        assert explorer.shown(number) in note, (explorer.shown(number), note)
    assert f"gives {explorer.shown(0.0)}" in note and "are exact" not in note
    field_of(page, INPUT_NAMES["y"](0, 0)).fill("0")
    note = page.locator('.explorer-note[data-saturated="0"]').inner_text()
    assert "gives the same float64 number" in note and "are exact" in note
    assert errors == []


# (logit z_1 typed through W_out's column 1, target y_1): a normal σ' and δ; subnormal ones
# (z beyond about 708); both underflowed to 0 (z beyond about 745: the column of
# 2000s, z ≈ 1385); σ' underflowed but δ = 1 - y held; a = σ(z) itself underflowed to 0.
RANGES = [(200.0, 1.0), (720.0, 1.0), (None, 1.0), (1000.0, 0.3), (-1000.0, 1.0), (-1000.0, 0.0)]


def test_the_saturation_note_says_what_float64_holds_for_every_logit(open_explorer):
    """For each range of |z| the note says what float64 holds of σ'(z) and δ computed from
    z: normal numbers, subnormal ones (fewer digits), or an underflow to 0 that no route
    avoids; it calls the table exact only where it is, and says a = 0 once."""
    from mlp import sigmoid

    page, errors = open_explorer()
    x, W_h, W_out, y = (np.array(DATA["inputs"][name], dtype=float) for name in ("x", "W_h", "W_out", "y"))
    a_h = np.array(DATA["quantities"]["a_h"])
    tiny, smallest = np.finfo(np.float64).tiny, np.nextafter(0.0, 1.0)
    kinds = set()
    for z_wanted, y_1 in RANGES:
        w = 2000.0 if z_wanted is None else float(z_wanted / a_h.sum())
        W_out[:, 0], y[0, 0] = w, y_1
        for i in range(2):
            field_of(page, INPUT_NAMES["W_out"](i, 0)).fill(repr(w))
        field_of(page, INPUT_NAMES["y"](0, 0)).fill(repr(y_1))
        values = explorer.both_explorers(x, W_h, W_out, y)
        z, a = values["z_out"][0][0], values["a_out"][0][0]
        assert a in (0.0, 1.0) and values["saturated"][0][0], (z, a)
        note = page.locator('.explorer-note[data-saturated="0"]').inner_text()
        sigma_prime, delta = sigmoid(z) * sigmoid(-z), exact_delta(z, y_1)
        assert explorer.shown(sigma_prime) in note and explorer.shown(delta) in note, (z, note)
        held = {"σ′": sigma_prime, "δ": delta}
        zero = [name for name, v in held.items() if v == 0]
        subnormal = [name for name, v in held.items() if 0 < abs(v) < tiny]
        assert "representable" not in note and no_bad_words(note)
        assert ("Both are normal float64 numbers" in note) == (not zero and not subnormal), (z, note)
        assert ("is subnormal" in note or "are subnormal" in note) == bool(subnormal), (z, note)
        assert ("underflowed to 0" in note) == bool(zero), (z, note)
        if subnormal:
            assert explorer.shown(tiny) in note
        if zero:
            assert explorer.shown(smallest) in note and "smallest positive float64" in note
        # δ from z is 0 only by underflow: then the table's 0 is not exact
        assert ("are exact" in note) == (delta != 0 and delta == values["a_minus_y"][0][0]), (z, note)
        assert ("where the true ones are not" in note) == (delta == 0), (z, note)
        assert ("underflowed to exactly 0 in float64" in note) == (a == 0)
        assert "exactly 0 in float64, and" not in note  # said once
        kinds |= {("a = 0" if a == 0 else "a = 1"), *(f"{name} 0" for name in zero),
                  *(f"{name} subnormal" for name in subnormal)}
    assert kinds == {"a = 0", "a = 1", "σ′ 0", "δ 0", "σ′ subnormal", "δ subnormal"}
    assert errors == []


def test_saturation_shows_words_and_a_finite_j(open_explorer):
    page, _ = open_explorer()
    field_of(page, INPUT_NAMES["W_out"](0, 0)).fill("200")
    field_of(page, INPUT_NAMES["W_out"](1, 0)).fill("200")
    shown = dict(page.evaluate(DISPLAYED))
    assert shown["dJ_da.0.0"] == shown["product.0.0"] == shown["chain.0.0"] == explorer.NO_VALUE
    assert shown["da_dz.0.0"] == "0.0000"
    assert shown["J"] != explorer.NO_VALUE and no_bad_words(widget_text(page))
    assert "saturated" in page.locator(".explorer-status").inner_text()


def test_a_non_number_gets_a_message_next_to_its_input_never_nan(open_explorer):
    page, errors = open_explorer()
    cases = [(("x", 0, 0), "abc", "is not a number"), (("W_h", 1, 0), "", "Type a number"),
             (("y", 0, 1), "1.5", "between 0 and 1"), (("W_out", 0, 1), "1e400", "Keep it between")]
    for (name, i, j), typed, message in cases:
        field = field_of(page, INPUT_NAMES[name](i, j))
        field.fill(typed)
        assert field.get_attribute("aria-invalid") == "true"
        described = page.locator("#" + field.get_attribute("aria-describedby"))
        assert message in described.inner_text()
        # the message sits in the same cell as its input
        assert described.evaluate("(m, f) => m.parentElement === f.parentElement", field.element_handle())
        assert no_bad_words(widget_text(page))
        field.fill(str(DATA["inputs"][name][i][j]))
        assert described.inner_text() == ""
    assert mismatches(page, DATA["quantities"]) == []
    assert errors == []


def test_back_to_the_worked_example_restores_the_recorded_values(open_explorer):
    page, _ = open_explorer()
    type_point(page, POINTS[0])
    page.get_by_role("button", name="Back to the worked example").click()
    for name, i, j in CELLS:
        assert float(field_of(page, INPUT_NAMES[name](i, j)).input_value()) == DATA["inputs"][name][i][j]
    for key, text in page.evaluate(DISPLAYED):
        assert text == lookup(DATA["shown"], key), key


def chosen_state(page):
    return page.evaluate("""() => ({
        chosen: document.querySelector('.explorer').dataset.chosen,
        pressed: [...document.querySelectorAll('.explorer-entry[aria-pressed=true]')].map(b => b.dataset.weight),
        edges: [...document.querySelectorAll('.explorer-edge.explorer-on')].map(e => [e.dataset.output, e.dataset.hidden, e.dataset.factor]),
        nodes: [...document.querySelectorAll('.explorer-node.explorer-on')].map(n => n.dataset.node).sort(),
        factors: [...document.querySelectorAll('[data-path-text] .explorer-factor [data-q]')].map(s => s.dataset.q),
        rows: [...document.querySelectorAll('.explorer-chain li.explorer-chosen')].map(li => li.dataset.weight),
    })""")


def assert_path_text_states_true_equations(page, i, j):
    """Each "=" under the tree joins two equal things: a factor is named, then its number;
    no factor is set equal to the derivative it is a factor of (∂J/∂w = ∂J/∂a = …)."""
    text = page.locator("[data-path-text]").inner_text()
    shown = {key: explorer.shown(lookup(DATA["quantities"], key))
             for key in (f"dJ_da.0.{j}", f"da_dz.0.{j}", f"a_h.0.{i}", f"chain.{i}.{j}", f"grad.{i}.{j}")}
    assert not re.search(r"=\s*∂", text), text
    a, z, w = f"a{j + 1}(out)", f"z{j + 1}(out)", f"w{i + 1},{j + 1}(out)"
    for clause in (f"∂J/∂{a} = {shown[f'dJ_da.0.{j}']}",
                   f"∂{a}/∂{z} = a{j + 1}(1 − a{j + 1}) = {shown[f'da_dz.0.{j}']}",
                   f"∂{z}/∂{w} = a{i + 1}(h) = {shown[f'a_h.0.{i}']}",
                   f"so ∂J/∂{w} = {shown[f'dJ_da.0.{j}']} · {shown[f'da_dz.0.{j}']} · {shown[f'a_h.0.{i}']}"
                   f" = {shown[f'chain.{i}.{j}']}"):
        assert clause in text, (clause, text)


@pytest.mark.parametrize("i, j", [(0, 0), (1, 0), (0, 1), (1, 1)])
def test_choosing_a_weight_lights_its_one_path_and_its_three_factors(open_explorer, i, j):
    page, _ = open_explorer()
    page.locator(f'.explorer-entry[data-weight="{i}.{j}"]').click()
    state = chosen_state(page)
    assert state["chosen"] == f"{i}.{j}" and state["pressed"] == [f"{i}.{j}"] and state["rows"] == [f"{i}.{j}"]
    assert sorted(state["edges"]) == [[str(j), "", "1"], [str(j), "", "2"], [str(j), str(i), "3"]]
    assert state["nodes"] == sorted(["J", f"a{j}", f"z{j}", f"w{i}{j}"])
    assert state["factors"] == [f"dJ_da.0.{j}", f"da_dz.0.{j}", f"a_h.0.{i}"]
    assert_path_text_states_true_equations(page, i, j)
    # focusing a W(out) box chooses that weight too
    other = (1 - i, 1 - j)
    field_of(page, INPUT_NAMES["W_out"](*other)).focus()
    assert chosen_state(page)["chosen"] == f"{other[0]}.{other[1]}"


def test_keyboard_alone_types_and_chooses_with_visible_focus(open_explorer):
    page, errors = open_explorer()
    # Start on the link just before the explorer (the kit box's link comes earlier), then Tab into it.
    page.locator('a[href$="snippets/explorer.py"]').last.focus()
    page.keyboard.press("Tab")
    first = field_of(page, INPUT_NAMES["x"](0, 0))
    assert first.evaluate("f => f === document.activeElement")
    outline = first.evaluate("f => getComputedStyle(f).outlineStyle + ' ' + getComputedStyle(f).outlineWidth")
    assert not outline.startswith("none") and not outline.endswith(" 0px"), outline
    page.keyboard.press("Control+A")
    page.keyboard.type("0.25")
    point = [np.array(DATA["inputs"][n]) for n in ("x", "W_h", "W_out", "y")]
    point[0] = np.array([[0.25, point[0][0, 1]]])
    assert mismatches(page, explorer.both_explorers(*point)) == []
    # Tab on to the gradient's entry (2, 1) and choose it with Enter, then (1, 2) with Space.
    for key, press in (("1.0", "Enter"), ("1.1", "Space")):
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.dataset.weight") == key and \
                    page.evaluate("() => document.activeElement.tagName") == "BUTTON":
                break
        else:
            pytest.fail(f"Tab never reached the gradient entry {key}")
        ring = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert ring != "none"
        page.keyboard.press(press)
        assert chosen_state(page)["chosen"] == key
    assert errors == []


def test_every_input_has_an_accessible_name_from_its_label(open_explorer):
    page, _ = open_explorer()
    for name, i, j in CELLS:
        field = field_of(page, INPUT_NAMES[name](i, j))
        assert field.count() == 1
        assert field.evaluate("f => f.labels.length === 1 && f.labels[0].tagName === 'LABEL'")


def test_the_explorer_survives_instant_navigation_away_and_back(open_explorer, served_site):
    _, base_url = served_site
    page, errors = open_explorer()
    page.evaluate("window.stillTheSameDocument = true")
    field_of(page, INPUT_NAMES["x"](0, 0)).fill("1.75")  # state that must not survive
    page.click('.md-sidebar--primary a.md-nav__link[href$="output-layer-m-d-t/"]')
    arrive(page, at(base_url, "output-layer-m-d-t/"))
    page.go_back()
    arrive(page, at(base_url, PAGE))
    reach_explorer(page)
    assert page.evaluate("window.stillTheSameDocument === true")  # instant navigation, not a reload
    assert page.locator(".explorer-inputs").count() == 1 and page.locator(".explorer-input").count() == 12
    assert page.locator(".explorer-svg").count() == 1
    field = field_of(page, INPUT_NAMES["x"](0, 0))
    assert float(field.input_value()) == DATA["inputs"]["x"][0][0]  # the worked example again, nothing stale
    renders = int(page.locator(".explorer").get_attribute("data-renders"))
    field.fill("0.75")
    assert int(page.locator(".explorer").get_attribute("data-renders")) == renders + 1  # updated once
    point = [np.array(DATA["inputs"][n]) for n in ("x", "W_h", "W_out", "y")]
    point[0] = np.array([[0.75, point[0][0, 1]]])
    assert mismatches(page, explorer.both_explorers(*point)) == []
    # And twice more: away and back again still builds exactly one explorer.
    page.click('.md-sidebar--primary a.md-nav__link[href$="notation/"]')
    arrive(page, at(base_url, "notation/"))
    page.click('.md-sidebar--primary a.md-nav__link[href$="output-layer-2-2-2/"]')
    arrive(page, at(base_url, PAGE))
    reach_explorer(page)
    assert page.locator(".explorer-input").count() == 12 and page.locator(".explorer-svg").count() == 1
    renders = int(page.locator(".explorer").get_attribute("data-renders"))
    field_of(page, INPUT_NAMES["y"](0, 1)).fill("0.3")
    assert dict(page.evaluate(DISPLAYED))["a_minus_y.0.1"] == explorer.shown(
        lookup(explorer.both_explorers(*[np.array(DATA["inputs"][n]) for n in ("x", "W_h", "W_out")],
                                   np.array([[DATA["inputs"]["y"][0][0], 0.3]])), "a_minus_y.0.1"))
    assert int(page.locator(".explorer").get_attribute("data-renders")) == renders + 1
    assert errors == []


@pytest.mark.parametrize("path", [PAGE, HIDDEN_PAGE])
@pytest.mark.parametrize("scheme, viewport", [("light", DESKTOP), ("dark", DESKTOP), ("light", PHONE),
                                              ("dark", PHONE)])
def test_fits_the_width_in_both_schemes_and_a_screenshot(open_explorer, scheme, viewport, path):
    page, errors = open_explorer(scheme, viewport, path)
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == \
        ("slate" if scheme == "dark" else "default")
    SHOTS.mkdir(parents=True, exist_ok=True)
    box = page.locator(".explorer")
    name = f"{'' if path == PAGE else 'hidden-'}{scheme}-{viewport['width']}"
    page.locator(".explorer-entry").nth(2).click()
    box.screenshot(path=SHOTS / f"{name}.png", style=NO_HEADER)
    # the widest it gets: both outputs saturated or tiny, long words and powers of ten
    for (i, j), value in (((0, 0), "200"), ((1, 0), "200"), ((0, 1), "-300"), ((1, 1), "-300")):
        field_of(page, INPUT_NAMES["W_out"](i, j)).fill(value)
    field_of(page, INPUT_NAMES["y"](0, 0)).fill("0.3")
    field_of(page, INPUT_NAMES["x"](0, 1)).fill("-1.5e-3")
    box.screenshot(path=SHOTS / f"{name}-saturated.png", style=NO_HEADER)
    sizes = page.evaluate("""() => ({page: document.documentElement.scrollWidth, view: window.innerWidth,
        box: document.querySelector('.explorer').scrollWidth, boxClient: document.querySelector('.explorer').clientWidth})""")
    assert sizes["page"] <= sizes["view"], sizes
    assert sizes["box"] <= sizes["boxClient"], sizes
    # text follows the scheme: the numbers are drawn in the scheme's foreground colour
    colour = page.locator(".explorer-num").first.evaluate("s => getComputedStyle(s).color")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert colour != background
    assert errors == []


# Each run of the tree's text (a <text> or its index/layer <tspan>) as drawn:
# its computed font size times the scale the viewBox is drawn at.
TREE_TEXT = """() => {
  const svg = document.querySelector('.explorer-svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return {
    runs: [...svg.querySelectorAll('text, tspan')].map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]),
    leaves: [...svg.querySelectorAll('.explorer-node[data-node^="w"] text')].map(t => [t.parentNode.dataset.node, t.textContent]),
  };
}"""
# Unicode's subscript and superscript digits and modifier letters (₁, ⁽, ʰ, ᵒ):
# a phone draws them about 7 px tall even in 12.6 px type.
SMALL_GLYPHS = re.compile("[\u02b0-\u02ff\u1d2c-\u1d6a\u2070-\u209f]")


def test_the_tree_labels_are_11_px_at_least_on_a_phone_and_name_each_leafs_layer(open_explorer):
    """The site's rule for figure text on a 390 px phone: 11 px at least, indices and layers too."""
    page, errors = open_explorer(viewport=PHONE)
    drawn = page.evaluate(TREE_TEXT)
    assert len(drawn["runs"]) >= 17  # 9 node and 8 edge labels (and their tspans)
    small = [(text, round(px, 1)) for text, px in drawn["runs"] if px < 11 or SMALL_GLYPHS.search(text)]
    assert small == [], small
    assert sorted(map(tuple, drawn["leaves"])) == [(f"w{i}{j}", f"w{i + 1},{j + 1}(out)") for i in (0, 1) for j in (0, 1)]
    assert errors == []


@pytest.mark.parametrize("scheme, path", [("light", PAGE), ("dark", PAGE), ("light", HIDDEN_PAGE)])
def test_axe_finds_no_violation_in_the_explorer(open_explorer, scheme, path):
    """axe-core on the explorer alone: at the start, saturated, and with a bad input."""
    from axe_playwright_python.sync_playwright import Axe

    page, _ = open_explorer(scheme, path=path)
    axe = Axe()
    found = []
    for state in ("start", "saturated", "invalid"):
        if state == "saturated":
            field_of(page, INPUT_NAMES["W_out"](0, 0)).fill("200")
            field_of(page, INPUT_NAMES["W_out"](1, 0)).fill("200")
        if state == "invalid":
            field_of(page, INPUT_NAMES["x"](0, 1)).fill("abc")
        violations = axe.run(page, context=".explorer").response["violations"]
        found += [f"{state}: {v['id']} [{v['impact']}] {[n['target'] for n in v['nodes'][:4]]} "
                  f"{v['nodes'][0].get('failureSummary', '')[:200]}" for v in violations]
    assert found == [], "\n".join(found)


def test_the_explorer_is_loaded_and_built_only_when_the_reader_gets_near_it(browser, served_site):
    _, base_url = served_site
    context = open_context(browser, base_url, "light", {"width": 390, "height": 844})
    page = context.new_page()
    scripts = []
    page.on("request", lambda request: scripts.append(request.url) if request.url.endswith(".js") else None)
    page.goto(base_url + "notation/")
    wait_for_math(page)
    assert not any(url.endswith("/explorer.js") for url in scripts), "explorer.js loaded on a page without it"
    page.goto(base_url + PAGE)
    wait_for_math(page)
    page.wait_for_timeout(500)
    assert page.locator(".explorer .explorer-input").count() == 0, "built before the reader got near it"
    assert not any(url.endswith("/explorer.js") for url in scripts), "explorer.js loaded before it was needed"
    reach_explorer(page)
    assert sum(url.endswith("/explorer.js") for url in scripts) == 1
    context.close()


# ---- The hidden-layer page's explorer: the same widget, data-layer="hidden" ----

HIDDEN_MD = (SNIPPETS.parent / "docs" / "hidden-layer.md").read_text(encoding="utf-8")
HIDDEN_KEYS = ("terms", "dJ_da_h", "da_dz_h", "delta_h", "grad_W_h", "paths")


def test_the_hidden_explorer_shows_mlp_s_hidden_delta_and_grad_W_h_as_the_reader_types(open_explorer):
    """The page: "δ(h) and ∂J/∂W(h) = xᵀδ(h) follow as you type, with the two terms each hidden
    unit adds up, one per output ... its JavaScript repeats hidden_delta and grad_W_h in float64
    ... a browser test checks that it agrees with them": every number shown is Python's, and
    compute() agrees with mlp.hidden_delta and mlp.grad_W_h to 1e-12."""
    from mlp import forward, grad_W_h, hidden_delta, output_delta

    assert "follow as you type, with the two terms each hidden unit adds up, one per output" in HIDDEN_MD
    assert "its JavaScript repeats `hidden_delta` and `grad_W_h` in float64" in HIDDEN_MD
    page, errors = open_explorer(path=HIDDEN_PAGE)
    assert page.locator('.explorer[data-layer="hidden"] .explorer-input').count() == 12
    for key, text in page.evaluate(DISPLAYED):
        assert text == lookup(DATA["shown"], key), key
    shown_keys = {key.split(".")[0] for key, _ in page.evaluate(DISPLAYED)}
    assert set(HIDDEN_KEYS) <= shown_keys and "chain" not in shown_keys  # the hidden layer's, not the output's
    problems, saturated = [], 0
    for k, point in enumerate(POINTS[:12]):
        params = type_point(page, point)
        expected = explorer.both_explorers(*point)
        problems += [(k, *m) for m in mismatches(page, expected)]
        got = page.evaluate("p => window.backpropExplorer.compute(p)", params)
        x, W_h, W_out, y = (np.asarray(m, dtype=float) for m in point)
        _, a_h, _, a_out = forward(x, W_h, W_out)
        delta_h = hidden_delta(output_delta(a_out, y), W_out, a_h)
        np.testing.assert_allclose(got["delta_h"], delta_h, rtol=RTOL, atol=ATOL, err_msg=f"set {k}: delta_h")
        np.testing.assert_allclose(got["grad_W_h"], grad_W_h(x, delta_h), rtol=RTOL, atol=ATOL,
                                   err_msg=f"set {k}: grad_W_h")
        for key in HIDDEN_KEYS:
            np.testing.assert_allclose(got[key], expected[key], rtol=RTOL, atol=ATOL, err_msg=f"set {k}: {key}")
        assert no_bad_words(widget_text(page))
        status = page.locator(".explorer-status").inner_text()
        if any(expected["saturated"][0]):  # no note under a table here: the status says what δ(out) is
            assert "computed from that rounded a, as mlp.py's output_delta does" in status, (k, status)
            saturated += 1
        else:
            assert status == "", (k, status)
    assert problems == []
    assert saturated >= 2
    assert errors == []


@pytest.mark.parametrize("l, i", [(0, 0), (1, 0), (0, 1), (1, 1)])
def test_choosing_a_hidden_weight_shows_its_two_paths_and_their_sum(open_explorer, l, i):
    """The page: "Choose a hidden weight (its box, or its entry in the gradient) to see its two
    paths to J, one through each output, and their sum"."""
    assert "Choose a hidden weight (its box, or its entry in the gradient) to see its two paths" in HIDDEN_MD
    page, errors = open_explorer(path=HIDDEN_PAGE)
    page.locator(f'.explorer-entry[data-weight="{l}.{i}"]').click()
    state = chosen_state(page)
    assert state["chosen"] == f"{l}.{i}" and state["pressed"] == [f"{l}.{i}"]
    text = page.locator("[data-path-text]").inner_text()
    shown = lambda key: explorer.shown(lookup(DATA["quantities"], key))
    assert not re.search(r"=\s*∂", text), text
    # the chain of docs/figures/hidden-paths.svg: J → a_j(out) → z_j(out) → a_i(h) → z_i(h) → w_li(h)
    assert text.startswith(f"J → a1(out) and a2(out) → z1(out) and z2(out) → a{i + 1}(h) → z{i + 1}(h) → "
                           f"w{l + 1},{i + 1}(h): two paths, one through each output."), text
    for j in (0, 1):
        path = page.locator(f'[data-path-text] .explorer-hidden-path[data-path="{j}"]').inner_text()
        assert path.startswith(f"Through output {j + 1}:")
        assert (f"{shown(f'delta_out.0.{j}')} · {shown(f'W_out.{i}.{j}')} · {shown(f'da_dz_h.0.{i}')} · "
                f"{shown(f'x.0.{l}')} = {shown(f'paths.{l}.{i}.{j}')}") in path, path
    assert (f"∂J/∂w{l + 1},{i + 1}(h) = {shown(f'paths.{l}.{i}.0')} + {shown(f'paths.{l}.{i}.1')} = "
            f"{shown(f'grad_W_h.{l}.{i}')}") in text, text
    # focusing a W(h) box chooses that weight; a W(out) box chooses nothing here
    other = (1 - l, 1 - i)
    field_of(page, INPUT_NAMES["W_h"](*other)).focus()
    assert chosen_state(page)["chosen"] == f"{other[0]}.{other[1]}"
    field_of(page, INPUT_NAMES["W_out"](l, i)).focus()
    assert chosen_state(page)["chosen"] == f"{other[0]}.{other[1]}"
    assert errors == []
