"""Draw the site's data plots (matplotlib) into docs/figures/.

    python -m generators.plot_figures      (or: make figures)

The plots are computed by the same snippet functions the pages show, drawn
with text as outlines (no font is fetched), and written deterministically, so
tests/site/test_site.py can check that the committed SVGs match this script.

Sizes: 7 inches wide (672 px), so the site's content column (about 688 px at
1280 px) shows them at 1:1; no text is smaller than 9.5 pt (12.7 px).
Each plot is drawn a second time for a phone, PHONE_WIDTH wide (340 px, shown
at 1:1 in a 390 px phone's column), into docs/figures/phone/: inlined beside
the wide one by sitebuild/steps/inline_figures.py, shown on narrow screens by
docs/stylesheets/figures.css, so its text keeps its size there too.

Colours: matplotlib draws with placeholder colours (INK, MUTED, ...), which
`themed` rewrites into CSS custom properties with a light fallback, e.g.
`fill: var(--fig-ink, #1f2328)`. The background is transparent. Opened on its
own, the SVG shows the fallbacks; inlined into a page by sitebuild/steps/inline_figures.py
it follows docs/stylesheets/figures.css in the light and the dark scheme.
bench_loop_vs_vectorised.py draws its figure with the same helpers.
"""

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from sitebuild.sources import ROOT
from sigma_prime import deltas_against_z

OUT = ROOT / "docs" / "figures"
WIDTH = 7.0  # inches: 504 pt, 672 px
PHONE_WIDTH = 3.54  # inches: 255 pt, 340 px
SMALLEST = 9.5  # pt: 12.7 px at 1:1

# Placeholder colour matplotlib draws with -> (custom property, light fallback).
# docs/stylesheets/figures.css defines each property for both schemes.
PLACEHOLDERS = {
    "#010101": ("ink", "#1f2328"),
    "#020202": ("muted", "#57606a"),
    "#030303": ("grid", "#8c959f"),
    "#040404": ("series-1", "#1c6dd0"),
    "#050505": ("series-2", "#d9480f"),
    "#060606": ("series-3", "#c2255c"),
    "#070707": ("shade", "#d9480f"),
    "#080808": ("note", "#9a3412"),
    "#090909": ("bg", "#ffffff"),
}
INK, MUTED, GRID, SERIES_1, SERIES_2, SERIES_3, SHADE, NOTE, BACKGROUND = PLACEHOLDERS

STYLE = {
    "svg.fonttype": "path", "svg.hashsalt": "backprop-site",
    "font.size": 10.5, "axes.titlesize": 10.5, "axes.labelsize": 10.5, "figure.titlesize": 11,
    "xtick.labelsize": SMALLEST, "ytick.labelsize": SMALLEST, "legend.fontsize": SMALLEST,
    "text.color": INK, "axes.labelcolor": INK, "axes.edgecolor": MUTED,
    "xtick.color": MUTED, "ytick.color": MUTED, "xtick.labelcolor": INK, "ytick.labelcolor": INK,
    "grid.color": GRID, "grid.alpha": 0.35,
    "figure.facecolor": "none", "axes.facecolor": "none", "savefig.facecolor": "none",
    "legend.facecolor": BACKGROUND, "legend.edgecolor": GRID, "legend.framealpha": 0.9,
    "axes.prop_cycle": matplotlib.cycler(color=[SERIES_1, SERIES_2, SERIES_3]),
}


def themed(svg):
    """The SVG with every placeholder colour turned into a custom property, and a class."""
    for placeholder, (name, fallback) in PLACEHOLDERS.items():
        svg = svg.replace(placeholder, f"var(--fig-{name}, {fallback})")
    bare = re.sub(r"var\(--fig-[a-z0-9-]+, #[0-9a-f]{6}\)|<metadata\b.*?</metadata>", "", svg, flags=re.S)
    left = re.findall(r"#[0-9a-fA-F]{6}\b", bare)
    if left:
        raise ValueError(f"colours drawn outside the placeholders: {sorted(set(left))}")
    return svg.replace("<svg ", '<svg class="bp-fig bp-plot" ', 1)


def save(fig, path, description=None):
    """Write the figure as a themed, deterministic SVG."""
    metadata = {"Date": None, **({"Description": description} if description else {})}
    fig.savefig(path, format="svg", transparent=True, metadata=metadata)
    plt.close(fig)
    path = Path(path)
    path.write_text(themed(path.read_text(encoding="utf-8")), encoding="utf-8")


def sigma_prime_deltas(path, phone=False):
    """δ against z for one output with target y = 1, under the two losses.
    On a phone: narrower, the note and the axis label on more lines, the
    legend under the plot."""
    z = np.linspace(-8, 8, 321)
    _, delta_cross_entropy, delta_squared_error = deltas_against_z(z, 1.0)
    fig, ax = plt.subplots(figsize=(PHONE_WIDTH, 4.4) if phone else (WIDTH, 3.6))
    ax.plot(z, delta_cross_entropy, label="cross-entropy: δ = a − y", linewidth=1.8)
    ax.plot(z, delta_squared_error, label="squared error: δ = (a − y) a (1 − a)", linewidth=1.8,
            linestyle="--")
    ax.axhline(0, color=MUTED, linewidth=0.8)
    ax.axvspan(-8, -3, color=SHADE, alpha=0.12, linewidth=0)
    note = "output\nsaturated\nand wrong:\nsquared\nerror's\nδ ≈ 0" if phone else "output saturated\nand wrong:\nsquared error's δ ≈ 0"
    ax.text(-7.7 if phone else -7.8, -0.18 if phone else -0.6, note, fontsize=SMALLEST, color=NOTE, va="top" if phone else "baseline")
    xlabel = "logit z of the output unit\n(target y = 1)" if phone else "logit z of the output unit (target y = 1)"
    ax.set(xlabel=xlabel, ylabel="δ", xlim=(-8, 8))
    ax.grid(True)
    if phone:
        fig.legend(*ax.get_legend_handles_labels(), loc="lower center")
        fig.tight_layout(rect=(0, 0.11, 1, 1))
    else:
        ax.legend(loc="lower right")
        fig.tight_layout()
    save(fig, path)


PLOTS = {"sigma-prime-deltas.svg": sigma_prime_deltas,
         "phone/sigma-prime-deltas.svg": lambda path: sigma_prime_deltas(path, phone=True)}


def draw(name, path):
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with plt.rc_context(STYLE):
        PLOTS[name](path)


def main():
    for name in PLOTS:
        draw(name, OUT / name)
        print(f"wrote docs/figures/{name}")


if __name__ == "__main__":
    main()
