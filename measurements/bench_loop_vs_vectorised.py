"""Benchmark: the index-sum loop against the matrix product, for ∂J/∂W^(out).

    make bench     (or: python -m measurements.bench_loop_vs_vectorised)

Times `grad_W_out_loop` (three nested Python loops) and `grad_W_out`
(A_h.T @ delta_out) for the classic MNIST network, 784-100-10, over a range
of batch sizes n. Prints a table and draws docs/figures/loop-vs-vectorised.svg,
whose footer names the machine it ran on. Timings differ between machines:
the figure is committed as a record of one run, and tests only check that this
script runs at a tiny size (--tiny). It is not a test.

The SVG records its own timings (as JSON in its metadata's description), so

    python -m measurements.bench_loop_vs_vectorised --redraw

redraws the committed figure from the recorded run, without timing anything
(after a change of style in generators/plot_figures.py, whose helpers draw it).
Each run also draws the figure for a phone (the two plots stacked, 340 px
wide) into a phone/ folder beside it: docs/figures/phone/loop-vs-vectorised.svg.
"""

import argparse
import json
import re
import timeit
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np

from sitebuild.sources import ROOT
from mlp import grad_W_out
from output_layer_m_d_t import grad_W_out_loop
from sitebuild.local_site import machine
from generators.plot_figures import PHONE_WIDTH, SERIES_3, SMALLEST, STYLE, WIDTH, save

FIGURE = ROOT / "docs" / "figures" / "loop-vs-vectorised.svg"


def best_time(function, *args, budget=0.5):
    """Best of several timed runs, in seconds; repeats fewer times for slow calls."""
    once = timeit.timeit(lambda: function(*args), number=1)
    number = max(1, int(budget / 5 / max(once, 1e-9)))
    runs = timeit.repeat(lambda: function(*args), number=number, repeat=5 if once < budget else 1)
    return min(runs) / number


def measure(sizes, batch_sizes):
    m, d, t = sizes
    rng = np.random.default_rng(0)
    rows = []
    for n in batch_sizes:
        A_h = rng.uniform(size=(n, d))
        delta_out = rng.uniform(-1, 1, size=(n, t))
        loop = best_time(grad_W_out_loop, A_h, delta_out)
        vectorised = best_time(grad_W_out, A_h, delta_out)
        rows.append((n, loop, vectorised))
        print(f"{n:>6}  {loop * 1e3:>12.3f}  {vectorised * 1e3:>14.4f}  {loop / vectorised:>9.0f}")
    return rows


def phone_path(path):
    """Where the phone's drawing of the figure at `path` goes."""
    return Path(path).parent / "phone" / Path(path).name


def draw(rows, sizes, path, measured_on, phone=False):
    """The figure, from rows (n, loop seconds, vectorised seconds); records them in the SVG.
    For a phone the two plots are stacked, and the footer takes three lines."""
    n, loop, vectorised = (np.array(column) for column in zip(*rows))
    record = json.dumps({"sizes": list(sizes), "rows": [list(row) for row in rows], "machine": measured_on})
    with plt.rc_context(STYLE):
        if phone:
            fig, (left, right) = plt.subplots(2, 1, figsize=(PHONE_WIDTH, 7.4))
        else:
            fig, (left, right) = plt.subplots(1, 2, figsize=(WIDTH, 3.9))
        left.loglog(n, loop * 1e3, "o-", label="loop over i, j, k")
        left.loglog(n, vectorised * 1e3, "s--", label="A_h.T @ delta_out")
        left.set(xlabel="examples n", ylabel="time (ms)", title="time for one gradient")
        left.legend()
        right.semilogx(n, loop / vectorised, "o-", color=SERIES_3)
        right.set(xlabel="examples n", ylabel="loop time / vectorised time", title="ratio")
        plain = matplotlib.ticker.FuncFormatter(lambda value, _: f"{value:g}")
        for axis in (left.xaxis, left.yaxis, right.xaxis):  # 0.01, not 10 to the -2:
            axis.set_major_formatter(plain)  # no superscripts below the smallest size
        for axis in (left, right):
            axis.grid(True, which="major")
        m, d, t = sizes
        fig.suptitle(f"∂J/∂W(out) for a {m}-{d}-{t} network")
        machine_line = f"Measured on {measured_on}."
        if phone:  # the machine, then Python and NumPy, on lines of their own
            machine_line = machine_line.replace("; ", ";\n", 1)
        fig.text(0.5, 0.01, f"{machine_line}\nRegenerate: make bench",
                 ha="center", fontsize=SMALLEST, color=STYLE["axes.edgecolor"])
        fig.tight_layout(rect=(0, 0.08 if phone else 0.09, 1, 1))
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        save(fig, path, description=f"recorded timings: {record}")


def recorded(path):
    """(rows, sizes, machine) recorded in a figure this script drew."""
    match = re.search(r"recorded timings: (\{.*?\})</dc:description>", Path(path).read_text(encoding="utf-8"), re.S)
    if not match:
        raise SystemExit(f"{path} records no timings: run `make bench` to measure them")
    record = json.loads(match.group(1).replace("&quot;", '"'))
    return [tuple(row) for row in record["rows"]], tuple(record["sizes"]), record["machine"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tiny", action="store_true", help="a 3-2-2 network, n up to 4 (for the tests)")
    parser.add_argument("--out", type=Path, default=FIGURE, help="where to write the SVG")
    parser.add_argument("--redraw", action="store_true",
                        help="time nothing: redraw the figure from the timings it records")
    args = parser.parse_args(argv)
    if args.redraw:
        rows, sizes, measured_on = recorded(FIGURE)
        draw(rows, sizes, args.out, measured_on)
        draw(rows, sizes, phone_path(args.out), measured_on, phone=True)
        print(f"redrew {args.out} and {phone_path(args.out)} from its recorded timings")
        return
    sizes, batch_sizes = ((3, 2, 2), [1, 2, 4]) if args.tiny else ((784, 100, 10), [1, 3, 10, 30, 100, 300, 1000])
    print(f"network {'-'.join(map(str, sizes))}, {machine()}, NumPy {np.__version__}")
    print(f"{'n':>6}  {'loop (ms)':>12}  {'vectorised (ms)':>14}  {'ratio':>9}")
    rows = measure(sizes, batch_sizes)
    draw(rows, sizes, args.out, f"{machine()}, NumPy {np.__version__}")
    draw(rows, sizes, phone_path(args.out), f"{machine()}, NumPy {np.__version__}", phone=True)
    print(f"wrote {args.out} and {phone_path(args.out)}")


if __name__ == "__main__":
    main()
