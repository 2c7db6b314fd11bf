"""Draw the site's data plots (matplotlib) into docs/figures/.

    python tools/plot_figures.py      (or: make figures)

The plots are computed by the same snippet functions the pages show, drawn
with text as outlines (no font is fetched) on a white card, and written
deterministically, so tests/test_site.py can check that the committed SVGs
match this script.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "snippets"))
from sigma_prime import deltas_against_z  # noqa: E402

OUT = ROOT / "docs" / "figures"
STYLE = {"svg.fonttype": "path", "svg.hashsalt": "backprop-site", "font.size": 10}


def sigma_prime_deltas(path):
    """δ against z for one output with target y = 1, under the two losses."""
    z = np.linspace(-8, 8, 321)
    _, delta_cross_entropy, delta_squared_error = deltas_against_z(z, 1.0)
    fig, ax = plt.subplots(figsize=(7, 3.4), facecolor="white")
    ax.plot(z, delta_cross_entropy, label="cross-entropy: δ = a − y")
    ax.plot(z, delta_squared_error, label="squared error: δ = (a − y) a (1 − a)")
    ax.axhline(0, color="#57606a", linewidth=0.8)
    ax.axvspan(-8, -3, color="#d9480f", alpha=0.08)
    ax.text(-7.8, -0.55, "output saturated\nand wrong:\nsquared error's δ ≈ 0", fontsize=8, color="#9a3412")
    ax.set(xlabel="logit z of the output unit (target y = 1)", ylabel="δ", xlim=(-8, 8))
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, format="svg", facecolor="white", metadata={"Date": None})
    plt.close(fig)


PLOTS = {"sigma-prime-deltas.svg": sigma_prime_deltas}


def draw(name, path):
    with plt.rc_context(STYLE):
        PLOTS[name](path)


def main():
    for name in PLOTS:
        draw(name, OUT / name)
        print(f"wrote docs/figures/{name}")


if __name__ == "__main__":
    main()
