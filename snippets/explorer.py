"""The numbers of the explorers (2-2-2 and hidden-layer pages): where they start, what they show.

    python explorer.py --json    prints them as JSON; explorer.json records it
    python explorer.py           prints where it starts; explorer.out records it

The explorer on the 2-2-2 page, and the one turned to the hidden layer on
the hidden-layer page, start at the 2-2-2 page's worked example. Their start
values, the rounding rule they print numbers with, and (for checking) every
quantity they show come from here, computed with the pages' own code: mlp.py
for the network and the unit-by-unit factors of output_layer_2_2_2.py. Both
pages embed explorer.json; the explorer's JavaScript recomputes everything as
the reader types, and the site's tests/browser/test_browser_explorer.py checks
that it agrees with `quantities` below and prints what `shown` prints.
"""

import json
import sys
from decimal import ROUND_HALF_UP, Decimal, localcontext

import numpy as np

from example_2_2_2 import W_h, W_out, x, y
from formatting import fmt_inline, utf8_stdout
from mlp import cross_entropy, forward, grad_W_h, grad_W_out, hidden_delta, output_delta
from output_layer_2_2_2 import dJ_da, da_dz

# How the explorer prints a number: four decimals, and four significant digits
# in powers of ten for a size below 0.001 (but not 0) or from a million up.
# A typed number must lie in [-limit, limit], so every z stays finite.
DISPLAY = {"decimals": 4, "fixed_from": 0.001, "fixed_below": 1e6, "significant": 4}
LIMIT = 1e6
# What the explorer prints where float64 has no value (an output saturated).
NO_VALUE = "no float64 value"
MINUS = "\u2212"


# --8<-- [start:quantities]
def finite_or_none(compute):
    """compute() as a float, or None where float64 has no finite value.

    An output that rounded to exactly 0 or 1 makes dJ_da divide by zero (the
    site's checked dJ_da refuses it instead); a product with such a factor,
    or one that overflows, is None too.
    """
    with np.errstate(all="ignore"):
        try:
            value = float(compute())
        except ValueError:
            return None
    return value if np.isfinite(value) else None


def quantities(x, W_h, W_out, y):
    """Every quantity the explorer shows, for one example of the 2-2-2 network.

    Rows stay 1 x 2 (one example); chain and grad are 2 x 2 (row i = hidden
    unit, column j = output). Where an output saturated, its dJ_da, product
    and chain entries are None, and `saturated` says which output it was.
    """
    z_h, a_h, z_out, a_out = forward(x, W_h, W_out)
    delta_out = output_delta(a_out, y)
    a, t = a_out[0], np.asarray(y, dtype=float)[0]
    outputs, hidden = range(a_out.shape[1]), range(a_h.shape[1])
    # The uncancelled route, factor by factor (output_layer_2_2_2's functions)
    dJ = [finite_or_none(lambda j=j: dJ_da(a[j], t[j])) for j in outputs]
    slope = [float(da_dz(a[j])) for j in outputs]
    product = [None if dJ[j] is None
               else finite_or_none(lambda j=j: dJ[j] * slope[j])
               for j in outputs]
    # ∂J/∂w_ij = ∂J/∂a_j · ∂a_j/∂z_j · a_i^(h), unit_by_unit_gradient's order
    chain = [[None if dJ[j] is None
              else finite_or_none(lambda i=i, j=j: dJ[j] * slope[j]
                                  * a_h[0, i])
              for j in outputs] for i in hidden]
    return {
        "z_h": z_h.tolist(), "a_h": a_h.tolist(),
        "z_out": z_out.tolist(), "a_out": a_out.tolist(),
        "J": cross_entropy(z_out, y),
        "dJ_da": [dJ], "da_dz": [slope], "product": [product],
        "a_minus_y": delta_out.tolist(), "delta_out": delta_out.tolist(),
        "chain": chain, "grad": grad_W_out(a_h, delta_out).tolist(),
        "saturated": [[bool(a[j] == 0 or a[j] == 1) for j in outputs]],
    }
# --8<-- [end:quantities]


# --8<-- [start:hidden_quantities]
def hidden_quantities(x, W_h, W_out, y):
    """What the hidden-layer page's explorer shows besides quantities(), for
    one example of the 2-2-2 network.

    terms[i][j] = δ_j^(out) w_ij^(out), their sum over j dJ_da_h, da_dz_h =
    a^(h)(1 - a^(h)), delta_h and grad_W_h from mlp.py, and paths[l][i][j],
    the path of w_li^(h) through output j (they add up to grad_W_h[l][i]).
    """
    x, W_out = np.asarray(x, dtype=float), np.asarray(W_out, dtype=float)
    _, a_h, _, a_out = forward(x, W_h, W_out)
    delta_out = output_delta(a_out, y)
    delta_h = hidden_delta(delta_out, W_out, a_h)
    slope = a_h * (1 - a_h)
    terms = [[float(delta_out[0, j] * W_out[i, j]) for j in range(W_out.shape[1])]
             for i in range(W_out.shape[0])]
    # the path of w_li through output j: δ_j w_ij · a_i(1 - a_i) · x_l
    paths = [[[float(terms[i][j] * slope[0, i] * x[0, l]) for j in range(W_out.shape[1])]
              for i in range(W_out.shape[0])] for l in range(x.shape[1])]
    return {
        "terms": terms, "dJ_da_h": (delta_out @ W_out.T).tolist(), "da_dz_h": slope.tolist(),
        "delta_h": delta_h.tolist(), "grad_W_h": grad_W_h(x, delta_h).tolist(), "paths": paths,
        "x": x.tolist(), "W_out": W_out.tolist(),
    }
# --8<-- [end:hidden_quantities]


def both_explorers(x, W_h, W_out, y):
    """quantities() and hidden_quantities() together: the one JSON document
    serves the 2-2-2 page's explorer and the hidden-layer page's."""
    return {**quantities(x, W_h, W_out, y), **hidden_quantities(x, W_h, W_out, y)}


def shown(value):
    """A number as the explorer prints it (rounding half away from zero, as
    JavaScript's toFixed and toExponential do, on the exact binary value)."""
    if value is None:
        return NO_VALUE
    if value == 0:
        return "0." + "0" * DISPLAY["decimals"]
    sign, size = (MINUS if value < 0 else ""), abs(value)
    if DISPLAY["fixed_from"] <= size < DISPLAY["fixed_below"]:
        step = Decimal(1).scaleb(-DISPLAY["decimals"])
        return sign + str(Decimal(size).quantize(step, ROUND_HALF_UP))
    with localcontext() as context:
        context.prec = 1200  # every digit of a float64, so nothing rounds twice
        exact = Decimal(size)
        exponent = exact.adjusted()
        step = Decimal(1).scaleb(1 - DISPLAY["significant"])
        mantissa = exact.scaleb(-exponent).quantize(step, ROUND_HALF_UP)
        if mantissa >= 10:  # 9.9996e-5 rounds up to 1.000e-4
            exponent += 1
            mantissa = exact.scaleb(-exponent).quantize(step, ROUND_HALF_UP)
    return f"{sign}{mantissa} × 10{MINUS if exponent < 0 else ''}{abs(exponent)}"


def shown_all(values):
    """`shown` applied to every number of a quantities() dict (not `saturated`)."""
    def walk(v):
        return [walk(item) for item in v] if isinstance(v, list) else shown(v)
    return {name: walk(v) for name, v in values.items() if name != "saturated"}


def document():
    """The JSON document the page embeds."""
    inputs = {"x": x.tolist(), "W_h": W_h.tolist(), "W_out": W_out.tolist(), "y": y.tolist()}
    values = both_explorers(x, W_h, W_out, y)
    return {"display": DISPLAY, "limit": LIMIT, "no_value": NO_VALUE, "inputs": inputs,
            "quantities": values, "shown": shown_all(values)}


if __name__ == "__main__":
    utf8_stdout()
    if "--json" in sys.argv[1:]:
        # json writes each float as its repr: the shortest text that reads back as the same float64.
        print(json.dumps(document(), indent=1, ensure_ascii=False))
        sys.exit()
    # --8<-- [start:call]
    start = quantities(x, W_h, W_out, y)
    print(f"the explorer starts at J = {start['J']:.4f},")
    print("with the gradient")
    print(fmt_inline(np.array(start["grad"])))
    # --8<-- [end:call]
