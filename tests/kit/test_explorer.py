"""The 2-2-2 page's explorer, Python side: its recorded numbers are the page's code's numbers.

snippets/explorer.py prints what the explorer starts from and what it must
show; tests/browser/test_browser_explorer.py checks the explorer in the page against
it. Here: the recording is fresh, it starts at the worked example,
every quantity is what mlp.py (and the page's unit-by-unit route) computes,
at the example and at random points where outputs saturate in float64, and
the rounding rule is JavaScript's (half away from zero).
"""

import json
import math

import numpy as np
import pytest

import example_2_2_2 as ex
import explorer
from support import SNIPPETS, assert_prints_recorded
from recorded import json_differences
from gradient_check import numerical_gradient, relative_error
from mlp import cross_entropy, forward, grad_W_h, grad_W_out, hidden_delta, objective, output_delta
from output_layer_2_2_2 import da_dz, dJ_da, unit_by_unit_gradient

RECORDED = json.loads((SNIPPETS / "explorer.json").read_text(encoding="utf-8"))


# Logits near ±40: from about +37 up, σ(z) rounds to exactly 1 in float64
# (e^-z is below half an ulp of 1); at -40, σ(z) ≈ 4e-18 is tiny but not 0.
LOGITS = (40.0, -40.0, 45.0, 38.0, -38.0, 41.0, -45.0, 39.0)


def random_points(count, seed=13):
    """Random (x, W_h, W_out, y), one in three with an output pushed to a logit near ±40."""
    rng = np.random.default_rng(seed)
    points = []
    for k in range(count):
        x = rng.uniform(-2, 2, size=(1, 2))
        W_h = rng.uniform(-2, 2, size=(2, 2))
        W_out = rng.uniform(-3, 3, size=(2, 2))
        if k % 3 == 0:
            a_h = forward(x, W_h, W_out).A_h
            logit = LOGITS[(k // 3) % len(LOGITS)]
            W_out[:, k % 2] = logit / a_h.sum()  # z_j = a_1 w_1j + a_2 w_2j ≈ logit
        y = np.array([[rng.choice([0.0, 1.0, 0.3]), rng.choice([0.0, 1.0, 0.3, rng.uniform()])]])
        points.append((x, W_h, W_out, y))
    return points


POINTS = random_points(30)


@pytest.mark.parametrize("args, recorded", [(("--json",), "explorer.json"), ((), "explorer.out")])
def test_explorer_prints_its_recorded_json(args, recorded):
    assert_prints_recorded("explorer.py", args, recorded)


def test_the_explorer_starts_at_the_worked_example():
    for name in ("x", "W_h", "W_out", "y"):
        assert RECORDED["inputs"][name] == getattr(ex, name).tolist(), name


def assert_close(recorded, computed, name):
    """Equal up to rounding (recorded.REL_TOL): the last bits depend on the machine."""
    problems = json_differences(recorded, computed, name)
    assert not problems, "\n".join(problems)


def test_recorded_quantities_are_mlp_s_within_rounding():
    q = RECORDED["quantities"]
    z_h, a_h, z_out, a_out = forward(ex.x, ex.W_h, ex.W_out)
    delta = output_delta(a_out, ex.y)
    assert_close(q["z_h"], z_h.tolist(), "z_h")
    assert_close(q["a_h"], a_h.tolist(), "a_h")
    assert_close(q["z_out"], z_out.tolist(), "z_out")
    assert_close(q["a_out"], a_out.tolist(), "a_out")
    assert_close(q["J"], cross_entropy(z_out, ex.y), "J")
    assert q["a_minus_y"] == q["delta_out"]
    assert_close(q["delta_out"], delta.tolist(), "delta_out")
    assert_close(q["grad"], grad_W_out(a_h, delta).tolist(), "grad")
    assert_close(q["chain"], unit_by_unit_gradient(a_h, a_out, ex.y).tolist(), "chain")
    assert_close(q["dJ_da"], [[float(dJ_da(a, t)) for a, t in zip(a_out[0], ex.y[0])]], "dJ_da")
    assert_close(q["da_dz"], [[float(da_dz(a)) for a in a_out[0]]], "da_dz")
    assert q["saturated"] == [[False, False]]
    assert RECORDED["shown"] == explorer.shown_all(q)


def test_a_recording_made_on_another_machine_still_passes():
    """Another CPU rounds z_h = 0.5 * 0.2 + (-1.5) * 0.7 to -0.9499999999999998, not -0.95."""
    recorded = RECORDED["quantities"]["z_h"][0][0]
    moved = json.loads(json.dumps(RECORDED))
    moved["quantities"]["z_h"][0][0] = float(np.nextafter(recorded, 0))  # one bit off
    assert json_differences(RECORDED, moved, "explorer.json") == []
    moved["quantities"]["z_h"][0][0] = -0.9501
    (problem,) = json_differences(RECORDED, moved, "explorer.json")
    assert problem.startswith(f"explorer.json $.quantities.z_h[0][0]: recorded {recorded!r}, now -0.9501;")


def test_the_recorded_gradient_matches_central_differences():
    grad = np.array(RECORDED["quantities"]["grad"])
    numeric = numerical_gradient(lambda W: objective(ex.x, ex.W_h, W, ex.y), ex.W_out)
    assert relative_error(grad, numeric) <= 1e-7


def test_random_points_include_saturated_outputs_and_every_kind_of_target():
    saturated = [explorer.quantities(*p)["saturated"][0] for p in POINTS]
    assert sum(any(s) for s in saturated) >= 5
    targets = {float(v) for p in POINTS for v in p[3][0]}
    assert {0.0, 1.0, 0.3} <= targets


@pytest.mark.parametrize("point", POINTS, ids=[f"point{k}" for k in range(len(POINTS))])
def test_quantities_are_mlp_s_and_none_only_where_an_output_saturated(point):
    x, W_h, W_out, y = point
    q = explorer.quantities(x, W_h, W_out, y)
    z_h, a_h, z_out, a_out = forward(x, W_h, W_out)
    delta = output_delta(a_out, y)
    assert_close(q["z_h"], z_h.tolist(), "z_h")
    assert_close(q["a_out"], a_out.tolist(), "a_out")
    assert_close(q["grad"], grad_W_out(a_h, delta).tolist(), "grad")
    assert math.isfinite(q["J"])
    assert_close(q["J"], cross_entropy(z_out, y), "J")
    saturated = [bool(a == 0 or a == 1) for a in a_out[0]]
    assert q["saturated"] == [saturated]
    for j, s in enumerate(saturated):
        if s:  # the uncancelled route has no number; a - y and the gradient do
            assert q["dJ_da"][0][j] is None and q["product"][0][j] is None
            assert q["chain"][0][j] is None and q["chain"][1][j] is None
            assert q["da_dz"][0][j] == 0.0
        else:  # the cancellation at work: ∂J/∂a · a(1 - a) lands on a - y
            assert q["product"][0][j] == pytest.approx(delta[0, j], rel=1e-9, abs=1e-15)
    if not any(saturated):
        assert_close(q["chain"], unit_by_unit_gradient(a_h, a_out, y).tolist(), "chain")
    assert "NaN" not in json.dumps(q) and "Infinity" not in json.dumps(q)


@pytest.mark.parametrize("value, text", [
    (0.0, "0.0000"), (-0.0, "0.0000"), (1.5347182119666507, "1.5347"), (-0.95, "−0.9500"),
    (0.03125, "0.0313"), (-0.03125, "−0.0313"),  # an exact tie rounds away from zero, as toFixed does
    (4.248354255291589e-18, "4.248 × 10−18"), (-7.0616e16, "−7.062 × 1016"),
    (0.000999996, "1.000 × 10−3"), (0.001, "0.0010"), (999999.99999, "1000000.0000"), (1e6, "1.000 × 106"),
    (None, "no float64 value"),
])
def test_shown_rounds_as_the_explorer_states(value, text):
    assert explorer.shown(value) == text


def test_the_rounding_rule_is_in_the_recording():
    assert RECORDED["display"] == explorer.DISPLAY and RECORDED["no_value"] == explorer.NO_VALUE


def test_the_explorer_starts_where_the_pages_output_does():
    """The page: 'At the worked example, they start where the page's own output does.'"""
    started = (SNIPPETS / "explorer.out").read_text(encoding="utf-8").splitlines()
    page_output = (SNIPPETS / "output_layer_2_2_2.out").read_text(encoding="utf-8")
    assert f"J                    = {started[0].split('J = ')[1].split(',')[0]}" in page_output
    assert started[1] == "with the gradient"
    assert "\n".join(started[2:]) in page_output.split("grad_W_out = a_h.T @ delta_out:\n", 1)[1]


def test_an_output_that_rounds_to_exactly_zero_is_saturated_too():
    """z far below -745 gives σ(z) = 0 exactly (the explorer admits inputs up to 1e6)."""
    x, W_h, W_out, y = (np.array([[0.5, -1.5]]), ex.W_h, ex.W_out.copy(), np.array([[1.0, 0.0]]))
    a_h = forward(x, W_h, W_out).A_h
    W_out[:, 0] = -800 / a_h.sum()
    q = explorer.quantities(x, W_h, W_out, y)
    assert q["a_out"][0][0] == 0.0 and q["saturated"] == [[True, False]]
    assert q["dJ_da"][0][0] is None and q["chain"][0][0] is None and q["chain"][1][0] is None
    assert q["a_minus_y"][0][0] == -1.0 and math.isfinite(q["J"])


def assert_hidden_quantities_are_mlp_s(q, x, W_h, W_out, y):
    """δ^(h) and ∂J/∂W^(h) are mlp.py's; the terms and paths add up to them."""
    _, a_h, _, a_out = forward(x, W_h, W_out)
    delta_out = output_delta(a_out, y)
    delta_h = hidden_delta(delta_out, W_out, a_h)
    assert_close(q["delta_h"], delta_h.tolist(), "delta_h")
    assert_close(q["grad_W_h"], grad_W_h(x, delta_h).tolist(), "grad_W_h")
    assert_close(q["da_dz_h"], (a_h * (1 - a_h)).tolist(), "da_dz_h")
    terms, paths = np.array(q["terms"]), np.array(q["paths"])
    np.testing.assert_allclose(terms.sum(axis=1), np.array(q["dJ_da_h"])[0], rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(terms.sum(axis=1) * a_h[0] * (1 - a_h[0]), delta_h[0], rtol=1e-9, atol=1e-15)
    # the two paths of w_li^(h), one through each output, add up to ∂J/∂w_li^(h)
    np.testing.assert_allclose(paths.sum(axis=2), grad_W_h(x, delta_h), rtol=1e-9, atol=1e-15)
    assert q["x"] == np.asarray(x, dtype=float).tolist() and q["W_out"] == np.asarray(W_out, dtype=float).tolist()


def test_recorded_hidden_quantities_are_mlp_s_hidden_delta_and_grad_W_h():
    assert_hidden_quantities_are_mlp_s(RECORDED["quantities"], ex.x, ex.W_h, ex.W_out, ex.y)


@pytest.mark.parametrize("point", POINTS[:10], ids=[f"point{k}" for k in range(10)])
def test_hidden_quantities_are_mlp_s_at_random_points(point):
    assert_hidden_quantities_are_mlp_s(explorer.both_explorers(*point), *point)


def test_the_recorded_hidden_gradient_matches_central_differences():
    grad = np.array(RECORDED["quantities"]["grad_W_h"])
    numeric = numerical_gradient(lambda W: objective(ex.x, W, ex.W_out, ex.y), ex.W_h)
    assert relative_error(grad, numeric) <= 1e-7


def test_every_number_and_verdict_of_the_output_shows_on_a_phone():
    """No value of explorer.out sits past the right edge of a 390 px output block."""
    from support import SNIPPETS
    from recorded import hidden_on_a_phone

    assert hidden_on_a_phone((SNIPPETS / "explorer.out").read_text(encoding="utf-8")) == []


def test_hidden_quantities_keep_each_index_in_its_layer_when_no_two_sizes_agree():
    """The explorer's network is 2-2-2, where rows and columns of W_out could be
    swapped unseen: 3 inputs, 4 hidden units and 2 outputs tell them apart."""
    rng = np.random.default_rng(7)
    x, W_h, W_out = rng.normal(size=(1, 3)), rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
    y = np.array([[1.0, 0.0]])
    assert_hidden_quantities_are_mlp_s(explorer.hidden_quantities(x, W_h, W_out, y), x, W_h, W_out, y)
