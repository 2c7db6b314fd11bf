"""Benchmark: the index-sum loop against the matrix product, for ∂J/∂W^(out).

    make bench     (or: python tools/bench_loop_vs_vectorised.py)

Times `grad_W_out_loop` (three nested Python loops) and `grad_W_out`
(A_h.T @ delta_out) for the classic MNIST network, 784-100-10, over a range
of batch sizes n. Prints a table and draws docs/figures/loop-vs-vectorised.svg,
whose footer names the machine it ran on. Timings differ between machines:
the figure is committed as a record of one run, and tests only check that this
script runs at a tiny size (--tiny). It is not a test.
"""

import argparse
import sys
import timeit
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "snippets"))
from mlp import grad_W_out  # noqa: E402
from output_layer_m_d_t import grad_W_out_loop  # noqa: E402
from local_site import machine  # noqa: E402

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


def draw(rows, sizes, path):
    n, loop, vectorised = (np.array(column) for column in zip(*rows))
    plt.rcParams["svg.fonttype"] = "path"  # text as outlines: no font is fetched
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8), facecolor="white")
    left.loglog(n, loop * 1e3, "o-", label="loop over i, j, k")
    left.loglog(n, vectorised * 1e3, "s-", label="A_h.T @ delta_out")
    left.set(xlabel="examples n", ylabel="time (ms)", title="time for one gradient")
    left.legend()
    right.semilogx(n, loop / vectorised, "o-", color="tab:red")
    right.set(xlabel="examples n", ylabel="loop time / vectorised time", title="ratio")
    for axis in (left, right):
        axis.grid(True, which="major", alpha=0.3)
    m, d, t = sizes
    fig.suptitle(f"∂J/∂W(out) for a {m}-{d}-{t} network")
    fig.text(0.5, 0.01, f"Measured on {machine()}, NumPy {np.__version__}. Regenerate: make bench",
             ha="center", fontsize=7, color="#57606a")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(path, format="svg", facecolor="white", metadata={"Date": None})
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tiny", action="store_true", help="a 3-2-2 network, n up to 4 (for the tests)")
    parser.add_argument("--out", type=Path, default=FIGURE, help="where to write the SVG")
    args = parser.parse_args(argv)
    sizes, batch_sizes = ((3, 2, 2), [1, 2, 4]) if args.tiny else ((784, 100, 10), [1, 3, 10, 30, 100, 300, 1000])
    print(f"network {'-'.join(map(str, sizes))}, {machine()}, NumPy {np.__version__}")
    print(f"{'n':>6}  {'loop (ms)':>12}  {'vectorised (ms)':>14}  {'ratio':>9}")
    rows = measure(sizes, batch_sizes)
    draw(rows, sizes, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
